"""One post: created, shown, edited, moved on in its workflow, deleted,
commented on.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contentplan import permissions
from portal.exceptions import Conflict, Refused

from .. import copies, hints, selectors, services
from ..forms import (
    CommentForm,
    DeleteForm,
    PostForm,
    StatusForm,
)
from .common import calendar_url, is_htmx
from .panels import after_change, editable_post, post_form, post_panel, render_panel


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request, pk: int):
    plan = selectors.plan_for(user=request.user, pk=pk)
    if not permissions.may_edit_plan(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        form = post_form(plan, request.POST)
        if form.is_valid():
            try:
                post = services.post_create(plan=plan, user=request.user, data=form.post_data())
            except Refused as error:
                form.add_error(None, error.message)
            else:
                if is_htmx(request):
                    return after_change(request, post, "")
                messages.success(request, _("The post is added."))
                return redirect(calendar_url(plan, request.user))
    else:
        day = request.GET.get("date", "")
        try:
            initial_date = datetime.date.fromisoformat(day)
        except ValueError:
            initial_date = plan.month
        form = post_form(plan, initial={"version": 0, "date": initial_date, "origin": "own"})
    return render_panel(
        request,
        "contentplan/includes/post_form.html",
        {
            "form": form,
            "plan": plan,
            "action": reverse("contentplan:post_create", args=[plan.pk]),
            "hour_hints": hints.rubric_hours(region_id=plan.region_id),
            "calendar_url": calendar_url(plan, request.user),
        },
    )


@login_required
@require_GET
def post_detail(request, pk: int):
    return post_panel(request, selectors.post_for(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = editable_post(request, pk)
    conflict = current = None
    status = 200
    if request.method == "POST":
        form = post_form(post.plan, request.POST)
        if form.is_valid():
            try:
                post = services.post_update(
                    post=post,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    data=form.post_data(),
                )
            except Refused as error:
                form.add_error(None, error.message)
            except Conflict as error:
                # Keep everything the user typed; show what the other person saved;
                # the next save is made knowing their version.
                conflict, current = error.message, error.current
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = post_form(post.plan, data)
                form.is_valid()
                status = 200 if is_htmx(request) else 409
            else:
                return after_change(request, post, _("The post is saved."))
    else:
        form = post_form(post.plan, initial=PostForm.initial_for(post))
    return render_panel(
        request,
        "contentplan/includes/post_form.html",
        {
            "form": form,
            "post": post,
            "plan": post.plan,
            "conflict": conflict,
            "current": current,
            "action": reverse("contentplan:post_edit", args=[post.pk]),
            "hour_hints": hints.rubric_hours(region_id=post.plan.region_id),
            "calendar_url": calendar_url(post.plan, request.user),
        },
        status=status,
    )


@login_required
@require_POST
def post_status(request, pk: int):
    post = editable_post(request, pk)
    form = StatusForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(text) for texts in form.errors.values() for text in texts)
    else:
        try:
            post = services.post_set_status(
                post=post,
                user=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                published_url=form.cleaned_data["published_url"],
            )
        except (Refused, Conflict) as problem:
            error = problem.message
    if error:
        if is_htmx(request):
            return post_panel(request, selectors.post_with_relations(post.pk), error=error)
        messages.error(request, error)
        return redirect(post)
    return after_change(request, post, _("The status is changed."))


@login_required
@require_POST
def post_delete(request, pk: int):
    post = editable_post(request, pk)
    form = DeleteForm(request.POST)
    plan = post.plan
    by_hand = []
    try:
        if not form.is_valid():
            raise Refused(_("The form was incomplete; nothing changed."))
        if form.cleaned_data["networks"]:
            # Copies the portal cannot delete: named again once the post is gone.
            found = copies.find([post.pk]).get(post.pk, [])
            by_hand = [copy.url for copy in found if not copy.deletable and copy.url]
        services.post_delete(
            post=post,
            user=request.user,
            version=form.cleaned_data["version"],
            networks=form.cleaned_data["networks"],
        )
    except copies.ChoiceNeeded as question:
        # The post is on the networks: ask, in the panel, whether it goes from them too.
        current = selectors.post_with_relations(post.pk)
        return post_panel(request, current, network_copies=question.copies)
    except (Refused, Conflict) as problem:
        if is_htmx(request):
            current = selectors.post_with_relations(post.pk)
            return post_panel(request, current, error=problem.message)
        messages.error(request, problem.message)
        return redirect(post)
    if is_htmx(request):
        response = render(
            request, "contentplan/includes/post_deleted.html", {"plan": plan, "by_hand": by_hand}
        )
        response["HX-Trigger"] = "planChanged"
        return response
    messages.success(request, _("The post is deleted."))
    for address in by_hand:
        messages.warning(
            request, _("Delete it by hand on the network too: %(url)s") % {"url": address}
        )
    return redirect(calendar_url(plan, request.user))


@login_required
@require_POST
def post_comment(request, pk: int):
    post = selectors.post_for(user=request.user, pk=pk)
    if not permissions.may_comment_post(request.user, post):
        raise PermissionDenied
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.post_comment_add(post=post, user=request.user, text=form.cleaned_data["text"])
        except Refused as problem:
            error = problem.message
    else:
        error = _("The comment is empty.")
    if is_htmx(request):
        return post_panel(request, post, error=error)
    if error:
        messages.error(request, error)
    return redirect(post)
