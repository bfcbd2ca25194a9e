"""What every change to a plan or a post starts and ends with: the locks of
optimistic locking, the plan's history, the boards told of a move.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from portal.exceptions import Conflict, Refused
from portal.models import User

from .. import selectors, signals
from ..models import (
    MonthlyPlan,
    PlanChange,
    PlannedPost,
)

Plan = MonthlyPlan.Status


def locked_plan(plan: MonthlyPlan, version: int | None) -> MonthlyPlan:
    current = MonthlyPlan.objects.select_for_update().get(pk=plan.pk)
    if version is not None and current.version != version:
        raise Conflict(MonthlyPlan.objects.select_related("updated_by").get(pk=plan.pk))
    return current


def locked_post(post: PlannedPost, version: int | None) -> PlannedPost:
    try:
        current = PlannedPost.objects.select_for_update().get(pk=post.pk)
    except PlannedPost.DoesNotExist:
        raise Refused(_("This post was deleted meanwhile.")) from None
    if version is not None and current.version != version:
        raise Conflict(selectors.post_with_relations(post.pk))
    return current


def record(
    *,
    plan: MonthlyPlan,
    user: User | None,
    event: str = "",
    params: dict | None = None,
    summary: str = "",
    post=None,
) -> None:
    """Write down an entry of the plan's history: an event of `history` with its
    facts, worded when it is read in the reader's language (or, for an entry
    no event describes yet, a `summary` in the portal's language)."""
    PlanChange.objects.create(
        plan=plan, user=user, post=post, event=event, params=params or {}, summary=summary
    )


def record_if_approved(
    *,
    plan: MonthlyPlan,
    user,
    event: str = "",
    params: dict | None = None,
    summary: str = "",
    post=None,
) -> None:
    """An approved plan still takes changes; each one is written down."""
    if plan.status == Plan.APPROVED:
        record(plan=plan, user=user, post=post, event=event, params=params, summary=summary)


def day_planned(day: datetime.date) -> None:
    """Refuse a day outside the years the calendar shows (2000–2100)."""
    if not selectors.FIRST_YEAR <= day.year <= selectors.LAST_YEAR:
        raise Refused(
            _("Posts are planned in the years %(first)s–%(last)s; nothing changed.")
            % {"first": selectors.FIRST_YEAR, "last": selectors.LAST_YEAR}
        )


def tell_boards(*plans: MonthlyPlan) -> None:
    """A post that changes plans: both months' boards and figures are told."""
    for plan in plans:
        signals.posts_updated.send(sender=PlannedPost, region_id=plan.region_id, month=plan.month)
