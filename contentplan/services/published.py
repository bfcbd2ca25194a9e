"""What the portal's publishing tells the plan: a post went out, or goes
out again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.models import User

from .. import history, signals
from ..models import (
    PlannedPost,
)
from .common import record_if_approved

Post = PlannedPost.Status


def _post_status_by_portal(
    post_id: int, *, allowed: list[str], user: User | None, event: str, facts, **fields
) -> bool:
    """Set a post's status for the portal's publishing (conditional: from one of
    `allowed` only, so a second call changes nothing); the floors above and the
    plan's history learn of it. True when it changed the post."""
    post = PlannedPost.objects.select_related("plan").filter(pk=post_id).first()
    if post is None:
        return False
    changed = (
        PlannedPost.objects.filter(pk=post_id, status__in=allowed).update(
            version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **fields
        )
        == 1
    )
    if changed:
        signals.posts_updated.send(
            sender=PlannedPost, region_id=post.plan.region_id, month=post.plan.month
        )
        record_if_approved(plan=post.plan, user=user, post=post, event=event, params=facts(post))
    return changed


def post_published_by_network(*, post_id: int, url: str) -> bool:
    """The portal published the post on every connected network: it becomes
    published with the address the network gave. Conditional (an approved post,
    or one the morning marked missed while its publication was still in doubt),
    so a second call changes nothing; True when it changed the post."""
    if not url:
        return False
    with transaction.atomic():
        return _post_status_by_portal(
            post_id,
            allowed=[Post.APPROVED, Post.MISSED],
            user=None,
            event=history.POST_PUBLISHED,
            facts=lambda post: {"title": post.title, "url": url},
            status=Post.PUBLISHED,
            published_url=url[:500],
        )


def post_resumed_for_network(*, post_id: int, user: User) -> bool:
    """«Повторить» of a publication whose post the morning marked missed: the
    post is approved again, so that it goes out now. Conditional (a missed post
    only); True when it changed the post. Inside the caller's transaction."""
    return _post_status_by_portal(
        post_id,
        allowed=[Post.MISSED],
        user=user,
        event=history.POST_STATUS,
        facts=lambda post: {"title": post.title, "old": Post.MISSED, "new": Post.APPROVED},
        status=Post.APPROVED,
    )
