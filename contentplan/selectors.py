"""Queries the content-plan pages need, always starting from the user's scope.

The calendar, the list and the plan page read a month's posts in one query
(plus one for their channels) and compute the grid, the filters and the
balance from that list, so their cost does not grow with the number of posts.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal import permissions
from portal.models import Branch, Region, User

from .models import Channel, FeedToken, MonthlyPlan, PlanChange, PlannedPost, Rubric

# Months a calendar can show: enough for any real plan, and no date overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_start(year: int, month: int) -> datetime.date:
    """The first day of the month, or 404 for a month that cannot be planned."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def plan_region(*, user, region_id: int | None = None) -> Region:
    """The region whose plans the page shows: the user's own, or (for the
    central committee) the one asked for, else the first. 404 outside scope."""
    own = permissions.region_id_of(user)
    if region_id is not None and region_id != own:
        return get_object_or_404(permissions.regions_for(user), pk=region_id)
    if own is not None:
        return user.region if user.region_id else user.branch.region
    region = permissions.regions_for(user).order_by("short_name").first()
    if region is None:
        raise Http404
    return region


def plan_of_month(*, region: Region, month: datetime.date) -> MonthlyPlan | None:
    return (
        MonthlyPlan.objects.select_related("submitted_by", "approved_by", "updated_by")
        .filter(region=region, month=month)
        .first()
    )


def plan_for(*, user, pk: int) -> MonthlyPlan:
    """A plan the user may read, or 404."""
    return get_object_or_404(
        permissions.plans_for(user).select_related(
            "region", "submitted_by", "approved_by", "updated_by"
        ),
        pk=pk,
    )


def post_for(*, user, pk: int) -> PlannedPost:
    """A post the user may read, with what its panel shows, or 404."""
    return get_object_or_404(
        permissions.posts_for(user)
        .select_related("plan__region", "rubric", "responsible", "branch", "updated_by")
        .prefetch_related("channels"),
        pk=pk,
    )


def post_with_relations(pk: int) -> PlannedPost:
    """The post as it is now (after a change, or a refused one); 404 once deleted."""
    return get_object_or_404(
        PlannedPost.objects.select_related(
            "plan__region", "rubric", "responsible", "branch", "updated_by"
        ).prefetch_related("channels"),
        pk=pk,
    )


def month_posts(*, plan: MonthlyPlan | None) -> list[PlannedPost]:
    if plan is None:
        return []
    return list(
        plan.posts.select_related("rubric", "responsible", "branch").prefetch_related("channels")
    )


def comments_of(*, post: PlannedPost) -> QuerySet:
    return post.comments.select_related("author")


def rubrics() -> list[Rubric]:
    return list(Rubric.objects.all())


def active_rubrics() -> QuerySet[Rubric]:
    return Rubric.objects.filter(is_active=True)


def channels() -> list[Channel]:
    return list(Channel.objects.all())


def region_branches(*, region: Region) -> list[Branch]:
    return list(Branch.objects.filter(region=region).order_by("name"))


def responsible_candidates(*, region: Region) -> QuerySet[User]:
    """Who can be responsible for a post: the region's press secretaries and chairs."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(role=User.Role.PRESS, region=region) | Q(role=User.Role.CHAIR, branch__region=region)
        )
        .order_by("last_name", "first_name", "username")
    )


def plan_history(*, plan: MonthlyPlan) -> QuerySet[PlanChange]:
    return plan.changes.select_related("user")


def feed_token_of(*, user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).first()


def feed_posts(*, user, since: datetime.date) -> QuerySet[PlannedPost]:
    """The posts of every plan the user may read, from `since` on."""
    return (
        permissions.posts_for(user)
        .filter(date__gte=since)
        .select_related("plan__region", "rubric", "responsible", "branch")
        .prefetch_related("channels")
        .order_by("date", "time", "pk")
    )


# --- Filters, the month grid and the balance (no queries) ---------------------


@dataclass(frozen=True)
class PostFilters:
    rubric: int | None = None
    channel: int | None = None
    status: str = ""
    responsible: int | None = None
    branch: int | None = None

    @property
    def active(self) -> bool:
        return any((self.rubric, self.channel, self.status, self.responsible, self.branch))


def filter_posts(posts: list[PlannedPost], filters: PostFilters) -> list[PlannedPost]:
    def keep(post: PlannedPost) -> bool:
        return (
            (filters.rubric is None or post.rubric_id == filters.rubric)
            and (
                filters.channel is None
                or any(channel.pk == filters.channel for channel in post.channels.all())
            )
            and (not filters.status or post.status == filters.status)
            and (filters.responsible is None or post.responsible_id == filters.responsible)
            and (filters.branch is None or post.branch_id == filters.branch)
        )

    return [post for post in posts if keep(post)]


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    posts: list[PlannedPost] = field(default_factory=list)


def month_grid(month: datetime.date, posts: list[PlannedPost]) -> list[list[Day]]:
    """Weeks of the month, Monday first, each day with its posts."""
    by_date: dict[datetime.date, list[PlannedPost]] = {}
    for post in posts:
        by_date.setdefault(post.date, []).append(post)
    today = timezone.localdate()
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        month.year, month.month
    )
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                is_today=day == today,
                posts=by_date.get(day, []) if day.month == month.month else [],
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclass(frozen=True)
class RubricLine:
    rubric: Rubric
    planned: int

    @property
    def minimum(self) -> int:
        return self.rubric.monthly_minimum

    @property
    def met(self) -> bool:
        return self.planned >= self.minimum

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.planned)

    @property
    def percent(self) -> int:
        if not self.minimum:
            return 100
        return min(100, round(100 * self.planned / self.minimum))


@dataclass(frozen=True)
class Balance:
    lines: list[RubricLine]
    featured: list[Branch]
    not_featured: list[Branch]
    own: int
    total: int

    @property
    def unmet(self) -> list[RubricLine]:
        return [line for line in self.lines if not line.met]

    @property
    def own_percent(self) -> int | None:
        return round(100 * self.own / self.total) if self.total else None


def plan_balance(
    *, posts: list[PlannedPost], rubrics: list[Rubric], branches: list[Branch]
) -> Balance:
    """Each rubric's minimum against what is planned, the branches featured
    and not, the share of own posts. Missed posts do not count."""
    counted = [post for post in posts if post.status != PlannedPost.Status.MISSED]
    per_rubric = Counter(post.rubric_id for post in counted)
    lines = [
        RubricLine(rubric=rubric, planned=per_rubric.get(rubric.pk, 0))
        for rubric in rubrics
        if rubric.is_active or per_rubric.get(rubric.pk)
    ]
    featured_ids = {post.branch_id for post in counted if post.branch_id}
    return Balance(
        lines=lines,
        featured=[branch for branch in branches if branch.pk in featured_ids],
        not_featured=[branch for branch in branches if branch.pk not in featured_ids],
        own=sum(1 for post in counted if post.origin == PlannedPost.Origin.OWN),
        total=len(counted),
    )
