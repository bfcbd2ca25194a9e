"""Several posts at once: moved, set to a status, given to someone, deleted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contentplan import permissions
from portal import dates
from portal import permissions as scope
from portal.exceptions import Conflict, Refused
from portal.models import User

from .. import copies, history, selectors, workflow
from ..models import (
    MonthlyPlan,
    PlannedPost,
)
from .common import day_planned, record_if_approved, tell_boards
from .posts import copies_answered, plan_of_month

Post = PlannedPost.Status


# --- Several posts at once ------------------------------------------------------------


class Bulk:
    """What one bulk action does to the selected posts."""

    MOVE = "move"
    STATUS = "status"
    RESPONSIBLE = "responsible"
    DELETE = "delete"
    ACTIONS = (MOVE, STATUS, RESPONSIBLE, DELETE)


# A bulk move shifts posts by at most this many days either way.
BULK_MAX_DAYS = 62
# At most this many posts in one action (a month's plan rarely has more).
BULK_MAX_POSTS = 200


@dataclass(frozen=True)
class _Asked:
    """What the user chose for a bulk action (each action reads its own part)."""

    user: User
    days: int
    status: str
    responsible: User | None
    networks: str


@transaction.atomic
def posts_bulk(
    *,
    user: User,
    versions: dict[int, int],
    action: str,
    days: int = 0,
    status: str = "",
    responsible: User | None = None,
    networks: str = "",
) -> int:
    """Do one thing to several posts: move them by `days`, give them a status
    or a responsible person, or delete them (`networks`: from the networks
    too, or only from the plan, one answer for all; see `post_delete`). All
    of them or none: the posts are locked in a fixed order, and if any was
    changed by someone else since the user saw it (`versions`: key → version
    seen), or any may not take the change, nothing is saved. A move that
    crosses a month's boundary takes each post into its new month's plan
    (`_bulk_move`). One entry in each plan's history (a bulk action normally
    touches one plan). Returns how many posts changed (a post already in the
    chosen status does not)."""
    if action not in _BULK_ACTIONS:
        raise Refused(_("Choose what to do with the selected posts."))
    if not versions:
        raise Refused(_("Select at least one post."))
    if len(versions) > BULK_MAX_POSTS:
        raise Refused(_("At most %(n)s posts can be changed at once.") % {"n": BULK_MAX_POSTS})
    posts = _locked_posts(user=user, versions=versions)
    check, do = _BULK_ACTIONS[action]
    asked = _Asked(user=user, days=days, status=status, responsible=responsible, networks=networks)
    posts = check(posts, asked)
    if not posts:
        return 0
    stamp = {"version": F("version") + 1, "updated_by": user, "updated_at": timezone.now()}
    do(posts, asked, stamp)
    return len(posts)


def _locked_posts(*, user: User, versions: dict[int, int]) -> list[PlannedPost]:
    """The selected posts, locked in a fixed order; refused unless every one
    is still there, the user's to change, and at the version the user saw."""
    # Only posts the user may see: another region's answers as a post deleted
    # meanwhile, so that nobody learns it exists.
    posts = list(
        permissions.posts_for(user)
        .select_for_update(of=("self",))
        .filter(pk__in=versions)
        .select_related("plan")
        .order_by("pk")
    )
    if len(posts) != len(versions):
        raise Refused(_("One of the selected posts was deleted meanwhile; nothing changed."))
    for post in posts:
        if not permissions.may_edit_post(user, post):
            raise Refused(_("Only the region's press secretary changes its plan."))
    for post in posts:
        if post.version != versions[post.pk]:
            raise Conflict(selectors.post_with_relations(post.pk), form_kept=False)
    return posts


# Each bulk action is a check and a deed. The check refuses what may not be
# done (nothing is written yet) and answers the posts that change; the deed
# changes them, writes each plan's history and tells the floors above.


