"""Queries the content-plan pages need, always starting from the user's scope.

The calendar reads at most a few posts a day (numbered by the database) and
each day's count; the list and the plan page read the month's posts in one
query (plus one for their channels); the balance is counted by the database.
None of them costs more queries with more posts.
"""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from contentplan import permissions
from portal import permissions as scope
from portal.models import Branch, Region, User

from .models import (
    Channel,
    FeedToken,
    MonthlyPlan,
    PlanChange,
    PlannedPost,
    Rubric,
)

# Months a calendar can show: enough for any real plan, and no date overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_start(year: int, month: int) -> datetime.date:
    """The first day of the month, or 404 for a month that cannot be planned."""
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404
    return datetime.date(year, month, 1)


def plan_region(*, user, region_id: int | None = None) -> Region:
    """The region whose plans the page shows: the user's own, or (for the
    central committee) the one asked for, else the first. 404 outside scope."""
    own = scope.region_id_of(user)
    if region_id is not None and region_id != own:
        return get_object_or_404(scope.regions_for(user), pk=region_id)
    if own is not None:
        return user.region if user.region_id else user.branch.region
    region = scope.regions_for(user).order_by("short_name").first()
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
        .prefetch_related("channels", "photos"),
        pk=pk,
    )


def post_with_relations(pk: int) -> PlannedPost:
    """The post as it is now (after a change, or a refused one); 404 once deleted."""
    return get_object_or_404(
        PlannedPost.objects.select_related(
            "plan__region", "rubric", "responsible", "branch", "updated_by"
        ).prefetch_related("channels", "photos"),
        pk=pk,
    )


def month_posts(
    *,
    plan: MonthlyPlan | None,
    filters: PostFilters | None = None,
    day: datetime.date | None = None,
) -> list[PlannedPost]:
    """The month's posts (those the filters keep, of one day if given) with what
    a list row shows, in two queries."""
    if plan is None:
        return []
    posts = filtered(plan.posts.all(), filters) if filters else plan.posts.all()
    if day is not None:
        posts = posts.filter(date=day)
    return list(
        posts.select_related("rubric", "responsible", "branch").prefetch_related("channels")
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


def next_free_day(*, region: Region, after: datetime.date, horizon: int = 60) -> datetime.date:
    """The first day after `after` on which the region's plan has no post yet
    (the day after `after` when the next `horizon` days are all taken). One query."""
    start = after + datetime.timedelta(days=1)
    taken = set(
        PlannedPost.objects.filter(
            plan__region=region,
            date__gte=start,
            date__lt=start + datetime.timedelta(days=horizon),
        ).values_list("date", flat=True)
    )
    for offset in range(horizon):
        day = start + datetime.timedelta(days=offset)
        if day not in taken:
            return day
    return start


def usual_channels(*, region: Region, rubric: Rubric, sample: int = 20) -> list[Channel]:
    """The channels a rubric's posts usually go to in the region: those of at
    least half of its latest `sample` posts. Two queries; none without history."""
    recent = list(
        PlannedPost.objects.filter(plan__region=region, rubric=rubric)
        .order_by("-date", "-pk")
        .values_list("pk", flat=True)[:sample]
    )
    if not recent:
        return []
    uses = Counter(
        PlannedPost.channels.through.objects.filter(plannedpost_id__in=recent).values_list(
            "channel_id", flat=True
        )
    )
    wanted = [channel for channel, count in uses.items() if count * 2 >= len(recent)]
    return list(Channel.objects.filter(pk__in=wanted)) if wanted else []


def plan_approvers(*, plan: MonthlyPlan) -> list[User]:
    """Who approves the plan: the region's active leaders, by name."""
    return list(
        User.objects.filter(
            role=User.Role.PRESS, region=plan.region_id, is_leader=True, is_active=True
        ).order_by("last_name", "first_name", "username")
    )


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


def filtered(queryset: QuerySet[PlannedPost], filters: PostFilters) -> QuerySet[PlannedPost]:
    """The posts the filters keep, chosen by the database."""
    if filters.rubric is not None:
        queryset = queryset.filter(rubric=filters.rubric)
    if filters.channel is not None:
        queryset = queryset.filter(channels=filters.channel)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.responsible is not None:
        queryset = queryset.filter(responsible=filters.responsible)
    if filters.branch is not None:
        queryset = queryset.filter(branch=filters.branch)
    return queryset


@dataclass(slots=True)
class Chip:
    """A post as the calendar's grid draws it (contentplan/includes/chip.html),
    with everything the template shows already worked out, so that drawing one
    is only putting values in place: a month draws over a hundred chips."""

    pk: int
    date: datetime.date
    status: str
    version: int
    url: str
    move_url: str
    time: str  # "18:30", or "" for a post of the whole day
    title: str
    tooltip: str  # rubric · status · branch
    colour: str
    text_colour: str


def calendar_chips(posts: list[PlannedPost]) -> list[Chip]:
    """The posts as chips. Each kind of address is reversed once and each
    status named once, not once a post."""
    detail = _address_of("contentplan:post_detail")
    move = _address_of("contentplan:post_move")
    statuses = {value: str(label) for value, label in PlannedPost.Status.choices}
    text_colours: dict[str, str] = {}
    chips = []
    for post in posts:
        rubric = post.rubric
        if rubric.colour not in text_colours:
            text_colours[rubric.colour] = rubric.text_colour
        tooltip = f"{rubric.name} · {statuses.get(post.status, post.status)}"
        if post.branch_id:
            tooltip += f" · {post.branch.name}"
        chips.append(
            Chip(
                pk=post.pk,
                date=post.date,
                status=post.status,
                version=post.version,
                url=detail(post.pk),
                move_url=move(post.pk),
                time=f"{post.time:%H:%M}" if post.time else "",
                title=post.title,
                tooltip=tooltip,
                colour=rubric.colour,
                text_colour=text_colours[rubric.colour],
            )
        )
    return chips


def _address_of(name: str):
    """The address `name` for any post, from one reverse() with a stand-in key."""
    stand_in = 987654321  # no real key takes it
    head, tail = reverse(name, args=[stand_in]).split(str(stand_in))
    return lambda pk: f"{head}{pk}{tail}"


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    posts: list[Chip] = field(default_factory=list)
    # How many posts the day has; more than `posts` when only the first were read.
    count: int = 0

    @property
    def chips(self) -> list[Chip]:
        """The posts drawn in the grid: the first few, in date and time order."""
        return self.posts[:DAY_CHIPS]

    @property
    def more(self) -> int:
        """How many posts of the day the grid leaves to the day's list."""
        return max(0, max(self.count, len(self.posts)) - DAY_CHIPS)


# At most this many posts are drawn in a day of the calendar; the rest are
# behind a "+N more" link to the day's list, so the grid stays bounded.
DAY_CHIPS = 4


CHIP_FIELDS = (
    "plan_id", "date", "time", "title", "status", "version", "branch_id", "rubric_id",
    "rubric__name", "rubric__colour", "branch__name",
)  # fmt: skip


@dataclass(frozen=True)
class MonthChips:
    """The calendar's posts: at most `DAY_CHIPS` a day, and how many each day has."""

    posts: list[PlannedPost]
    per_day: dict[datetime.date, int]
    total: int  # posts of the month, filters aside

    @property
    def shown(self) -> int:
        return sum(self.per_day.values())


def month_chips(*, plan: MonthlyPlan | None, filters: PostFilters) -> MonthChips:
    """What the calendar draws, whatever the month holds: the first posts of each
    day that pass the filters (numbered by the database), each day's count, and
    the month's total. Three queries."""
    if plan is None:
        return MonthChips(posts=[], per_day={}, total=0)
    kept = filtered(plan.posts.all(), filters)
    order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc()
             for name in PlannedPost._meta.ordering]  # fmt: skip
    first = (
        kept.annotate(place=Window(RowNumber(), partition_by=[F("date")], order_by=order))
        .filter(place__lte=DAY_CHIPS)
        # What a chip shows: its rubric and branch (not its channels or people).
        .select_related("rubric", "branch")
        .only(*CHIP_FIELDS)
        .order_by(*PlannedPost._meta.ordering)
    )
    per_day = dict(kept.values_list("date").annotate(n=Count("pk", distinct=True)).order_by())
    return MonthChips(posts=list(first), per_day=per_day, total=plan.posts.count())


