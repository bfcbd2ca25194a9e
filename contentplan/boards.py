"""The calendar's boards (the month grid with its balance, the week, the day):
their figures and names read once and kept in the cache until what they
show changes; the templates draw them on every visit.

A board is the same for everyone who sees one region's month, week or day
with the same filters, in one language, on one day: nothing of the person
looking at it is kept (the rights to edit, the address it redraws itself
from and the CSRF token are the page's). It is kept by
`portal.freshness.fresh` until a row of a kind it reads (`BOARD_READS`)
changes in the region: a post saved, moved, deleted or changed by
`update()`, a publication sent or failed, a campaign, branch, rubric or
channel renamed. A stale board is read again by one request while the
others are shown the previous one.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language

from portal import freshness

from . import chips as chip_states
from . import selectors
from .models import MonthlyPlan

# The template's indentation and empty lines: a fifth of the page's bytes.
INDENTATION_BYTES = re.compile(rb"\n\s+")
# What the boards show: the posts (titles too), their plans, channels,
# rubrics, campaigns and branches, and their publications' states.
BOARD_READS = (
    "contentplan.plannedpost",
    "contentplan.monthlyplan",
    "contentplan.rubric",
    "contentplan.channel",
    "contentplan.campaign",
    "portal.branch",
    "portal.user",
    "publishing.publication",
)

CHOICES_READS = (
    "contentplan.rubric",
    "contentplan.channel",
    "contentplan.campaign",
    "portal.branch",
)


@dataclass
class MonthBoard:
    weeks: list[list[selectors.Day]]
    shown_count: int
    total_count: int
    balance: selectors.Balance  # of names and numbers (`_names`)
    weekdays: list[str]


@dataclass(frozen=True)
class RubricName:
    """What the balance shows of a rubric."""

    display_name: str
    colour: str
    monthly_minimum: int


@dataclass(frozen=True)
class BranchName:
    name: str


@dataclass
class WeekBoard:
    columns: list[selectors.WeekDay]
    rows: list[selectors.HourRow]


@dataclass(frozen=True)
class DayPost:
    """What a row of the day shows of its post."""

    pk: int
    version: int
    status: str
    status_label: str
    rubric: str
    responsible: str
    branch: str
    campaign: str
    campaign_url: str


@dataclass
class DayBoard:
    hours: list[selectors.DayHour]  # rows of (DayPost, Chip, section)
    sections: list[tuple[str, int]]
    counts: dict[datetime.date, int]
    plan_id: int | None
    post_count: int


@dataclass
class Choices:
    """What the filters of a region's plan offer (and the chips and the
    balance draw): the same for everyone, read once until the region changes."""

    rubrics: list
    channels: list
    branches: list
    campaigns: list


def region_choices(region) -> Choices:
    """The rubrics, channels, branches and campaigns of the region's plan,
    from the cache when nothing changed since they were read (a rubric or a
    channel, of no region, gives every region a new version)."""
    return freshness.fresh(
        "contentplan.choices",
        region.pk,
        region_id=region.pk,
        reads=CHOICES_READS,
        compute=lambda: Choices(
            rubrics=selectors.rubrics(),
            channels=selectors.channels(),
            branches=selectors.region_branches(region=region),
            campaigns=selectors.region_campaigns(region=region),
        ),
    )


def chips_of(posts, channels) -> list[selectors.Chip]:
    """The posts as chips with their channels' icons (one query for all of
    them) and, when an app above registered them, their publication states
    and reach (each asked once for the whole page)."""
    ids = [post.pk for post in posts]
    return selectors.calendar_chips(
        posts,
        channels_of=selectors.chip_channels(post_ids=ids, channels=channels),
        states=chip_states.channel_states(ids),
        reach=chip_states.post_reach(ids),
    )


def _filters_key(view_query: str) -> str:
    # Only validated values reach the query; hashed to keep the key short.
    return hashlib.sha256(view_query.encode()).hexdigest()[:16]


def month_board(
    *,
    region,
    plan: MonthlyPlan | None,
    month: datetime.date,
    today: datetime.date,
    filters: selectors.PostFilters,
    view_query: str,
    rubrics: list,
    channels: list,
    branches: list,
    latest: bool = False,
) -> MonthBoard:
    """The board of `plan`'s month as `filters` (validated; `view_query` is
    their normalised address form) keep it; from the cache when nothing it
    shows changed since it was read."""
    return freshness.fresh(
        "contentplan.month",
        region.pk,
        plan.pk if plan is not None else "-",
        month.isoformat(),
        today.isoformat(),
        get_language(),
        _filters_key(view_query),
        region_id=region.pk,
        reads=BOARD_READS,
        latest=latest,
        compute=lambda: _month(
            plan=plan,
            month=month,
            filters=filters,
            rubrics=rubrics,
            channels=channels,
            branches=branches,
        ),
    )


def _month(*, plan, month, filters, rubrics, channels, branches) -> MonthBoard:
    found = selectors.month_chips(plan=plan, filters=filters)
    balance = selectors.plan_balance(plan=plan, rubrics=rubrics, branches=branches)
    return MonthBoard(
        weeks=selectors.month_grid(month, chips_of(found.posts, channels), found.per_day),
        shown_count=found.shown,
        total_count=found.total,
        balance=_names(balance),
        weekdays=[str(WEEKDAYS_ABBR[day]) for day in range(7)],
    )


def _names(balance: selectors.Balance) -> selectors.Balance:
    """The balance with names in place of its rubrics and branches (rows of
    the database are not kept in the cache)."""
    return selectors.Balance(
        lines=[
            selectors.RubricLine(
                rubric=RubricName(
                    display_name=str(line.rubric.display_name),
                    colour=line.rubric.colour,
                    monthly_minimum=line.rubric.monthly_minimum,
                ),
                planned=line.planned,
                reach=line.reach,  # numbers (hints.ReachMedian)
            )
            for line in balance.lines
        ],
        featured=[BranchName(branch.name) for branch in balance.featured],
        not_featured=[BranchName(branch.name) for branch in balance.not_featured],
        own=balance.own,
        total=balance.total,
    )


def week_board(
    *,
    region,
    days: list[datetime.date],
    today: datetime.date,
    filters,
    view_query,
    channels,
    latest: bool = False,
) -> WeekBoard:
    """The week's columns and hours, from the cache while nothing they show changed."""

    def compute() -> WeekBoard:
        found = selectors.week_chips(region=region, days=days, filters=filters)
        plans = selectors.plans_of_days(region=region, days=days)
        columns, rows = selectors.week_grid(
            days, chips_of(found.posts, channels), found.per_day, plans
        )
        return WeekBoard(columns=columns, rows=rows)

    return freshness.fresh(
        "contentplan.week",
        region.pk,
        days[0].isoformat(),
        today.isoformat(),
        get_language(),
        _filters_key(view_query),
        region_id=region.pk,
        reads=BOARD_READS,
        latest=latest,
        compute=compute,
    )


