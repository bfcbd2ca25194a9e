"""Every change to content plans and their posts: one function per kind of write.

Each function runs in a transaction, checks who may make the change (through
`portal.permissions` and the tables in `workflow`), and refuses a save that
was prepared from an older version of the plan or post (optimistic locking):
two people editing the same post never silently overwrite each other.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contentplan import permissions
from portal import dates, freshness
from portal import permissions as scope
from portal.exceptions import Conflict, Refused
from portal.models import Branch, Region, User
from portal.selectors import press_by_region, press_of
from portal.services import in_portal_language, notify
from portal.translation import all_languages

from . import copies, history, selectors, signals, workflow
from .models import (
    FINAL_STATUSES,
    CalendarPreference,
    Campaign,
    Channel,
    FeedToken,
    MonthlyPlan,
    PlanChange,
    PlannedPost,
    PostComment,
    Rubric,
    month_args,
)

Plan = MonthlyPlan.Status
Post = PlannedPost.Status


def _locked_plan(plan: MonthlyPlan, version: int | None) -> MonthlyPlan:
    current = MonthlyPlan.objects.select_for_update().get(pk=plan.pk)
    if version is not None and current.version != version:
        raise Conflict(MonthlyPlan.objects.select_related("updated_by").get(pk=plan.pk))
    return current


def _locked_post(post: PlannedPost, version: int | None) -> PlannedPost:
    try:
        current = PlannedPost.objects.select_for_update().get(pk=post.pk)
    except PlannedPost.DoesNotExist:
        raise Refused(_("This post was deleted meanwhile.")) from None
    if version is not None and current.version != version:
        raise Conflict(selectors.post_with_relations(post.pk))
    return current


def _record(
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


def _record_if_approved(
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
        _record(plan=plan, user=user, post=post, event=event, params=params, summary=summary)


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


@transaction.atomic
def plan_copy_recurring(*, plan: MonthlyPlan, user: User) -> int:
    """Copy the previous month's recurring posts onto the same weekdays of this one.

    A weekly post (a live stream every Thursday) lands on every such weekday;
    a monthly one on the same weekday of the same week (the second Tuesday).
    Posts already there (same rubric, title and day) are not copied twice.
    """
    if not permissions.may_edit_plan(user, plan):
        raise Refused(_("Only the region's press secretary changes its plan."))
    plan = _locked_plan(plan, None)
    source = MonthlyPlan.objects.filter(
        region=plan.region_id, month=dates.previous_month(plan.month)
    ).first()
    if source is None:
        return 0
    recurring = (
        source.posts.exclude(recurrence=PlannedPost.Recurrence.NONE)
        .prefetch_related("channels")
        .order_by("-date", "-pk")
    )
    # One series per rubric, title, weekday and time: its latest post is the model.
    series: dict[tuple, PlannedPost] = {}
    for post in recurring:
        series.setdefault((post.rubric_id, post.title, post.date.weekday(), post.time), post)
    existing = set(plan.posts.values_list("rubric_id", "title", "date"))
    created = 0
    for model in series.values():
        for day in _recurring_dates(model, plan.month):
            if (model.rubric_id, model.title, day) in existing:
                continue
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
            existing.add((model.rubric_id, model.title, day))
            created += 1
    if created:
        _record_if_approved(
            plan=plan,
            user=user,
            event=history.COPIED_RECURRING,
            params={"n": created, "month": history.day(source.month)},
        )
    return created


def _plan_begin(*, plan: MonthlyPlan, user: User, to: str, version: int) -> MonthlyPlan:
    """Lock the plan; refuse the step unless the plan is still at the version the
    user saw and the table allows this user to take it now."""
    current = _locked_plan(plan, version)
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
    _record(plan=plan, user=user, event=event, params=params)
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
    balance = selectors.plan_balance(plan=current, rubrics=selectors.rubrics(), branches=[])
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


# --- Posts -----------------------------------------------------------------------

# The fields of a post that people edit in its form.
POST_FIELDS = (
    "date",
    "time",
    "rubric",
    "title",
    "brief",
    "responsible",
    "branch",
    "language",
    "origin",
    "recurrence",
    "campaign",
)


@dataclass(frozen=True)
class PostData:
    date: datetime.date
    rubric: Rubric
    title: str
    origin: str
    time: datetime.time | None = None
    brief: str = ""
    channels: tuple[Channel, ...] = ()
    responsible: User | None = None
    branch: Branch | None = None
    language: str = PlannedPost.Language.BOTH
    recurrence: str = PlannedPost.Recurrence.NONE
    campaign: Campaign | None = None


def _check_post_data(plan: MonthlyPlan, data: PostData) -> None:
    if (data.date.year, data.date.month) != (plan.month.year, plan.month.month):
        raise Refused(
            _("The date must fall in %(month)s, the month of the plan.")
            % {"month": dates.month_words(plan.month)}
        )
    if data.branch is not None and data.branch.region_id != plan.region_id:
        raise Refused(_("The branch is not of this region."))
    if data.responsible is not None and scope.region_id_of(data.responsible) != (plan.region_id):
        raise Refused(_("The responsible person must work in this region."))
    if data.campaign is not None and data.campaign.region_id != plan.region_id:
        raise Refused(_("The campaign is not of this region."))


@transaction.atomic
def post_create(*, plan: MonthlyPlan, user: User, data: PostData) -> PlannedPost:
    if not permissions.may_edit_plan(user, plan):
        raise Refused(_("Only the region's press secretary changes its plan."))
    plan = _locked_plan(plan, None)
    _check_post_data(plan, data)
    fields = {name: getattr(data, name) for name in POST_FIELDS}
    post = PlannedPost.objects.create(plan=plan, created_by=user, updated_by=user, **fields)
    post.channels.set(data.channels)
    _record_if_approved(
        plan=plan,
        user=user,
        post=post,
        event=history.POST_ADDED,
        params={
            "title": post.title,
            "date": history.day(post.date),
            "rubric": history.fact("rubric", post.rubric),
        },
    )
    return post


@transaction.atomic
def post_update(*, post: PlannedPost, user: User, version: int, data: PostData) -> PlannedPost:
    """Save the post's form, unless someone saved the post since it was opened."""
    if not permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    current = _locked_post(post, version)
    plan = current.plan
    _check_post_data(plan, data)
    changes = []
    for name in POST_FIELDS:
        old, new = getattr(current, name), getattr(data, name)
        if old != new:
            changes.append(
                {"field": name, "old": history.fact(name, old), "new": history.fact(name, new)}
            )
        setattr(current, name, new)
    old_channels = set(current.channels.values_list("pk", flat=True))
    if old_channels != {channel.pk for channel in data.channels}:
        names = [all_languages(channel) for channel in data.channels]
        changes.append({"field": "channels", "old": None, "new": names})
    current.version = F("version") + 1
    current.updated_by = user
    current.save()
    current.channels.set(data.channels)
    if changes:
        _record_if_approved(
            plan=plan,
            user=user,
            post=current,
            event=history.POST_CHANGED,
            params={"title": data.title, "changes": changes},
        )
    current.refresh_from_db()
    return current