def month_grid(
    month: datetime.date, posts: list[Chip], per_day: dict | None = None
) -> list[list[Day]]:
    """Weeks of the month, Monday first, each day with its posts (and its count
    of posts, when only the first of each day are given)."""
    per_day = per_day or {}
    by_date: dict[datetime.date, list[Chip]] = {}
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
                count=per_day.get(day, 0) if day.month == month.month else 0,
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
    *, plan: MonthlyPlan | None, rubrics: list[Rubric], branches: list[Branch]
) -> Balance:
    """Each rubric's minimum against what is planned, the branches featured
    and not, the share of own posts. Missed posts do not count. One query,
    counted by the database (grouped by rubric, branch and origin)."""
    per_rubric: Counter = Counter()
    featured_ids: set[int] = set()
    own = total = 0
    if plan is not None:
        groups = (
            plan.posts.exclude(status=PlannedPost.Status.MISSED)
            .values_list("rubric_id", "branch_id", "origin")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for rubric_id, branch_id, origin, n in groups:
            per_rubric[rubric_id] += n
            if branch_id:
                featured_ids.add(branch_id)
            if origin == PlannedPost.Origin.OWN:
                own += n
            total += n
    lines = [
        RubricLine(rubric=rubric, planned=per_rubric.get(rubric.pk, 0))
        for rubric in rubrics
        if rubric.is_active or per_rubric.get(rubric.pk)
    ]
    return Balance(
        lines=lines,
        featured=[branch for branch in branches if branch.pk in featured_ids],
        not_featured=[branch for branch in branches if branch.pk not in featured_ids],
        own=own,
        total=total,
    )