def day_board(
    *,
    region,
    day: datetime.date,
    days,
    today: datetime.date,
    filters,
    view_query,
    channels,
    latest: bool = False,
) -> DayBoard:
    """The day's hours with its posts, and the week's counts, from the cache
    while nothing they show changed."""

    def compute() -> DayBoard:
        posts = selectors.day_posts(region=region, day=day, filters=filters)
        chips = {chip.pk: chip for chip in chips_of(posts, channels)}
        hours = selectors.day_hours(posts, chips)
        shown = {post.pk: _day_post(post) for post in posts}
        for hour in hours:
            hour.rows = [(shown[post.pk], chip, section) for post, chip, section in hour.rows]
        return DayBoard(
            hours=hours,
            # How many posts each section of the day has: due, in work, published, missed.
            sections=[
                (key, sum(1 for post in posts if post.status in statuses))
                for key, statuses in selectors.DAY_SECTIONS
            ],
            counts=selectors.week_counts(region=region, days=days, filters=filters),
            plan_id=selectors.plans_of_days(region=region, days=[day]).get(day),
            post_count=len(posts),
        )

    return freshness.fresh(
        "contentplan.day",
        region.pk,
        day.isoformat(),
        today.isoformat(),
        get_language(),
        _filters_key(view_query),
        region_id=region.pk,
        reads=BOARD_READS,
        latest=latest,
        compute=compute,
    )


def _day_post(post) -> DayPost:
    campaign = post.campaign if post.campaign_id else None
    return DayPost(
        pk=post.pk,
        version=post.version,
        status=post.status,
        status_label=str(post.get_status_display()),
        rubric=str(post.rubric.display_name),
        responsible=str(post.responsible) if post.responsible_id else "",
        branch=post.branch.name if post.branch_id else "",
        campaign=campaign.name if campaign else "",
        campaign_url=campaign.get_absolute_url() if campaign else "",
    )
