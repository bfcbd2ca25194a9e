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
from django.utils.dateformat import format as dates_format
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from contentplan import hints, permissions
from portal import dates, freshness
from portal import permissions as scope
from portal.models import Branch, Region, User
from portal.selectors import press_of

from .models import (
    FINAL_STATUSES,
    CalendarPreference,
    Campaign,
    Channel,
    FeedToken,
    MonthlyPlan,
    PlanChange,
    PlannedPost,
    Rubric,
)

# Months a calendar can show: enough for any real plan, and no date overflow.
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The first and the last day a post can be moved to (the move forms' limits).
FIRST_DAY, LAST_DAY = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)


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
        .select_related("plan__region", "rubric", "responsible", "branch", "campaign", "updated_by")
        .prefetch_related("channels", "photos"),
        pk=pk,
    )


def post_with_relations(pk: int) -> PlannedPost:
    """The post as it is now (after a change, or a refused one); 404 once deleted."""
    return get_object_or_404(
        PlannedPost.objects.select_related(
            "plan__region", "rubric", "responsible", "branch", "campaign", "updated_by"
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
        press_of(plan.region_id)
        .filter(is_leader=True)
        .order_by("last_name", "first_name", "username")
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
    campaign: int | None = None

    @property
    def active(self) -> bool:
        return any(
            (self.rubric, self.channel, self.status, self.responsible, self.branch, self.campaign)
        )


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
    if filters.campaign is not None:
        queryset = queryset.filter(campaign=filters.campaign)
    return queryset


@dataclass(slots=True)
class Chip:
    """A post as the calendar's grid draws it (contentplan.templatetags.calendar_chips),
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
    tooltip: str  # rubric · status · branch · campaign · reach
    colour: str
    text_colour: str
    hour: int | None = None
    live: bool = False  # a live stream: it stands out
    campaign: str = ""  # the campaign's name and colour, when the post has one
    campaign_colour: str = ""
    # (code, name, state) of each channel the post goes to; the state is ""
    # until something registered with `contentplan.chips` tells it.
    channels: list[tuple[str, str, str]] = field(default_factory=list)
    # The post's latest known reach, summed over the networks (`contentplan.chips`);
    # None while unknown, never 0.
    reach: int | None = None

    @property
    def iso(self) -> str:
        """The day as the chip's data-date says it: "2025-12-05"."""
        return self.date.isoformat()


def calendar_chips(
    posts: list[PlannedPost],
    *,
    channels_of: dict[int, list[Channel]] | None = None,
    states: dict[int, dict[str, str]] | None = None,
    reach: dict[int, int] | None = None,
) -> list[Chip]:
    """The posts as chips. Each kind of address is reversed once and each
    status named once, not once a post. `channels_of` gives each post's
    channels (`chip_channels`), `states` their publication states."""
    detail = _address_of("contentplan:post_detail")
    move = _address_of("contentplan:post_move")
    statuses = {value: str(label) for value, label in PlannedPost.Status.choices}
    channels_of = channels_of or {}
    states = states or {}
    reach = reach or {}
    text_colours: dict[str, str] = {}
    chips = []
    for post in posts:
        rubric = post.rubric
        if rubric.colour not in text_colours:
            text_colours[rubric.colour] = rubric.text_colour
        campaign = post.campaign if post.campaign_id else None
        post_states = states.get(post.pk, {})
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
                tooltip=_tooltip(post, statuses.get(post.status, post.status), reach.get(post.pk)),
                colour=rubric.colour,
                text_colour=text_colours[rubric.colour],
                hour=post.time.hour if post.time else None,
                live=rubric.is_live,
                campaign=campaign.name if campaign else "",
                campaign_colour=campaign.colour if campaign else "",
                channels=[
                    (channel.code, channel.display_name, post_states.get(channel.code, ""))
                    for channel in channels_of.get(post.pk, [])
                ],
                reach=reach.get(post.pk),
            )
        )
    return chips


