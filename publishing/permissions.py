"""Who may do what with publications: whoever reads a post sees how it went out;
whoever edits it (the region's press secretary) writes its text, repeats a
failed publication and confirms an unknown one."""

from __future__ import annotations

from contentplan import permissions as plan_permissions


def publications_for(user):
    from .models import Publication

    return Publication.objects.filter(post__in=plan_permissions.posts_for(user))


def may_publish(user, post) -> bool:
    return plan_permissions.may_edit_post(user, post)
