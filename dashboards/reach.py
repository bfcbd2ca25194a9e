"""The reach on the dashboards (issue 30 «Where people see it»), as data: the
region's reach page (by month, rubric, weekday × hour, the top posts, its
branches per 1,000 members, its rank) and the regions ranked by reach per
1,000 members. Templates draw it, the XLSX exports read the same `Table`s.

The figures come from `reach.selectors`, which reads each period's posts in
one query, so a page costs the same number of queries for ten posts as for
ten thousand. A figure nobody measured is «нет данных», never 0.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from branches.models import SocialPage
from contentplan.models import Rubric
from portal import dates
from portal.models import Region
from reach import selectors as reach

from .cells import cells
from .selectors import Cell, Column, Table

MONTHS_SHOWN = 12
TOP_POSTS = 10
# The hours a weekday × hour table always shows (a union's working day);
# posts measured earlier or later widen it.
HOURS_SHOWN = range(8, 22)
HEAT_STEPS = 5  # reach-heat-0 … reach-heat-4: the shading of the hours' table


def no_data() -> Cell:
    """A figure nobody measured: said so, never shown as 0 (empty in XLSX)."""
    return Cell(None, text=_("no data"))


def _known(value) -> Cell | object:
    return no_data() if value is None else value


def tenths(value: float) -> int | float:
    """One decimal, and a whole number shown whole (1 200, not 1 200,0)."""
    rounded = round(value, 1)
    return int(rounded) if rounded.is_integer() else rounded


def _percent(share: float | None) -> Cell | int | float:
    """An engagement rate in per cent, one decimal; unknown said so."""
    return no_data() if share is None else tenths(100 * share)


def _one_decimal(value: float | None) -> Cell | int | float:
    return no_data() if value is None else tenths(value)


def _whole(value: float | None) -> Cell | int:
    return no_data() if value is None else round(value)


def twelve_months(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The region page's period: the twelve months up to today's, today included."""
    return dates.add_months(dates.first_day(today), -(MONTHS_SHOWN - 1)), today