def _tooltip(post: PlannedPost, status: str, reach: int | None) -> str:
    """A chip's tooltip: rubric · status · branch · campaign · reach, each part
    the post has."""
    parts = [post.rubric.display_name, status]
    if post.branch_id:
        parts.append(post.branch.name)
    if post.campaign_id:
        parts.append(post.campaign.name)
    if reach is not None:
        parts.append(_("reach %(n)s") % {"n": number_format(reach, force_grouping=True)})
    return " · ".join(parts)


def chip_channels(*, post_ids: list[int], channels: list[Channel]) -> dict[int, list[Channel]]:
    """Each post's channels, in the channels' order, from one query over the
    link table (the channels themselves are already read for the filters)."""
    if not post_ids:
        return {}
    by_id = {channel.pk: channel for channel in channels}
    links = PlannedPost.channels.through.objects.filter(plannedpost_id__in=post_ids).values_list(
        "plannedpost_id", "channel_id"
    )
    found: dict[int, list[Channel]] = {}
    for post_id, channel_id in links:
        if channel_id in by_id:
            found.setdefault(post_id, []).append(by_id[channel_id])
    order = {channel.pk: index for index, channel in enumerate(channels)}
    for listed in found.values():
        listed.sort(key=lambda channel: order[channel.pk])
    return found


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
    # The date as the grid writes it, worked out once rather than by a date
    # filter in every attribute: "2026-11-30", and "30 ноября" in the language.
    iso: str = ""
    label: str = ""

    @property
    def chips(self) -> list[Chip]:
        """The posts drawn in the grid, in date and time order: all of them
        when they fit, else the first `CROWDED_DAY_CHIPS` above «ещё N»."""
        if max(self.count, len(self.posts)) <= DAY_CHIPS:
            return self.posts[:DAY_CHIPS]
        return self.posts[:CROWDED_DAY_CHIPS]

    @property
    def more(self) -> int:
        """How many posts of the day the grid leaves to the day's list."""
        return max(self.count, len(self.posts)) - len(self.chips)


# A day of the month draws at most `DAY_CHIPS` posts; a day with more draws its
# first `CROWDED_DAY_CHIPS` and «ещё N» to the day's list in their place, so a
# cell is no taller and the month's page no heavier however busy the month.
DAY_CHIPS = 3
CROWDED_DAY_CHIPS = 2


CHIP_FIELDS = (
    "plan_id", "date", "time", "title", "status", "version", "branch_id", "rubric_id",
    "rubric__name", "rubric__name_kk", "rubric__name_en", "rubric__colour", "rubric__is_live",
    "branch__name", "campaign_id", "campaign__name", "campaign__colour",
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
    first, per_day = _first_of_each_day(kept, DAY_CHIPS)
    return MonthChips(posts=first, per_day=per_day, total=plan.posts.count())


def _first_of_each_day(kept: QuerySet[PlannedPost], limit: int):
    """The first `limit` posts of each day (numbered by the database) with what
    a chip shows, and each day's count: two queries whatever the data."""
    order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc()
             for name in PlannedPost._meta.ordering]  # fmt: skip
    first = (
        kept.annotate(place=Window(RowNumber(), partition_by=[F("date")], order_by=order))
        .filter(place__lte=limit)
        # What a chip shows: its rubric, branch and campaign (its channels
        # come from `chip_channels`).
        .select_related("rubric", "branch", "campaign")
        .only(*CHIP_FIELDS)
        .order_by(*PlannedPost._meta.ordering)
    )
    per_day = dict(kept.values_list("date").annotate(n=Count("pk", distinct=True)).order_by())
    return list(first), per_day


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
    genitive = dates_format(month, "E")  # the month's name as "30 ноября" has it
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                is_today=day == today,
                posts=by_date.get(day, []) if day.month == month.month else [],
                count=per_day.get(day, 0) if day.month == month.month else 0,
                iso=day.isoformat(),
                label=f"{day.day} {genitive}" if day.month == month.month else "",
            )
            for day in week
        ]
        for week in weeks
    ]