# Passed as a move's `time`: the post keeps its time.
KEEP_TIME = object()


def _day_planned(day: datetime.date) -> None:
    """Refuse a day outside the years the calendar shows (2000–2100)."""
    if not selectors.FIRST_YEAR <= day.year <= selectors.LAST_YEAR:
        raise Refused(
            _("Posts are planned in the years %(first)s–%(last)s; nothing changed.")
            % {"first": selectors.FIRST_YEAR, "last": selectors.LAST_YEAR}
        )


def _plan_of_month(*, region_id: int, month: datetime.date, user: User) -> MonthlyPlan:
    """The region's plan for the month, locked, for posts that move into it;
    a month without a plan gets one started as a draft (`plan_create`). The
    user must be one who changes the region's plans, as for any move."""
    plan = MonthlyPlan.objects.filter(region_id=region_id, month=month).first()
    if plan is None:
        region = Region.objects.get(pk=region_id)
        if not permissions.may_edit_region_plans(user, region):
            raise Refused(_("Only the region's press secretary changes its plan."))
        plan = plan_create(region=region, month=month, user=user)
    if not permissions.may_edit_plan(user, plan):
        raise Refused(_("Only the region's press secretary changes its plan."))
    return _locked_plan(plan, None)


def _tell_boards(*plans: MonthlyPlan) -> None:
    """A post that changes plans: both months' boards and figures are told."""
    for plan in plans:
        signals.posts_updated.send(sender=PlannedPost, region_id=plan.region_id, month=plan.month)


