"""One post of a plan: created, edited, moved, moved on in its workflow,
deleted, commented on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contentplan import permissions
from portal import dates
from portal import permissions as scope
from portal.exceptions import Refused
from portal.models import Branch, Region, User
from portal.translation import all_languages

from .. import copies, history, texts, workflow
from ..models import (
    Campaign,
    Channel,
    MonthlyPlan,
    PlannedPost,
    PostComment,
    Rubric,
)
from .common import day_planned, locked_plan, locked_post, record_if_approved, tell_boards
from .plans import plan_create

Plan = MonthlyPlan.Status
Post = PlannedPost.Status


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
    # The text that goes out (`contentplan.texts`); None: the form had no text
    # to give, and the post's text stays as it is.
    text: str | None = None


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
    plan = locked_plan(plan, None)
    _check_post_data(plan, data)
    fields = {name: getattr(data, name) for name in POST_FIELDS}
    post = PlannedPost.objects.create(plan=plan, created_by=user, updated_by=user, **fields)
    post.channels.set(data.channels)
    if data.text is not None:
        texts.save(post=post, user=user, text=data.text)
    record_if_approved(
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
    current = locked_post(post, version)
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
    if data.text is not None:
        texts.save(post=current, user=user, text=data.text)
    if changes:
        record_if_approved(
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


def plan_of_month(*, region_id: int, month: datetime.date, user: User) -> MonthlyPlan:
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
    return locked_plan(plan, None)


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
    current = locked_post(post, version)
    day_planned(date)
    plan = current.plan
    new_time = current.time if time is KEEP_TIME else time
    if date == current.date and new_time == current.time:
        return current
    target = plan
    if (date.year, date.month) != (plan.month.year, plan.month.month):
        target = plan_of_month(region_id=plan.region_id, month=dates.first_day(date), user=user)
    old, old_time = current.date, current.time
    current.plan = target
    current.date = date
    current.time = new_time
    current.version = F("version") + 1
    current.updated_by = user
    current.save(update_fields=["plan", "date", "time", "version", "updated_by", "updated_at"])
    current.refresh_from_db()
    _record_move(post=current, user=user, source=plan, target=target, old=old, old_time=old_time)
    return current


def _record_move(
    *,
    post: PlannedPost,
    user: User,
    source: MonthlyPlan,
    target: MonthlyPlan,
    old: datetime.date,
    old_time,
) -> None:
    """Write the move into the history of the plan it left and, across months,
    of the plan it joined (each says where the post went or came from)."""
    facts = {"title": post.title, "old": history.day(old), "new": history.day(post.date)}
    if old_time or post.time:
        facts["old_time"] = history.fact("time", old_time)
        facts["new_time"] = history.fact("time", post.time)
    if target.pk == source.pk:
        record_if_approved(
            plan=source, user=user, post=post, event=history.POST_MOVED, params=facts
        )
        return
    record_if_approved(
        plan=source,
        user=user,
        post=post,
        event=history.POST_MOVED,
        params={**facts, "to_month": history.day(target.month)},
    )
    record_if_approved(
        plan=target,
        user=user,
        post=post,
        event=history.POST_MOVED,
        params={**facts, "from_month": history.day(source.month)},
    )
    tell_boards(source, target)


@transaction.atomic
def post_set_status(
    *, post: PlannedPost, user: User, version: int, status: str, published_url: str = ""
) -> PlannedPost:
    """Move a post one step in its workflow; publishing needs the post's address."""
    if not permissions.may_edit_post(user, post):
        raise Refused(_("Only the region's press secretary changes its plan."))
    current = locked_post(post, version)
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
    record_if_approved(
        plan=current.plan,
        user=user,
        post=current,
        event=history.POST_STATUS,
        params={"title": current.title, "old": old, "new": current.status},
    )
    return current


def copies_answered(posts: list[PlannedPost], networks: str) -> bool:
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
    current = locked_post(post, version)
    from_networks = copies_answered([current], networks)
    copies.before_delete(post_ids=[current.pk], user=user, from_networks=from_networks)
    record_if_approved(
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
    *, post: PlannedPost, user: User, region: Region, title: str, branch: Branch, text: str = ""
) -> PlannedPost:
    """A material from a branch joins an existing post of the region's plan: the
    post is locked, its `text` becomes the post's if the post has none yet, and
    the change is written down if the plan is approved."""
    target = locked_post(post, None)
    if target.plan.region_id != region.pk:
        raise Refused(_("The post is not of this region's plan."))
    texts.fill_if_empty(post=target, user=user, text=text)
    record_if_approved(
        plan=target.plan,
        user=user,
        post=target,
        event=history.MATERIAL_ATTACHED,
        params={"title": title, "branch": branch.name, "post": target.title},
    )
    return target
