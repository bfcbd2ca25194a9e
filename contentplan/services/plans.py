"""A month's plan: started, filled with last month's recurring posts, and
moved through its workflow (submitted, approved, returned, reopened).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contentplan import permissions
from portal import dates
from portal.exceptions import Refused
from portal.models import Region, User
from portal.selectors import press_of
from portal.services import in_portal_language, notify

from .. import history, selectors, workflow
from ..models import (
    MonthlyPlan,
    PlannedPost,
)
from .common import locked_plan, record, record_if_approved

Plan = MonthlyPlan.Status


# --- Plans ---------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, region: Region, month: datetime.date, user: User, copy_recurring: bool = False
) -> MonthlyPlan:
    """Start the region's plan for a month (or return the one that exists)."""
    if not permissions.may_edit_region_plans(user, region):
        raise Refused(_("Only the region's press secretary starts its plans."))
    plan, created = MonthlyPlan.objects.get_or_create(
        region=region,
        month=dates.first_day(month),
        defaults={"created_by": user, "updated_by": user},
    )
    if created and copy_recurring:
        plan_copy_recurring(plan=plan, user=user)
    return plan


def _nth_weekday(month: datetime.date, weekday: int, nth: int) -> datetime.date | None:
    """The nth (0-based) given weekday of the month, or None if it has fewer."""
    first = month + datetime.timedelta(days=(weekday - month.weekday()) % 7)
    day = first + datetime.timedelta(weeks=nth)
    return day if day.month == month.month else None