@dataclass(frozen=True)
class RubricLine:
    rubric: Rubric
    planned: int
    # The rubric's median reach of the last 90 days (`contentplan.hints`), if known.
    reach: hints.ReachMedian | None = None

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
    *,
    plan: MonthlyPlan | None,
    rubrics: list[Rubric],
    branches: list[Branch],
    with_reach: bool = True,
) -> Balance:
    """Each rubric's minimum against what is planned, the branches featured
    and not, the share of own posts. Missed posts do not count. One query,
    counted by the database (grouped by rubric, branch and origin); and, for
    the pages (`with_reach`), one more for each rubric's median reach."""
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
    medians = {}
    if plan is not None and with_reach:
        # Each rubric's median reach (one query, when an app above gives it).
        end = min(dates.last_day(plan.month), timezone.localdate())
        medians = hints.rubric_medians(region_id=plan.region_id, end=end)
    lines = [
        RubricLine(
            rubric=rubric, planned=per_rubric.get(rubric.pk, 0), reach=medians.get(rubric.pk)
        )
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


# --- The week, the day and the queue --------------------------------------------

# A day of the week view draws at most this many posts; the rest are behind
# "+N more" (the day view), so the week stays bounded.
WEEK_DAY_CHIPS = 12
# The hours the week view always shows; a post earlier or later widens them.
WEEK_HOURS = (8, 21)


def day_of(year: int, month: int, day: int) -> datetime.date:
    """A day a calendar can show, or 404."""
    month_start(year, month)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Http404 from None


def week_of(day: datetime.date) -> list[datetime.date]:
    """The seven days, Monday first, of the week holding `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def region_posts(*, region: Region, first: datetime.date, last: datetime.date):
    """The region's posts from `first` to `last`, whichever plans (months) hold them."""
    return PlannedPost.objects.filter(plan__region=region, date__gte=first, date__lte=last)


def plans_of_days(*, region: Region, days: list[datetime.date]) -> dict[datetime.date, int]:
    """The month's plan (its key) of each of the days, for the days that have one."""
    months = {dates.first_day(day) for day in days}
    plans = dict(
        MonthlyPlan.objects.filter(region=region, month__in=months).values_list("month", "pk")
    )
    return {day: plans[month] for day in days if (month := dates.first_day(day)) in plans}


@dataclass(frozen=True)
class WeekChips:
    posts: list[PlannedPost]
    per_day: dict[datetime.date, int]


def week_chips(*, region: Region, days: list[datetime.date], filters: PostFilters) -> WeekChips:
    """What the week view draws: the first posts of each of its days that pass
    the filters, and each day's count. Two queries."""
    kept = filtered(region_posts(region=region, first=days[0], last=days[-1]), filters)
    first, per_day = _first_of_each_day(kept, WEEK_DAY_CHIPS)
    return WeekChips(posts=first, per_day=per_day)


@dataclass
class WeekDay:
    date: datetime.date
    is_today: bool
    plan_id: int | None
    whole_day: list[Chip]  # posts without a time
    by_hour: dict[int, list[Chip]]
    count: int

    @property
    def more(self) -> int:
        shown = len(self.whole_day) + sum(len(chips) for chips in self.by_hour.values())
        return max(0, self.count - shown)

    @property
    def iso(self) -> str:
        """«2026-11-30», as the board's attributes write the day: worked out
        here, not by a date filter in each of the week's hundred cells."""
        return self.date.isoformat()


@dataclass
class HourRow:
    hour: int
    label: str
    cells: list[tuple[WeekDay, list[Chip]]]

    @property
    def hour_text(self) -> str:
        """«08»: the hour as the cells' test ids write it."""
        return f"{self.hour:02d}"


def week_grid(
    days: list[datetime.date],
    chips: list[Chip],
    per_day: dict[datetime.date, int],
    plans: dict[datetime.date, int],
) -> tuple[list[WeekDay], list[HourRow]]:
    """The week as columns of days and rows of hours: posts of the whole day
    above, the others at their hour. The hours shown reach from 8:00 to 21:00,
    or further where a post is earlier or later."""
    today = timezone.localdate()
    columns = {
        day: WeekDay(
            date=day,
            is_today=day == today,
            plan_id=plans.get(day),
            whole_day=[],
            by_hour={},
            count=per_day.get(day, 0),
        )
        for day in days
    }
    for chip in chips:
        column = columns.get(chip.date)
        if column is None:
            continue
        if chip.hour is None:
            column.whole_day.append(chip)
        else:
            column.by_hour.setdefault(chip.hour, []).append(chip)
    hours = [chip.hour for chip in chips if chip.hour is not None]
    start = min([WEEK_HOURS[0], *hours])
    end = max([WEEK_HOURS[1], *hours])
    ordered = [columns[day] for day in days]
    rows = [
        HourRow(
            hour=hour,
            label=f"{hour:02d}:00",
            cells=[(column, column.by_hour.get(hour, [])) for column in ordered],
        )
        for hour in range(start, end + 1)
    ]
    return ordered, rows


# The day view's sections: what is due (ready, waiting to go out), what is in
# work, what is published, what was missed.
DAY_SECTIONS = (
    ("due", (PlannedPost.Status.APPROVED,)),
    (
        "in_work",
        (PlannedPost.Status.IDEA, PlannedPost.Status.IN_WORK, PlannedPost.Status.ON_REVIEW),
    ),
    ("published", (PlannedPost.Status.PUBLISHED,)),
    ("missed", (PlannedPost.Status.MISSED,)),
)


@dataclass
class DayHour:
    """A row of the day view: its whole-day posts (`hour` None) or an hour's,
    each with its chip and the section of the day it belongs to."""

    hour: int | None
    label: str  # "15:00", or "" for the whole day
    rows: list[tuple[PlannedPost, Chip, str]]

    @property
    def hour_text(self) -> str:
        """«15»: the hour as the rows' test ids write it."""
        return "" if self.hour is None else f"{self.hour:02d}"


def day_section(status: str) -> str:
    """The day view's section (DAY_SECTIONS) of a post's status."""
    for key, statuses in DAY_SECTIONS:
        if status in statuses:
            return key
    return DAY_SECTIONS[-1][0]


def day_hours(posts: list[PlannedPost], chips: dict[int, Chip]) -> list[DayHour]:
    """The day as the week draws one of its columns: the whole-day posts first,
    then a row an hour from 8:00 to 21:00 (or further where a post is earlier
    or later), every row a place to drop a post on."""
    by_hour: dict[int | None, list[tuple[PlannedPost, Chip, str]]] = {}
    for post in posts:
        hour = post.time.hour if post.time else None
        by_hour.setdefault(hour, []).append((post, chips[post.pk], day_section(post.status)))
    hours = [hour for hour in by_hour if hour is not None]
    start = min([WEEK_HOURS[0], *hours])
    end = max([WEEK_HOURS[1], *hours])
    return [DayHour(hour=None, label="", rows=by_hour.get(None, []))] + [
        DayHour(hour=hour, label=f"{hour:02d}:00", rows=by_hour.get(hour, []))
        for hour in range(start, end + 1)
    ]


def day_posts(*, region: Region, day: datetime.date, filters: PostFilters) -> list[PlannedPost]:
    """Every post of the day that passes the filters, with what a row shows."""
    return list(
        filtered(region_posts(region=region, first=day, last=day), filters)
        .select_related("rubric", "responsible", "branch", "campaign")
        .order_by(*PlannedPost._meta.ordering)
    )


def week_counts(*, region: Region, days: list[datetime.date], filters: PostFilters) -> dict:
    """How many posts each day of the week has (the day view's strip)."""
    kept = filtered(region_posts(region=region, first=days[0], last=days[-1]), filters)
    return dict(kept.values_list("date").annotate(n=Count("pk", distinct=True)).order_by())


# The queue's tabs: waiting for approval, this week, overdue, published.
# Overdue are the posts whose day passed while they still wait for something:
# neither published nor declared missed (a missed post is settled, and the
# daily task marks them, so the tab does not grow forever).
QUEUE_TABS = ("approval", "week", "overdue", "published")
QUEUE_PAGE = 50
# Published posts of this many days back are in the queue's last tab.
PUBLISHED_DAYS = 31


def _queue_conditions(today: datetime.date) -> dict[str, Q]:
    week = week_of(today)
    return {
        "approval": Q(status=PlannedPost.Status.ON_REVIEW),
        "week": Q(date__gte=week[0], date__lte=week[-1]),
        "overdue": Q(date__lt=today) & ~Q(status__in=FINAL_STATUSES),
        "published": Q(
            status=PlannedPost.Status.PUBLISHED,
            date__gte=today - datetime.timedelta(days=PUBLISHED_DAYS),
        ),
    }


def queue_counts(*, region: Region, today: datetime.date, filters: PostFilters) -> dict[str, int]:
    """Each tab's count, in one query."""
    conditions = _queue_conditions(today)
    kept = filtered(PlannedPost.objects.filter(plan__region=region), filters)
    return kept.aggregate(
        **{
            tab: Count("pk", filter=condition, distinct=True)
            for tab, condition in conditions.items()
        }
    )


def queue_posts(
    *, region: Region, today: datetime.date, tab: str, filters: PostFilters
) -> QuerySet[PlannedPost]:
    """The posts of one tab, soonest first (latest first for the published)."""
    kept = filtered(PlannedPost.objects.filter(plan__region=region), filters)
    posts = kept.filter(_queue_conditions(today)[tab]).select_related(
        "rubric", "responsible", "branch", "campaign"
    )
    if tab in ("overdue", "published"):
        return posts.order_by("-date", "-time", "-pk")
    return posts.order_by("date", "time", "pk")


# --- Campaigns and the calendar preference ------------------------------------------


def region_campaigns(*, region: Region) -> list[Campaign]:
    return list(Campaign.objects.filter(region=region))


def campaign_for(*, user, pk: int) -> Campaign:
    """A campaign the user may read, or 404 (another region's is not found)."""
    return get_object_or_404(permissions.campaigns_for(user).select_related("region"), pk=pk)


def campaign_list(*, region: Region) -> list[Campaign]:
    """The region's campaigns with how many posts each has and how many are published."""
    return list(
        Campaign.objects.filter(region=region).annotate(
            post_count=Count("posts", distinct=True),
            published_count=Count(
                "posts", filter=Q(posts__status=PlannedPost.Status.PUBLISHED), distinct=True
            ),
        )
    )


# A campaign's page lists this many of its posts at a time.
CAMPAIGN_PAGE = 50


def campaign_posts(*, campaign: Campaign) -> QuerySet[PlannedPost]:
    return campaign.posts.select_related("rubric", "responsible", "branch", "campaign").order_by(
        *PlannedPost._meta.ordering
    )


def preference_of(*, user) -> CalendarPreference | None:
    return CalendarPreference.objects.filter(user=user).first()


def preference_stamp_key(user_id: int) -> str:
    return f"contentplan:view-stamp:{user_id}"


def preference_stamp(*, user) -> str | None:
    """The stamp of the user's latest stored choice of view, from the cache (no
    query): a device whose session holds another stamp has not seen the latest
    choice. None when unknown (the cache forgot it or does not answer)."""
    return freshness.get(preference_stamp_key(user.pk))
