"""The reach figures, as data: by post, rubric, month, weekday and hour, own
posts against reposts, regions and branches per 1,000 members.

A post's reach is its latest measurement that knows it (the oldest age
measured: 28 days over 7 over 1); for a Telegram channel, whose networks give
no reach, the views read from its public page stand for it (a view is counted
once a person). A post whose reach is unknown counts in no total, median or
rate: unknown is not nothing. Every function takes its rows in one query
(medians are taken in Python, alike on SQLite and PostgreSQL), so a page that
calls it makes the same number of queries for ten posts as for ten thousand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from channels.models import NetworkPost, PostMeasurement, Source
from portal.models import Branch, Region
from publishing.models import Publication


@dataclass(frozen=True)
class PostReach:
    """One measured post: whose, when, how far it reached."""

    id: int
    network_id: str
    platform: str
    region_id: int
    branch_id: int | None
    posted_at: datetime
    repost: bool
    reach: int | None
    interactions: int | None
    ours: bool
    publication_id: int | None
    rubric_id: int | None
    rubric: str
    title: str

    @property
    def engagement(self) -> float | None:
        return engagement_rate(reach=self.reach, interactions=self.interactions)


def engagement_rate(*, reach: int | None, interactions: int | None) -> float | None:
    """Interactions ÷ reach, only where both are known and someone was reached."""
    if reach is None or interactions is None or reach <= 0:
        return None
    return interactions / reach


def per_thousand(*, reach: int | None, members: int | None) -> float | None:
    """Reach per 1,000 members: a region of 2,000 and one of 31,208 compared fairly."""
    if reach is None or not members:
        return None
    return reach * 1000 / members


def _latest(field: str, **where) -> Subquery:
    return Subquery(
        PostMeasurement.objects.filter(post=OuterRef("pk"), **{f"{field}__isnull": False}, **where)
        .order_by("-age")
        .values(field)[:1]
    )


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """A period of days (both included) as moments in the portal's time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def posts(
    *, start: date, end: date, region: Region | None = None, branch: Branch | None = None
) -> list[PostReach]:
    """The posts of the period on the connected pages (of a region, a branch, or
    the whole union), newest first, in one query."""
    low, high = _bounds(start, end)
    rows = NetworkPost.objects.filter(posted_at__range=(low, high))
    if region is not None:
        rows = rows.filter(connection__page__region=region)
    if branch is not None:
        rows = rows.filter(connection__page__branch=branch)
    rows = _with_figures(rows).order_by("-posted_at", "-pk")
    return [_post_reach(row) for row in rows.values(*COLUMNS.values())]


def _with_figures(rows: QuerySet) -> QuerySet:
    """The posts with their latest figures, our publication of each (if it is
    ours: its rubric and title) and its page's network, region and branch."""
    ours = Publication.objects.filter(
        connection=OuterRef("connection"), network_id=OuterRef("network_id")
    ).exclude(network_id="")
    return rows.annotate(
        reach_value=Coalesce(_latest("reach"), _latest("views", source=Source.PUBLIC_PAGE)),
        interactions_value=_latest("interactions"),
        ours=Exists(ours),
        publication=Subquery(ours.values("pk")[:1]),
        rubric_id=Subquery(ours.values("post__rubric_id")[:1]),
        rubric_name=Subquery(ours.values("post__rubric__name")[:1]),
        title=Subquery(ours.values("title")[:1]),
        platform=F("connection__page__platform"),
        region_id=F("connection__page__region_id"),
        branch_id=F("connection__page__branch_id"),
    )


# PostReach's fields and the query's columns they are read from.
COLUMNS = {
    "id": "pk",
    "network_id": "network_id",
    "platform": "platform",
    "region_id": "region_id",
    "branch_id": "branch_id",
    "posted_at": "posted_at",
    "repost": "repost",
    "reach": "reach_value",
    "interactions": "interactions_value",
    "ours": "ours",
    "publication_id": "publication",
    "rubric_id": "rubric_id",
    "rubric": "rubric_name",
    "title": "title",
}


def _post_reach(row: dict) -> PostReach:
    found = {name: row[column] for name, column in COLUMNS.items()}
    # A post not ours (or ours without a rubric) has an empty text here, not None.
    return PostReach(**{**found, "rubric": found["rubric"] or "", "title": found["title"] or ""})


@dataclass(frozen=True)
class Figures:
    """A group's reach: posts with a known reach, their total and median, and
    the engagement over those whose interactions are known too."""

    n: int
    total: int
    median: float | None
    engagement: float | None


def figures(rows: Iterable[PostReach]) -> Figures:
    known = [row for row in rows if row.reach is not None]
    reaches = [row.reach for row in known]
    engaged = [row for row in known if row.interactions is not None]
    return Figures(
        n=len(known),
        total=sum(reaches),
        median=median(reaches) if reaches else None,
        engagement=engagement_rate(
            reach=sum(row.reach for row in engaged) if engaged else None,
            interactions=sum(row.interactions for row in engaged) if engaged else None,
        ),
    )


def own_and_reposts(rows: Iterable[PostReach]) -> dict[str, Figures]:
    rows = list(rows)
    return {
        "own": figures(row for row in rows if not row.repost),
        "reposts": figures(row for row in rows if row.repost),
    }


@dataclass(frozen=True)
class RubricReach:
    rubric_id: int
    rubric: str
    figures: Figures