def _recurring_dates(post: PlannedPost, month: datetime.date) -> list[datetime.date]:
    weekday = post.date.weekday()
    if post.recurrence == PlannedPost.Recurrence.WEEKLY:
        days = [_nth_weekday(month, weekday, n) for n in range(5)]
    else:
        days = [_nth_weekday(month, weekday, (post.date.day - 1) // 7)]
    return [day for day in days if day is not None]


def _series(source: MonthlyPlan) -> list[PlannedPost]:
    """One series per rubric, title, weekday and time: its latest post is the model."""
    recurring = (
        source.posts.exclude(recurrence=PlannedPost.Recurrence.NONE)
        .prefetch_related("channels")
        .order_by("-date", "-pk")
    )
    series: dict[tuple, PlannedPost] = {}
    for post in recurring:
        series.setdefault((post.rubric_id, post.title, post.date.weekday(), post.time), post)
    return list(series.values())


def _copy_post(model: PlannedPost, *, plan: MonthlyPlan, day: datetime.date, user: User) -> None:
    copy = PlannedPost.objects.create(
        plan=plan,
        date=day,
        time=model.time,
        rubric_id=model.rubric_id,
        title=model.title,
        brief=model.brief,
        responsible_id=model.responsible_id,
        branch_id=model.branch_id,
        language=model.language,
        origin=model.origin,
        recurrence=model.recurrence,
        created_by=user,
        updated_by=user,
    )
    copy.channels.set(model.channels.all())


@transaction.atomic
def plan_copy_recurring(*, plan: MonthlyPlan, user: User) -> int:
    """Copy the previous month's recurring posts onto the same weekdays of this one.

    A weekly post (a live stream every Thursday) lands on every such weekday;
    a monthly one on the same weekday of the same week (the second Tuesday).
    Posts already there (same rubric, title and day) are not copied twice.
    """
    if not permissions.may_edit_plan(user, plan):
        raise Refused(_("Only the region's press secretary changes its plan."))
    plan = locked_plan(plan, None)
    source = MonthlyPlan.objects.filter(
        region=plan.region_id, month=dates.previous_month(plan.month)
    ).first()
    if source is None:
        return 0
    existing = set(plan.posts.values_list("rubric_id", "title", "date"))
    created = 0
    for model in _series(source):
        for day in _recurring_dates(model, plan.month):
            if (model.rubric_id, model.title, day) in existing:
                continue
            _copy_post(model, plan=plan, day=day, user=user)
            existing.add((model.rubric_id, model.title, day))
            created += 1
    if created:
        record_if_approved(
            plan=plan,
            user=user,
            event=history.COPIED_RECURRING,
            params={"n": created, "month": history.day(source.month)},
        )
    return created


def _plan_begin(*, plan: MonthlyPlan, user: User, to: str, version: int) -> MonthlyPlan:
    """Lock the plan; refuse the step unless the plan is still at the version the
    user saw and the table allows this user to take it now."""
    current = locked_plan(plan, version)
    if not workflow.may_move_plan(user, current, to):
        raise Refused(_("You may not take this step with this plan now."))
    return current


def _plan_finish(
    *, plan: MonthlyPlan, user: User, to: str, event: str, params: dict, **fields
) -> MonthlyPlan:
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.status = to
    plan.version = F("version") + 1
    plan.updated_by = user
    plan.save()
    plan.refresh_from_db()
    record(plan=plan, user=user, event=event, params=params)
    return plan


def _plan_link(plan: MonthlyPlan) -> str:
    return reverse("contentplan:plan_detail", args=[plan.pk])


def _leaders(region_id: int) -> Iterable[User]:
    return press_of(region_id).filter(is_leader=True)


@transaction.atomic
def plan_submit(*, plan: MonthlyPlan, user: User, version: int, reason: str = "") -> MonthlyPlan:
    """Send a draft for approval. While a rubric minimum is unmet, only with a reason."""
    current = _plan_begin(plan=plan, user=user, to=Plan.ON_APPROVAL, version=version)
    reason = reason.strip()
    balance = selectors.plan_balance(
        plan=current, rubrics=selectors.rubrics(), branches=[], with_reach=False
    )
    if balance.unmet and not reason:
        missing = ", ".join(
            f"{line.rubric.display_name} ({line.missing})" for line in balance.unmet
        )
        raise Refused(
            _(
                "Rubric minimums are not met: %(missing)s. Add posts, or write why "
                "the plan goes for approval as it is."
            )
            % {"missing": missing}
        )
    current = _plan_finish(
        plan=current,
        user=user,
        to=Plan.ON_APPROVAL,
        event=history.SUBMITTED,
        params={"reason": reason} if balance.unmet else {},
        shortfall_reason=reason if balance.unmet else "",
        submitted_by=user,
        submitted_at=timezone.now(),
        return_comment="",
    )
    with in_portal_language():
        notify(
            users=[leader for leader in _leaders(current.region_id) if leader.pk != user.pk],
            key=f"plan-submitted:{current.pk}:{current.version}",
            title=_("The content plan for %(month)s waits for your approval")
            % {"month": dates.month_words(current.month)},
            body=_("%(who)s sent it for approval.") % {"who": user},
            url=_plan_link(current),
        )
    return current


@transaction.atomic
def plan_approve(*, plan: MonthlyPlan, user: User, version: int) -> MonthlyPlan:
    """A regional leader, not the plan's author, approves it."""
    current = _plan_begin(plan=plan, user=user, to=Plan.APPROVED, version=version)
    current = _plan_finish(
        plan=current,
        user=user,
        to=Plan.APPROVED,
        event=history.APPROVED,
        params={},
        approved_by=user,
        approved_at=timezone.now(),
    )
    with in_portal_language():
        notify(
            users=[current.submitted_by] if current.submitted_by else [],
            key=f"plan-approved:{current.pk}:{current.version}",
            title=_("The content plan for %(month)s is approved")
            % {"month": dates.month_words(current.month)},
            body=_("Approved by %(who)s.") % {"who": user},
            url=_plan_link(current),
        )
    return current


def _back_to_draft(
    *, plan: MonthlyPlan, user: User, version: int, comment: str, event: str
) -> MonthlyPlan:
    current = _plan_begin(plan=plan, user=user, to=Plan.DRAFT, version=version)
    comment = comment.strip()
    if not comment:
        raise Refused(_("Write a comment: say what should change."))
    author = current.submitted_by
    current = _plan_finish(
        plan=current,
        user=user,
        to=Plan.DRAFT,
        event=event,
        params={"comment": comment},
        return_comment=comment,
        approved_by=None,
        approved_at=None,
    )
    if author is not None and author.pk != user.pk:
        with in_portal_language():
            notify(
                users=[author],
                key=f"plan-returned:{current.pk}:{current.version}",
                title=_("The content plan for %(month)s is back in draft")
                % {"month": dates.month_words(current.month)},
                body=comment,
                url=_plan_link(current),
            )
    return current


@transaction.atomic
def plan_return(*, plan: MonthlyPlan, user: User, version: int, comment: str) -> MonthlyPlan:
    """From approval back to draft, with a comment (the leader's remarks or a withdrawal)."""
    return _back_to_draft(
        plan=plan, user=user, version=version, comment=comment, event=history.RETURNED
    )


@transaction.atomic
def plan_reopen(*, plan: MonthlyPlan, user: User, version: int, comment: str) -> MonthlyPlan:
    """An approved plan back to draft, by a leader, with a comment."""
    return _back_to_draft(
        plan=plan, user=user, version=version, comment=comment, event=history.REOPENED
    )