def waits_for_plan(post: PlannedPost) -> bool:
    """An approved post in a plan not approved yet: it goes out only once the
    plan is approved (publishing needs an approved plan)."""
    return post.status == Post.APPROVED and post.plan.status != Plan.APPROVED


@transaction.atomic
def post_move(
    *,
    post: PlannedPost,
    user: User,
    version: int | None,
    date: datetime.date,
    time: datetime.time | object | None = KEEP_TIME,
) -> PlannedPost:
    """Move a post to another day (and to another hour if `time` is given;
    None: the whole day): dragged in any view, or by the date form. A day of
    another month takes the post into the region's plan for that month,
    started as a draft when there is none; the post keeps its status."""
    if not permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    current = _locked_post(post, version)
    _day_planned(date)
    plan = current.plan
    new_time = current.time if time is KEEP_TIME else time
    if date == current.date and new_time == current.time:
        return current
    target = plan
    if (date.year, date.month) != (plan.month.year, plan.month.month):
        target = _plan_of_month(region_id=plan.region_id, month=dates.first_day(date), user=user)
    old, old_time = current.date, current.time
    current.plan = target
    current.date = date
    current.time = new_time
    current.version = F("version") + 1
    current.updated_by = user
    current.save(update_fields=["plan", "date", "time", "version", "updated_by", "updated_at"])
    current.refresh_from_db()
    facts = {"title": current.title, "old": history.day(old), "new": history.day(current.date)}
    if old_time or current.time:
        facts["old_time"] = history.fact("time", old_time)
        facts["new_time"] = history.fact("time", current.time)
    if target.pk == plan.pk:
        _record_if_approved(
            plan=plan, user=user, post=current, event=history.POST_MOVED, params=facts
        )
        return current
    # Across months: the old plan says where the post went, the new one where from.
    _record_if_approved(
        plan=plan,
        user=user,
        post=current,
        event=history.POST_MOVED,
        params={**facts, "to_month": history.day(target.month)},
    )
    _record_if_approved(
        plan=target,
        user=user,
        post=current,
        event=history.POST_MOVED,
        params={**facts, "from_month": history.day(plan.month)},
    )
    _tell_boards(plan, target)
    return current


@transaction.atomic
def post_set_status(
    *, post: PlannedPost, user: User, version: int, status: str, published_url: str = ""
) -> PlannedPost:
    """Move a post one step in its workflow; publishing needs the post's address."""
    if not permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    current = _locked_post(post, version)
    if not workflow.may_move_post(user, current, status):
        raise Refused(_("You may not take this step with this post now."))
    published_url = published_url.strip()
    if status == Post.PUBLISHED and not published_url:
        raise Refused(_("Give the address where the post was published."))
    old = current.status
    current.status = status
    if status == Post.PUBLISHED:
        current.published_url = published_url
    current.version = F("version") + 1
    current.updated_by = user
    current.save()
    current.refresh_from_db()
    _record_if_approved(
        plan=current.plan,
        user=user,
        post=current,
        event=history.POST_STATUS,
        params={"title": current.title, "old": old, "new": current.status},
    )
    return current


def _copies_answered(posts: list[PlannedPost], networks: str) -> bool:
    """Whether the posts go from the networks too. A post published through a
    network's API is not deleted until the user has answered (`copies`)."""
    found = copies.find([post.pk for post in posts])
    if found and networks not in copies.ANSWERS:
        titles = [post.title for post in posts if post.pk in found]
        names = ", ".join(sorted({copy.network for items in found.values() for copy in items}))
        if len(titles) == 1:
            message = _(
                "«%(title)s» is published on %(networks)s: choose whether to delete it "
                "from the networks too. Nothing changed."
            ) % {"title": titles[0], "networks": names}
        else:
            message = ngettext(
                "%(n)s of the posts is published on %(networks)s: choose whether to delete "
                "them from the networks too. Nothing changed.",
                "%(n)s of the posts are published on %(networks)s: choose whether to delete "
                "them from the networks too. Nothing changed.",
                len(titles),
            ) % {"n": len(titles), "networks": names}
        raise copies.ChoiceNeeded(message, [copy for items in found.values() for copy in items])
    return bool(found) and networks == copies.FROM_NETWORKS


