"""The content plan's figures on a dashboard, from the stored monthly
figures (`dashboards.MonthFigure`): fulfilment by month and channel, the
rubrics' grid and the branches featured."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from contentplan.models import Channel, Rubric
from portal import dates
from portal.models import Branch, Region

from .models import MonthFigure
from .tables import Cell, Column, Table, last_months, month_key, percent

# --- The content plan ---------------------------------------------------------------


class Figures:
    """A region's stored monthly figures (`dashboards.MonthFigure`) for the months
    shown, read in one query whatever the history holds."""

    def __init__(self, region: Region, months: list[datetime.date]):
        self.months = months
        self.rows: dict[tuple[str, int, datetime.date], MonthFigure] = {
            (row.kind, row.key, row.month): row
            for row in MonthFigure.objects.filter(
                region=region, month__gte=months[0], month__lte=months[-1]
            )
        }

    def get(self, kind: str, key: int, month: datetime.date) -> MonthFigure | None:
        return self.rows.get((kind, key, month))

    def of_kind(self, kind: str):
        return [row for (row_kind, _key, _month), row in self.rows.items() if row_kind == kind]


@dataclass
class PlanFigures:
    months: list[datetime.date]
    plan: Table  # month: planned, published, missed, fulfilment
    channels: Table  # month × channel: published
    chart: dict
    due: int
    published_due: int

    @property
    def fulfilment(self) -> int | None:
        """Published of the posts whose day has come, over the months shown."""
        return percent(self.published_due, self.due)


def plan_figures(
    *, region: Region, today: datetime.date, figures: Figures | None = None
) -> PlanFigures:
    """Published posts per month and channel against the plan, from the stored
    figures (the current month's by day, to count the posts whose day has come).
    Two queries, one when `figures` are given."""
    months = last_months(today)
    figures = figures or Figures(region, months)
    totals = _plan_totals(figures, months, today)
    by_channel = {
        (row.month, row.key): row.published for row in figures.of_kind(MonthFigure.Kind.CHANNEL)
    }
    channels = list(Channel.objects.order_by("position", "name"))
    plan = _plan_table(months, totals)
    return PlanFigures(
        months=months,
        plan=plan,
        channels=_channel_table(months, channels, by_channel),
        chart=_plan_chart(months, totals, channels, by_channel, plan),
        due=sum(totals.get(month, {}).get("due", 0) for month in months),
        published_due=sum(totals.get(month, {}).get("published_due", 0) for month in months),
    )


def _plan_totals(figures: Figures, months, today: datetime.date) -> dict[datetime.date, dict]:
    """Per month: posts planned, published, missed, and those whose day has come."""
    totals: dict[datetime.date, dict] = defaultdict(lambda: defaultdict(int))
    for row in figures.of_kind(MonthFigure.Kind.RUBRIC):
        month = totals[row.month]
        month["planned"] += row.posts
        month["published"] += row.published
        month["missed"] += row.missed
    current = dates.first_day(today)
    for month in months:
        if month < current:  # every day of a past month has come
            totals[month]["due"] = totals[month]["planned"]
            totals[month]["published_due"] = totals[month]["published"]
    for row in figures.of_kind(MonthFigure.Kind.DAY):
        if row.month == current and row.key <= today.day:
            totals[current]["due"] += row.posts
            totals[current]["published_due"] += row.published
    return totals


def _plan_table(months, totals) -> Table:
    plan = Table(
        key="plan",
        title=_("Plan fulfilment by month"),
        columns=[
            Column("month", _("Month")),
            Column("planned", _("Planned")),
            Column("published", _("Published")),
            Column("missed", _("Missed")),
            Column("fulfilment", _("Fulfilment, %")),
        ],
    )
    for month in months:
        row = totals.get(month, {})
        planned, published = row.get("planned", 0), row.get("published", 0)
        fulfilment = percent(published, planned)
        css = "" if fulfilment is None else "cov-ok" if fulfilment >= 90 else "cov-short"
        plan.add(
            {
                "month": f"{month:%m.%Y}",
                "planned": planned,
                "published": published,
                "missed": row.get("missed", 0),
                "fulfilment": Cell(fulfilment, css=css),
            }
        )
    return plan


def _channel_table(months, channels, by_channel) -> Table:
    table = Table(
        key="channels",
        title=_("Published posts by month and channel"),
        columns=[
            Column("month", _("Month")),
            *[Column(_channel_key(channel.pk), channel.display_name) for channel in channels],
        ],
    )
    for month in months:
        table.add(
            {
                "month": f"{month:%m.%Y}",
                **{
                    _channel_key(channel.pk): by_channel.get((month, channel.pk), 0)
                    for channel in channels
                },
            }
        )
    return table


def _plan_chart(months, totals, channels, by_channel, plan: Table) -> dict:
    published = [
        {
            "label": channel.display_name,
            "type": "bar",
            "stack": "published",
            "data": [by_channel.get((month, channel.pk), 0) for month in months],
        }
        for channel in channels
    ]
    lines = [
        {
            "label": str(_("Planned posts")),
            "type": "line",
            "color": "#212529",
            "data": [totals.get(month, {}).get("planned", 0) for month in months],
        },
        {
            "label": str(_("Fulfilment, %")),
            "type": "line",
            "axis": "y1",
            "color": "#dc3545",
            "data": plan.column("fulfilment"),
        },
    ]
    return {
        "labels": [f"{month:%m.%Y}" for month in months],
        "stacked": True,
        "series": published + lines,
    }


def _channel_key(pk: int) -> str:
    return f"channel-{pk}"


def rubric_grid(
    *, region: Region, months: list[datetime.date], figures: Figures | None = None
) -> Table:
    """Posts (not missed) per rubric and month, coloured against the rubric's
    monthly minimum. Two queries, one when `figures` are given."""
    figures = figures or Figures(region, months)
    counts = {
        (row.key, row.month): row.posts - row.missed
        for row in figures.of_kind(MonthFigure.Kind.RUBRIC)
    }
    used = {rubric_id for rubric_id, _month in counts}
    table = Table(
        key="rubrics",
        title=_("Rubrics by month"),
        columns=[
            Column("rubric", _("Rubric")),
            Column("minimum", _("Minimum")),
            *[Column(month_key(month), f"{month:%m.%Y}") for month in months],
        ],
        caption=_(
            "Posts planned and not missed. Green: the monthly minimum is met; "
            "yellow: fewer; red: none although a minimum is set."
        ),
    )
    for rubric in Rubric.objects.order_by("position", "name"):
        if not rubric.is_active and rubric.pk not in used:
            continue
        row = {"rubric": rubric.display_name, "minimum": rubric.monthly_minimum}
        for month in months:
            n = counts.get((rubric.pk, month), 0)
            minimum = rubric.monthly_minimum
            if minimum and n >= minimum:
                css = "cov-ok"
            elif minimum and n:
                css = "cov-short"
            elif minimum:
                css = "cov-none"
            else:
                css = "cov-extra" if n else ""
            row[month_key(month)] = Cell(n, css=css)
        table.add(row)
    return table


def featured_branches(
    *,
    region: Region,
    months: list[datetime.date],
    figures: Figures | None = None,
    branches: list[Branch] | None = None,
) -> Table:
    """How often each branch was the featured local agenda, least featured first.
    Two queries, none when `figures` and `branches` are given."""
    figures = figures or Figures(region, months)
    if branches is None:
        branches = list(Branch.objects.filter(region=region))
    featured: dict[int, int] = defaultdict(int)
    published: dict[int, int] = defaultdict(int)
    for row in figures.of_kind(MonthFigure.Kind.BRANCH):
        featured[row.key] += row.posts - row.missed
        published[row.key] += row.published
    branches = sorted(branches, key=lambda branch: (featured[branch.pk], branch.name))
    table = Table(
        key="branches",
        title=_("Local agenda: posts featuring each branch"),
        columns=[
            Column("branch", _("Branch")),
            Column("featured", _("Planned (not missed)")),
            Column("published", _("Published")),
        ],
        caption=_("The last 12 months, least featured first."),
    )
    for branch in branches:
        shown = featured[branch.pk]
        css = "cov-none" if not shown else ""
        table.add(
            {
                "branch": Cell(branch.name, css=css),
                "featured": shown,
                "published": published[branch.pk],
            }
        )
    return table