def by_rubric(rows: Iterable[PostReach]) -> list[RubricReach]:
    """Our posts by their plan's rubric, highest median reach first."""
    groups: dict[tuple[int, str], list[PostReach]] = defaultdict(list)
    for row in rows:
        if row.rubric_id is not None:
            groups[(row.rubric_id, row.rubric)].append(row)
    found = [RubricReach(key[0], key[1], figures(group)) for key, group in groups.items()]
    found = [item for item in found if item.figures.n]
    return sorted(found, key=lambda item: (-item.figures.median, item.rubric))


def by_weekday_hour(rows: Iterable[PostReach]) -> dict[tuple[int, int], tuple[float, int]]:
    """The median reach (and the number of posts) by weekday (0 Monday) and hour
    the post went out, in the portal's time zone."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for row in rows:
        if row.reach is not None:
            local = timezone.localtime(row.posted_at)
            groups[(local.weekday(), local.hour)].append(row.reach)
    return {key: (median(values), len(values)) for key, values in groups.items()}


def top(rows: Iterable[PostReach], *, count: int = 10) -> list[PostReach]:
    known = [row for row in rows if row.reach is not None]
    return sorted(known, key=lambda row: (-row.reach, -row.posted_at.timestamp()))[:count]


def months_back(end: date, count: int = 12) -> list[date]:
    """The first days of the `count` months up to `end`'s, oldest first."""
    months, year, month = [], end.year, end.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def by_month(
    rows: Iterable[PostReach], *, end: date, count: int = 12
) -> list[tuple[date, Figures]]:
    """The figures of each of the `count` months up to `end`'s (a month without
    a measured post has n = 0 and no median)."""
    groups: dict[date, list[PostReach]] = defaultdict(list)
    for row in rows:
        groups[timezone.localtime(row.posted_at).date().replace(day=1)].append(row)
    return [(month, figures(groups.get(month, []))) for month in months_back(end, count)]


@dataclass(frozen=True)
class Yardstick:
    """A region's or a branch's reach per 1,000 members."""

    id: int
    name: str
    members: int
    reach: int
    per_thousand: float | None


def branches_per_thousand(rows: Iterable[PostReach], *, region: Region) -> list[Yardstick]:
    """The region's branches by reach per 1,000 members (their own pages' posts),
    highest first; a branch without members or measured posts last."""
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        if row.branch_id is not None and row.reach is not None:
            totals[row.branch_id] += row.reach
    found = [
        Yardstick(
            id=branch.pk,
            name=branch.name,
            members=branch.members_total,
            reach=totals.get(branch.pk, 0),
            per_thousand=per_thousand(reach=totals.get(branch.pk), members=branch.members_total),
        )
        for branch in Branch.objects.filter(region=region).only("pk", "name", "members_total")
    ]
    return sorted(found, key=lambda y: (y.per_thousand is None, -(y.per_thousand or 0), y.name))


def regions_per_thousand(rows: Iterable[PostReach]) -> list[Yardstick]:
    """Every region by reach per 1,000 members (all its pages' posts), highest
    first: the rank of the report's «8-е место среди регионов», for reach."""
    totals: dict[int, int] = defaultdict(int)
    for row in rows:
        if row.reach is not None:
            totals[row.region_id] += row.reach
    regions = Region.objects.annotate(
        members=Coalesce(Sum("branches__members_total"), 0)
    ).values_list("pk", "short_name", "members")
    found = [
        Yardstick(
            id=pk,
            name=name,
            members=members,
            reach=totals.get(pk, 0),
            per_thousand=per_thousand(reach=totals.get(pk), members=members),
        )
        for pk, name, members in regions
    ]
    return sorted(found, key=lambda y: (y.per_thousand is None, -(y.per_thousand or 0), y.name))


@dataclass(frozen=True)
class Ranked:
    """A region's place among the regions by reach per 1,000 members, and the
    change against the period before (of the same length)."""

    rank: int | None
    region: Yardstick
    previous: float | None
    change: float | None  # per 1,000 members, against the previous period
    engagement: float | None


def regions_ranked(*, start: date, end: date) -> list[Ranked]:
    """Every region ranked by reach per 1,000 members in the period (a region
    without a known reach has no rank), with its change on the period before."""
    length = end - start
    before_end = start - timedelta(days=1)
    now_rows = posts(start=start, end=end)
    before = {
        y.id: y.per_thousand
        for y in regions_per_thousand(posts(start=before_end - length, end=before_end))
    }
    engagement: dict[int, list[PostReach]] = defaultdict(list)
    for row in now_rows:
        engagement[row.region_id].append(row)
    ranked, place = [], 0
    for yardstick in regions_per_thousand(now_rows):
        if yardstick.per_thousand is not None:
            place += 1
        previous = before.get(yardstick.id)
        ranked.append(
            Ranked(
                rank=place if yardstick.per_thousand is not None else None,
                region=yardstick,
                previous=previous,
                change=None
                if yardstick.per_thousand is None or previous is None
                else yardstick.per_thousand - previous,
                engagement=figures(engagement.get(yardstick.id, [])).engagement,
            )
        )
    return ranked


__all__ = [
    "Figures",
    "PostReach",
    "Ranked",
    "RubricReach",
    "Yardstick",
    "branches_per_thousand",
    "by_month",
    "by_rubric",
    "by_weekday_hour",
    "engagement_rate",
    "figures",
    "months_back",
    "own_and_reposts",
    "per_thousand",
    "posts",
    "regions_per_thousand",
    "regions_ranked",
    "top",
]