def last_full_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The ranking's period: the last full month (the one before is its comparison),
    as the central dashboard counts plan fulfilment."""
    first = dates.add_months(dates.first_day(today), -1)
    return first, dates.first_day(today) - datetime.timedelta(days=1)


# --- The region's reach page ---------------------------------------------------------


@dataclass
class RegionReach:
    region: Region
    today: datetime.date
    start: datetime.date
    end: datetime.date
    overall: reach.Figures
    months: Table
    months_chart: dict
    rubrics: Table
    hours: Table
    top: Table
    branches: Table
    rank: reach.Ranked | None
    rank_start: datetime.date
    ranked_regions: int

    @property
    def total(self) -> int | None:
        return self.overall.total if self.overall.n else None

    @property
    def median(self) -> int | None:
        return None if self.overall.median is None else round(self.overall.median)

    @property
    def engagement(self) -> float | None:
        """In per cent, one decimal."""
        e = self.overall.engagement
        return None if e is None else tenths(100 * e)

    @property
    def per_thousand(self) -> float | None:
        if self.rank is None or self.rank.region.per_thousand is None:
            return None
        return tenths(self.rank.region.per_thousand)

    def tables(self) -> dict[str, Table]:
        return {t.key: t for t in (self.months, self.rubrics, self.hours, self.top, self.branches)}


def month_table(rows: list[reach.PostReach], *, end: datetime.date) -> Table:
    table = Table(
        key="months",
        title=_("Reach by month"),
        columns=[
            Column("month", _("Month")),
            Column("posts", _("Posts measured")),
            Column("total", _("Reach, total")),
            Column("median", _("Median reach of a post")),
            Column("engagement", _("Engagement, %")),
        ],
        caption=_("Reach is the latest measurement of each post; a month without one has no data."),
    )
    for month, figures in reach.by_month(rows, end=end, count=MONTHS_SHOWN):
        table.add(
            {
                "month": formats.date_format(month, "m.Y"),
                "posts": figures.n,
                "total": figures.total if figures.n else no_data(),
                "median": _whole(figures.median),
                "engagement": _percent(figures.engagement),
            }
        )
    return table


def rubric_table(rows: list[reach.PostReach]) -> Table:
    table = Table(
        key="rubrics",
        title=_("Reach by rubric"),
        columns=[
            Column("rubric", _("Rubric")),
            Column("posts", _("Posts measured")),
            Column("median", _("Median reach of a post")),
            Column("total", _("Reach, total")),
            Column("engagement", _("Engagement, %")),
        ],
        caption=_("The portal's own posts by their plan's rubric, highest median first."),
    )
    found = reach.by_rubric(rows)
    # The rubric's name in the reader's language (the selectors give the Russian one).
    names = {
        rubric.pk: rubric.display_name
        for rubric in Rubric.objects.filter(pk__in=[item.rubric_id for item in found])
    }
    for item in found:
        table.add(
            {
                "rubric": names.get(item.rubric_id, item.rubric),
                "posts": item.figures.n,
                "median": _whole(item.figures.median),
                "total": item.figures.total,
                "engagement": _percent(item.figures.engagement),
            }
        )
    return table


def weekday_names() -> list[str]:
    return [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]


def hour_table(rows: list[reach.PostReach]) -> Table:
    """Weekday × hour of the median reach, each cell shaded by its share of the
    best one (reach-heat-0 … 4); a dash where no post was measured."""
    grid = reach.by_weekday_hour(rows)
    hours = sorted(set(HOURS_SHOWN) | {hour for _day, hour in grid})
    best = max((value for value, _n in grid.values()), default=0)
    table = Table(
        key="hours",
        title=_("Best hours: median reach by weekday and hour"),
        columns=[Column("weekday", _("Weekday"))]
        + [Column(f"h{hour}", f"{hour:02d}") for hour in hours],
        caption=_(
            "The hour a post went out (Almaty time); the darker, the further it reached. "
            "A dash: no post measured at that hour."
        ),
    )
    for day, name in enumerate(weekday_names()):
        row: dict[str, object] = {"weekday": name}
        for hour in hours:
            found = grid.get((day, hour))
            if found is None:
                row[f"h{hour}"] = None
                continue
            value, _n = found
            step = min(HEAT_STEPS - 1, int(HEAT_STEPS * value / best)) if best else 0
            row[f"h{hour}"] = Cell(round(value), css=f"reach-heat-{step}")
        table.add(row)
    return table


def platform_name(code: str) -> str:
    return str(SocialPage.Platform(code).label) if code in SocialPage.Platform.values else code


def top_table(rows: list[reach.PostReach]) -> Table:
    table = Table(
        key="top",
        title=_("The posts that reached most"),
        columns=[
            Column("title", _("Post")),
            Column("network", _("Network")),
            Column("date", _("Date")),
            Column("reach", _("Reach")),
            Column("engagement", _("Engagement, %")),
        ],
        caption=_("The ten posts of the period with the largest reach."),
    )
    for row in reach.top(rows, count=TOP_POSTS):
        table.add(
            {
                "title": row.title
                or _("Post %(id)s of the page (not from the plan)") % {"id": row.network_id},
                "network": platform_name(row.platform),
                "date": formats.date_format(timezone.localtime(row.posted_at), "SHORT_DATE_FORMAT"),
                "reach": row.reach,
                "engagement": _percent(row.engagement),
            }
        )
    return table


def branch_table(rows: list[reach.PostReach], *, region: Region) -> Table:
    table = Table(
        key="branches",
        title=_("Reach per 1,000 members by branch"),
        columns=[
            Column("branch", _("Branch")),
            Column("members", _("Members")),
            Column("reach", _("Reach, total")),
            Column("per_thousand", _("Per 1,000 members")),
        ],
        caption=_("The posts of each branch's own pages."),
    )
    measured = {row.branch_id for row in rows if row.reach is not None}
    for item in reach.branches_per_thousand(rows, region=region):
        table.add(
            {
                "branch": item.name,
                "members": item.members,
                "reach": item.reach if item.id in measured else no_data(),
                "per_thousand": _one_decimal(item.per_thousand),
            }
        )
    return table


def region_reach(*, region: Region, today: datetime.date) -> RegionReach:
    """The region's reach page. Queries: the period's posts; the branches; the
    ranking (the two months' posts and regions)."""
    start, end = twelve_months(today)
    rows = reach.posts(start=start, end=end, region=region)
    months = month_table(rows, end=end)
    rank_start, rank_end = last_full_month(today)
    ranked = reach.regions_ranked(start=rank_start, end=rank_end)
    return RegionReach(
        region=region,
        today=today,
        start=start,
        end=end,
        overall=reach.figures(rows),
        months=months,
        months_chart={
            "labels": months.column("month"),
            "series": [
                {"label": str(_("Reach, total")), "data": months.column("total")},
                {
                    "label": str(_("Median reach of a post")),
                    "data": months.column("median"),
                    "type": "line",
                    "axis": "y1",
                },
            ],
        },
        rubrics=rubric_table(rows),
        hours=hour_table(rows),
        top=top_table(rows),
        branches=branch_table(rows, region=region),
        rank=next((item for item in ranked if item.region.id == region.pk), None),
        rank_start=rank_start,
        ranked_regions=sum(1 for item in ranked if item.rank is not None),
    )


def region_table(*, region: Region, key: str, today: datetime.date) -> Table | None:
    """One table of the region's reach page, for its XLSX export."""
    start, end = twelve_months(today)
    if key not in ("months", "rubrics", "hours", "top", "branches"):
        return None
    rows = reach.posts(start=start, end=end, region=region)
    if key == "months":
        return month_table(rows, end=end)
    if key == "rubrics":
        return rubric_table(rows)
    if key == "hours":
        return hour_table(rows)
    if key == "top":
        return top_table(rows)
    return branch_table(rows, region=region)


# --- The regions ranked -----------------------------------------------------------------


@dataclass
class CentralReach:
    today: datetime.date
    start: datetime.date
    end: datetime.date
    ranked: list[reach.Ranked]
    table: Table

    def linked_rows(self) -> list[tuple[int, tuple[str, str], list[tuple[str, str]]]]:
        """Each row as the page draws it: the region's id (its name links to its
        reach page), the name's cell and the other cells (class, text)."""
        return [
            (item.region.id, drawn[0], drawn[1:])
            for item, drawn in zip(self.ranked, cells(self.table), strict=True)
        ]


def _change(value: float | None) -> Cell:
    if value is None:
        return no_data()
    rounded = tenths(value)
    css = "text-success" if rounded > 0 else "text-danger" if rounded < 0 else ""
    return Cell(rounded, css=css, text=f"{'+' if rounded > 0 else ''}{intcomma(rounded)}")


def ranking_table(ranked: list[reach.Ranked], *, start: datetime.date) -> Table:
    table = Table(
        key="regions",
        title=_("Regions by reach per 1,000 members"),
        columns=[
            Column("region", _("Region")),
            Column("rank", _("Rank")),
            Column("members", _("Members")),
            Column("reach", _("Reach, total")),
            Column("per_thousand", _("Per 1,000 members")),
            Column("previous", _("A month earlier")),
            Column("change", _("Change on the month before")),
            Column("engagement", _("Engagement, %")),
        ],
        caption=_(
            "%(month)s, the last full month, against the month before; a region without "
            "a measured post has no place."
        )
        % {"month": formats.date_format(start, "m.Y")},
    )
    for item in ranked:
        table.add(
            {
                "rank": _known(item.rank),
                "region": item.region.name,
                "members": item.region.members,
                "reach": item.region.reach if item.rank is not None else no_data(),
                "per_thousand": _one_decimal(item.region.per_thousand),
                "previous": _one_decimal(item.previous),
                "change": _change(item.change),
                "engagement": _percent(item.engagement),
            }
        )
    return table


def central_reach(*, today: datetime.date) -> CentralReach:
    """Every region ranked by reach per 1,000 members in the last full month, with
    the change on the month before. Four queries (two months' posts and regions)."""
    start, end = last_full_month(today)
    ranked = reach.regions_ranked(start=start, end=end)
    return CentralReach(
        today=today,
        start=start,
        end=end,
        ranked=ranked,
        table=ranking_table(ranked, start=start),
    )
