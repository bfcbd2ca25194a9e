"""A post moved to another day or hour: dragged in a calendar view (JSON or
htmx) or sent by the date form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import dates
from portal.exceptions import Conflict, Refused

from .. import selectors, services
from ..forms import (
    MoveForm,
)
from ..models import PlannedPost
from .common import is_htmx, safe_next
from .panels import after_change, editable_post, post_panel


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def post_move(request, pk: int):
    """Move to another day (and hour): dragged in a calendar view (JSON), or by
    a form — the panel's, or «Move to…» in the day view, which comes back to
    the page it was sent from (`next`)."""
    post = editable_post(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        post, error, notice = _move(request, post, form)
    else:
        error, notice = _form_error(form), ""
    if _wants_json(request):
        return _json_answer(post, error, notice)
    return _page_answer(request, post, error, notice)


def _form_error(form: MoveForm) -> str:
    if "date" in form.errors:
        return _("Choose a day for the post; nothing changed.")
    if "time" in form.errors:
        return _(
            "Give the time as hours and minutes, for example 15:00, "
            "or leave it empty for the whole day."
        )
    return _("The form was incomplete; nothing changed.")


def _move(request, post: PlannedPost, form: MoveForm) -> tuple[PlannedPost, str, str]:
    """The move asked for: the post as it is now, an error, a notice."""
    plan_before = post.plan_id
    # The week view sends a time (empty for the whole day); other moves keep
    # the post's time.
    when = form.cleaned_data["time"] if "time" in request.POST else services.KEEP_TIME
    try:
        post = services.post_move(
            post=post,
            user=request.user,
            version=form.cleaned_data["version"],
            date=form.cleaned_data["date"],
            time=when,
        )
    except Refused as refusal:
        return post, refusal.message, ""
    except Conflict as conflict:
        return post, _move_conflict_message(conflict.current), ""
    if post.plan_id != plan_before and services.waits_for_plan(post):
        return post, "", _waits_message(post)
    return post, "", ""


def _json_answer(post: PlannedPost, error: str, notice: str) -> JsonResponse:
    if error:
        return JsonResponse({"error": error}, status=409)
    answer = {
        "id": post.pk,
        "date": post.date.isoformat(),
        "time": f"{post.time:%H:%M}" if post.time else "",
        "version": post.version,
    }
    if notice:
        answer["message"] = notice
    return JsonResponse(answer)


def _page_answer(request, post: PlannedPost, error: str, notice: str):
    back = "" if is_htmx(request) else safe_next(request, "")
    if error:
        if is_htmx(request):
            return post_panel(request, selectors.post_with_relations(post.pk), error=error)
        messages.error(request, error)
        return HttpResponseRedirect(back) if back else redirect(post)
    if notice:
        if is_htmx(request):
            moved = selectors.post_with_relations(post.pk)
            return post_panel(request, moved, notice=notice, changed=True)
        messages.warning(request, notice)
    if back:
        messages.success(request, _moved_message(post))
        return HttpResponseRedirect(back)
    return after_change(request, post, _("The post is moved."))


def _waits_message(post: PlannedPost) -> str:
    """An approved post moved into a plan not approved yet: publishing needs
    an approved plan, so the post waits for it."""
    return _(
        "«%(title)s» is approved, but the plan for %(month)s is not yet: the post will "
        "go out once that plan is approved."
    ) % {"title": post.title, "month": dates.month_words(post.plan.month)}


def _post_when(post: PlannedPost) -> str:
    when = date_format(post.date, "j E")
    return f"{when}, {post.time:%H:%M}" if post.time else when


def _moved_message(post: PlannedPost) -> str:
    return _("«%(title)s» is moved to %(when)s.") % {"title": post.title, "when": _post_when(post)}


def _move_conflict_message(current: PlannedPost) -> str:
    """A move made on a page older than the post: who changed it, and where it
    stands now, so the person sees why nothing moved."""
    return _(
        "%(who)s changed «%(title)s» at %(at)s, after you opened the page; it is now "
        "on %(when)s. Nothing was moved: look where it stands and move it again if needed."
    ) % {
        "who": current.updated_by or _("someone"),
        "title": current.title,
        "at": date_format(timezone.localtime(current.updated_at), "j E, H:i"),
        "when": _post_when(current),
    }
