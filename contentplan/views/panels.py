"""A post's panel: in the calendar (htmx) a fragment for the modal, otherwise
a page of its own, with the sections the apps above add.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from contentplan import permissions

from .. import panel, selectors, workflow
from ..forms import (
    CommentForm,
    MoveForm,
    PostForm,
)
from ..models import MonthlyPlan, PlannedPost
from .common import calendar_url, is_htmx

# --- Posts ----------------------------------------------------------------------------


def render_panel(request, template: str, context: dict, *, status: int = 200, changed=False):
    """In the calendar (htmx) a fragment for the modal; otherwise a page of its own."""
    if is_htmx(request):
        response = render(request, template, context, status=status)
    else:
        page = {**context, "panel_template": template}
        response = render(request, "contentplan/post_page.html", page, status=status)
    if changed:
        # Tells the calendar to redraw its grid and balance.
        response["HX-Trigger"] = "planChanged"
    return response


def post_form(plan: MonthlyPlan, *args, **kwargs) -> PostForm:
    return PostForm(
        *args,
        plan=plan,
        rubrics=selectors.active_rubrics(),
        responsible=selectors.responsible_candidates(region=plan.region),
        branches=plan.region.branches.order_by("name"),
        **kwargs,
    )


def post_panel(
    request,
    post: PlannedPost,
    *,
    error: str = "",
    notice: str = "",
    changed=False,
    status=200,
    network_copies=(),
):
    user = request.user
    targets = workflow.post_targets(user, post)
    labels = dict(PlannedPost.Status.choices)
    context = {
        "post": post,
        "plan": post.plan,
        "may_edit": permissions.may_edit_post(user, post),
        "may_comment": permissions.may_comment_post(user, post),
        "targets": [(status_, labels[status_]) for status_ in targets],
        "comments": selectors.comments_of(post=post),
        "comment_form": CommentForm(),
        "move_form": MoveForm(initial={"date": post.date, "version": post.version}),
        "move_first": selectors.FIRST_DAY,
        "move_last": selectors.LAST_DAY,
        "error": error,
        "notice": notice,
        "calendar_url": calendar_url(post.plan, user),
        "panel_sections": panel.sections(),
        # Asked before deleting a post that is on the networks.
        "network_copies": network_copies,
        "copies_deletable": any(copy.deletable for copy in network_copies),
    }
    return render_panel(
        request, "contentplan/includes/post_panel.html", context, changed=changed, status=status
    )


def after_change(request, post: PlannedPost, message: str):
    if is_htmx(request):
        return post_panel(request, selectors.post_with_relations(post.pk), changed=True)
    messages.success(request, message)
    return redirect(post)


def editable_post(request, pk: int) -> PlannedPost:
    post = selectors.post_for(user=request.user, pk=pk)
    if not permissions.may_edit_post(request.user, post):
        raise PermissionDenied
    return post