@transaction.atomic
def post_delete(*, post: PlannedPost, user: User, version: int, networks: str = "") -> None:
    """Delete the post; if it is on the networks, `networks` says whether it goes
    from them too (`copies.FROM_NETWORKS`) or stays there (`copies.ONLY_PLAN`)."""
    if not permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    current = _locked_post(post, version)
    from_networks = _copies_answered([current], networks)
    copies.before_delete(post_ids=[current.pk], user=user, from_networks=from_networks)
    _record_if_approved(
        plan=current.plan,
        user=user,
        event=history.POST_DELETED,
        params={"title": current.title, "date": history.day(current.date)},
    )
    current.delete()


@transaction.atomic
def post_comment_add(*, post: PlannedPost, user: User, text: str) -> PostComment:
    if not permissions.may_comment_post(user, post):
        raise Refused(_("You may not comment on this post."))
    text = text.strip()
    if not text:
        raise Refused(_("The comment is empty."))
    return PostComment.objects.create(post=post, author=user, text=text)


@transaction.atomic
def post_note_material(
    *, post: PlannedPost, user: User, region: Region, title: str, branch: Branch
) -> PlannedPost:
    """A material from a branch joins an existing post of the region's plan: the
    post is locked, and the change is written down if the plan is approved."""
    target = _locked_post(post, None)
    if target.plan.region_id != region.pk:
        raise Refused(_("The post is not of this region's plan."))
    _record_if_approved(
        plan=target.plan,
        user=user,
        post=target,
        event=history.MATERIAL_ATTACHED,
        params={"title": title, "branch": branch.name, "post": target.title},
    )
    return target


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
    check, do = _BULK_ACTIONS[action]
    asked = _Asked(user=user, days=days, status=status, responsible=responsible, networks=networks)
    posts = check(posts, asked)
    if not posts:
        return 0
    stamp = {"version": F("version") + 1, "updated_by": user, "updated_at": timezone.now()}
    do(posts, asked, stamp)
    return len(posts)


# Each bulk action is a check and a deed. The check refuses what may not be
# done (nothing is written yet) and answers the posts that change; the deed
# changes them, writes each plan's history and tells the floors above.