def _check_move(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    if not asked.days or abs(asked.days) > BULK_MAX_DAYS:
        raise Refused(
            _("Move by a number of days from 1 to %(n)s, forwards or back.") % {"n": BULK_MAX_DAYS}
        )
    for post in posts:
        day_planned(post.date + datetime.timedelta(days=asked.days))
    return posts


def _do_move(posts: list[PlannedPost], asked: _Asked, stamp: dict) -> None:
    _bulk_move(posts=posts, days=asked.days, user=asked.user, stamp=stamp)


def _check_status(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    status = asked.status
    if status not in PlannedPost.Status.values:
        raise Refused(_("Choose a status."))
    if status == Post.PUBLISHED:
        raise Refused(_("Publish posts one by one: each needs its own address."))
    for post in posts:
        if post.status != status and not workflow.may_move_post(asked.user, post, status):
            raise Refused(
                _("«%(title)s» cannot go from «%(old)s» to «%(new)s»; nothing changed.")
                % {
                    "title": post.title,
                    "old": post.get_status_display(),
                    "new": PlannedPost.Status(status).label,
                }
            )
    # A post already in the chosen status is left as it is: not saved, not
    # counted, not named in the history.
    return [post for post in posts if post.status != status]


def _do_status(posts: list[PlannedPost], asked: _Asked, stamp: dict) -> None:
    PlannedPost.objects.filter(pk__in=[post.pk for post in posts]).update(
        status=asked.status, **stamp
    )
    plans = _bulk_recorded(posts, user=asked.user, event=history.BULK_STATUS, status=asked.status)
    # update() bypasses the model signals: tell the floors above once a plan.
    tell_boards(*plans)


def _check_responsible(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    who = asked.responsible
    for post in posts:
        if who is not None and scope.region_id_of(who) != post.plan.region_id:
            raise Refused(_("The responsible person must work in this region."))
    return posts


def _do_responsible(posts: list[PlannedPost], asked: _Asked, stamp: dict) -> None:
    who = asked.responsible
    PlannedPost.objects.filter(pk__in=[post.pk for post in posts]).update(responsible=who, **stamp)
    plans = _bulk_recorded(
        posts,
        user=asked.user,
        event=history.BULK_RESPONSIBLE,
        who=str(who) if who is not None else "",
    )
    # update() bypasses the model signals: tell the floors above once a plan.
    tell_boards(*plans)


def _check_delete(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    return posts


def _do_delete(posts: list[PlannedPost], asked: _Asked, stamp: dict) -> None:
    # Asked before anything is written: a post on the networks waits for the answer.
    from_networks = copies_answered(posts, asked.networks)
    ids = [post.pk for post in posts]
    _bulk_recorded(posts, user=asked.user, event=history.BULK_DELETED)
    copies.before_delete(post_ids=ids, user=asked.user, from_networks=from_networks)
    PlannedPost.objects.filter(pk__in=ids).delete()  # sends post_delete per post


_BULK_ACTIONS = {
    Bulk.MOVE: (_check_move, _do_move),
    Bulk.STATUS: (_check_status, _do_status),
    Bulk.RESPONSIBLE: (_check_responsible, _do_responsible),
    Bulk.DELETE: (_check_delete, _do_delete),
}


def _bulk_recorded(
    posts: list[PlannedPost], *, user: User, event: str, **facts
) -> list[MonthlyPlan]:
    """One entry in each plan's history naming its posts; the plans touched."""
    by_plan: dict[int, list[PlannedPost]] = {}
    for post in posts:
        by_plan.setdefault(post.plan_id, []).append(post)
    for plan_posts in by_plan.values():
        params = {"n": len(plan_posts), "titles": [post.title for post in plan_posts], **facts}
        record_if_approved(plan=plan_posts[0].plan, user=user, event=event, params=params)
    return [plan_posts[0].plan for plan_posts in by_plan.values()]


def _bulk_move(*, posts: list[PlannedPost], days: int, user: User, stamp: dict) -> None:
    """Move the posts by `days`, each into the region's plan of its new month
    (started as a draft when there is none). One entry in each plan's history:
    its posts moved, those that went to another month's plan, and those that
    came from one."""
    delta = datetime.timedelta(days=days)
    plans = {(post.plan.region_id, post.plan.month): post.plan for post in posts}
    target_of: dict[int, MonthlyPlan] = {}
    for post in posts:
        key = (post.plan.region_id, dates.first_day(post.date + delta))
        if key not in plans:
            plans[key] = plan_of_month(region_id=key[0], month=key[1], user=user)
        target_of[post.pk] = plans[key]
    by_target: dict[int, list[int]] = {}
    for post in posts:
        by_target.setdefault(target_of[post.pk].pk, []).append(post.pk)
    for plan_id, ids in by_target.items():
        PlannedPost.objects.filter(pk__in=ids).update(
            plan_id=plan_id, date=F("date") + delta, **stamp
        )
    touched = sorted(
        {plan.pk: plan for plan in plans.values()}.values(), key=lambda plan: plan.month
    )
    for plan in touched:
        own = [post for post in posts if post.plan_id == plan.pk]
        came = [
            post for post in posts if post.plan_id != plan.pk and target_of[post.pk].pk == plan.pk
        ]
        left = [post for post in own if target_of[post.pk].pk != plan.pk]
        if not own and not came:
            continue
        facts: dict = {"n": len(own), "days": days, "titles": [post.title for post in own]}
        if left:
            facts["to"] = _by_month(left, lambda post: target_of[post.pk].month)
        if came:
            facts["from"] = _by_month(came, lambda post: post.plan.month)
        record_if_approved(plan=plan, user=user, event=history.BULK_MOVED, params=facts)
    # update() bypasses the model signals: tell the floors above once a plan.
    tell_boards(*touched)


def _by_month(posts: list[PlannedPost], month_of) -> list[dict]:
    """The posts' titles under the months of the other plans (ISO dates)."""
    months: dict[datetime.date, list[str]] = {}
    for post in posts:
        months.setdefault(month_of(post), []).append(post.title)
    return [
        {"month": history.day(month), "titles": titles} for month, titles in sorted(months.items())
    ]