def _check_move(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    if not asked.days or abs(asked.days) > BULK_MAX_DAYS:
        raise Refused(
            _("Move by a number of days from 1 to %(n)s, forwards or back.") % {"n": BULK_MAX_DAYS}
        )
    for post in posts:
        _day_planned(post.date + datetime.timedelta(days=asked.days))
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
    _tell_boards(*plans)


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
    _tell_boards(*plans)


def _check_delete(posts: list[PlannedPost], asked: _Asked) -> list[PlannedPost]:
    return posts


def _do_delete(posts: list[PlannedPost], asked: _Asked, stamp: dict) -> None:
    # Asked before anything is written: a post on the networks waits for the answer.
    from_networks = _copies_answered(posts, asked.networks)
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
        _record_if_approved(plan=plan_posts[0].plan, user=user, event=event, params=params)
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
            plans[key] = _plan_of_month(region_id=key[0], month=key[1], user=user)
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
        _record_if_approved(plan=plan, user=user, event=history.BULK_MOVED, params=facts)
    # update() bypasses the model signals: tell the floors above once a plan.
    _tell_boards(*touched)


def _by_month(posts: list[PlannedPost], month_of) -> list[dict]:
    """The posts' titles under the months of the other plans (ISO dates)."""
    months: dict[datetime.date, list[str]] = {}
    for post in posts:
        months.setdefault(month_of(post), []).append(post.title)
    return [
        {"month": history.day(month), "titles": titles} for month, titles in sorted(months.items())
    ]


# --- Campaigns ------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignData:
    name: str
    colour: str
    starts: datetime.date
    ends: datetime.date
    description: str = ""


def campaign_dates_shown(starts: datetime.date, ends: datetime.date) -> bool:
    """Whether a campaign's days lie in the years the calendar can show."""
    return starts.year >= selectors.FIRST_YEAR and ends.year <= selectors.LAST_YEAR


def campaign_years_message() -> str:
    return _("A campaign's days lie in the years %(first)s–%(last)s.") % {
        "first": selectors.FIRST_YEAR,
        "last": selectors.LAST_YEAR,
    }


@transaction.atomic
def campaign_save(
    *, user: User, region: Region, data: CampaignData, campaign: Campaign | None = None
) -> Campaign:
    """Add a campaign to the region, or change one of its campaigns."""
    if not permissions.may_edit_campaigns(user, region):
        raise Refused(_("Only the region's press secretary keeps its campaigns."))
    if campaign is not None and campaign.region_id != region.pk:
        raise Refused(_("The campaign is not of this region."))
    name = data.name.strip()
    if not name:
        raise Refused(_("Give the campaign a name."))
    if data.ends < data.starts:
        raise Refused(_("A campaign ends on or after the day it starts."))
    if not campaign_dates_shown(data.starts, data.ends):
        raise Refused(campaign_years_message())
    taken = Campaign.objects.filter(region=region, name=name)
    if campaign is not None:
        taken = taken.exclude(pk=campaign.pk)
    if taken.exists():
        raise Refused(_("The region already has a campaign of this name."))
    campaign = campaign or Campaign(region=region, created_by=user)
    campaign.name = name
    campaign.colour = data.colour.lower()
    campaign.starts, campaign.ends = data.starts, data.ends
    campaign.description = data.description.strip()
    campaign.full_clean()
    campaign.save()
    return campaign


# --- The calendar view a user last chose --------------------------------------------


# How long the cache keeps the stamp of a user's choice of view; once it is
# forgotten, the next page stores the choice again.
PREFERENCE_STAMP_TIMEOUT = 30 * 24 * 3600


@transaction.atomic
def calendar_preference_save(*, user: User, view: str, query: str) -> str:
    """Remember the view and filters the user chose; the plan opens there next
    time. Returns the choice's new stamp (also kept in the cache, see
    `selectors.preference_stamp`), or "" when the cache does not answer."""
    CalendarPreference.objects.update_or_create(
        user=user, defaults={"view": view, "query": query[:300]}
    )
    stamp = secrets.token_hex(8)
    freshness.put(selectors.preference_stamp_key(user.pk), stamp, PREFERENCE_STAMP_TIMEOUT)
    return stamp if selectors.preference_stamp(user=user) == stamp else ""


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
        _record_if_approved(plan=post.plan, user=user, post=post, event=event, params=facts(post))
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


# --- The private calendar feed -------------------------------------------------------


@transaction.atomic
def feed_token_rotate(*, user: User) -> FeedToken:
    """Give the user a new secret calendar address; the old one stops working."""
    token, _created = FeedToken.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return token


@transaction.atomic
def feed_token_revoke(*, user: User) -> int:
    deleted, _kinds = FeedToken.objects.filter(user=user).delete()
    return deleted


# --- Reminders (the daily and monthly tasks) ----------------------------------------

# A post due within this many days and not yet approved reminds its responsible person.
DUE_SOON_DAYS = 2
# From this day of the month on, next month's plan should be approved.
PLAN_DEADLINE_DAY = 25
NOT_READY = (Post.IDEA, Post.IN_WORK, Post.ON_REVIEW)


def _due_body(post: PlannedPost) -> str:
    """The reminder's text: the status, and the time with its zone (an e-mail
    leaves the portal, and its reader may be anywhere)."""
    body = _("Status: %(status)s.") % {"status": post.get_status_display()}
    if post.time:
        body += " " + _("At %(time)s Almaty time (UTC+5).") % {"time": f"{post.time:%H:%M}"}
    return body


@transaction.atomic
def reminders_posts_due(*, today: datetime.date) -> int:
    """Tell each responsible person about their posts due within two days and not
    yet approved (the region's press secretaries when nobody is responsible).
    Once per post and date: a second run sends nothing new."""
    posts = list(
        PlannedPost.objects.filter(
            date__gte=today,
            date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
            status__in=NOT_READY,
        ).select_related("responsible", "plan")
    )
    press = press_by_region(post.plan.region_id for post in posts)
    sent = 0
    with in_portal_language():
        for post in posts:
            people = [post.responsible] if post.responsible else press.get(post.plan.region_id, [])
            sent += len(
                notify(
                    users=people,
                    key=f"post-due:{post.pk}:{post.date.isoformat()}",
                    title=_("Due %(date)s and not approved yet: «%(title)s»")
                    % {"date": dates.format_day(post.date), "title": post.title},
                    body=_due_body(post),
                    url=post.get_absolute_url(),
                )
            )
    return sent


@transaction.atomic
def reminders_posts_missed(*, today: datetime.date) -> int:
    """Mark posts whose day passed unpublished as missed, and tell the press secretary.

    The update is conditional (only from a status that is not final), so a
    second run finds nothing to mark and sends nothing.
    """
    candidates = list(
        PlannedPost.objects.filter(date__lt=today)
        .exclude(status__in=FINAL_STATUSES)
        .select_related("plan")
    )
    press = press_by_region(post.plan.region_id for post in candidates)
    marked = 0
    with in_portal_language():
        for post in candidates:
            claimed = (
                PlannedPost.objects.filter(pk=post.pk)
                .exclude(status__in=FINAL_STATUSES)
                .update(
                    status=Post.MISSED,
                    version=F("version") + 1,
                    updated_by=None,
                    updated_at=timezone.now(),
                )
            )
            if not claimed:
                continue
            marked += 1
            signals.posts_updated.send(
                sender=PlannedPost, region_id=post.plan.region_id, month=post.plan.month
            )
            _record_if_approved(
                plan=post.plan,
                user=None,
                post=post,
                event=history.POST_MISSED,
                params={"title": post.title, "date": history.day(post.date)},
            )
            notify(
                users=press.get(post.plan.region_id, []),
                key=f"post-missed:{post.pk}",
                title=_("Missed: «%(title)s» of %(date)s")
                % {"title": post.title, "date": dates.format_day(post.date)},
                body=_("The day passed and the post was not published."),
                url=post.get_absolute_url(),
            )
    return marked


@transaction.atomic
def reminders_plans_unapproved(*, today: datetime.date) -> int:
    """From the 25th, tell each region's press secretaries and leaders that next
    month's plan is not approved yet. Once per region and month."""
    if today.day < PLAN_DEADLINE_DAY:
        return 0
    month = dates.next_month(today)
    approved = set(
        MonthlyPlan.objects.filter(month=month, status=Plan.APPROVED).values_list(
            "region_id", flat=True
        )
    )
    press = press_by_region(Region.objects.exclude(pk__in=approved).values_list("pk", flat=True))
    calendar_url = reverse("contentplan:calendar", args=month_args(month))
    sent = 0
    with in_portal_language():
        for region_id, people in press.items():
            sent += len(
                notify(
                    users=people,  # press secretaries, leaders among them
                    key=f"plan-unapproved:{region_id}:{month:%Y-%m}",
                    title=_("The content plan for %(month)s is not approved yet")
                    % {"month": dates.month_words(month)},
                    body=_("Next month's plan should be approved by the %(day)s.")
                    % {"day": PLAN_DEADLINE_DAY},
                    url=calendar_url,
                )
            )
    return sent


def reminders_send(*, today: datetime.date) -> dict[str, int]:
    """Everything the reminder tasks do, for the management command."""
    return {
        "due": reminders_posts_due(today=today),
        "missed": reminders_posts_missed(today=today),
        "plans": reminders_plans_unapproved(today=today),
    }


# --- Rubrics (the central committee's standard list) ---------------------------


@transaction.atomic
def rubric_save(*, user: User, data: dict, rubric: Rubric | None = None) -> Rubric:
    """Add a rubric or change one. A rubric is never deleted: switched off, it
    stays on the plans that used it."""
    if not permissions.may_keep_rubrics(user):
        raise Refused(_("Only the central committee keeps the list of rubrics."))
    rubric = rubric or Rubric()
    for field, value in data.items():
        setattr(rubric, field, value.lower() if field == "colour" else value)
    rubric.full_clean()
    rubric.save()
    return rubric
