"""The figures of the dashboards, for one region and for all regions side by side.

Every function here costs a fixed number of SQL queries however much data
there is: the counting is done by the database (GROUP BY, subqueries for the
latest measurement or audit of each page), and Python only arranges the rows.
Each table is returned as a `Table`, which the page, its chart and its XLSX
export all read, so the three never disagree.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import selectors as page_selectors
from branches.models import PageAudit, PageSnapshot, SocialPage
from brand.selectors import standard_figures
from bulletins.models import Bulletin, Collection
from contentplan.models import Campaign, Channel, PlannedPost, Rubric
from portal import dates
from portal import selectors as portal_selectors
from portal.models import Branch, Region
from questions.selectors import question_figures
from surveys import selectors as survey_selectors

from . import permissions
from .models import MonthFigure

Verdict = PageAudit.Verdict
PUBLISHED = PlannedPost.Status.PUBLISHED
MISSED = PlannedPost.Status.MISSED
CLOSED = SocialPage.Lifecycle.CLOSED
MONTHS_SHOWN = 12
WORST_PAGES_SHOWN = 15


# --- Tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A value with how to show it: `css` colours it, `text` replaces it on the page."""

    value: object
    css: str = ""
    text: str | None = None

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def empty(self) -> bool:
        return self.value is None or self.value == ""


@dataclass(frozen=True)
class Column:
    """A column of a `Table`: `key` is how code reads it, `label` how people do."""

    key: str
    label: str


@dataclass
class Table:
    """Rows keyed by column: the page, the charts and the XLSX export read the
    columns by their keys, so adding or moving a column breaks none of them."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, object]] = field(default_factory=list)
    caption: str = ""

    def add(self, row: dict[str, object]) -> None:
        if row.keys() != {column.key for column in self.columns}:
            raise ValueError(f"table {self.key!r}: a row with keys {sorted(row)}")
        self.rows.append(row)

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    def column(self, key: str) -> list:
        """The raw values of one column, for a chart."""
        return [_raw(row[key]) for row in self.rows]

    def plain_rows(self) -> list[list]:
        """Raw values in column order, for the XLSX export."""
        keys = [column.key for column in self.columns]
        return [[_raw(row[key]) for key in keys] for row in self.rows]


def _raw(value):
    return value.value if isinstance(value, Cell) else value


def month_key(month: datetime.date) -> str:
    """The key of a month's column."""
    return f"{month:%Y-%m}"


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Months -------------------------------------------------------------------------


def last_months(today: datetime.date, count: int = MONTHS_SHOWN) -> list[datetime.date]:
    """The first days of the last `count` months, the current one last."""
    current = dates.first_day(today)
    return [dates.add_months(current, n) for n in range(-count + 1, 1)]


# --- Scope ----------------------------------------------------------------------------


def dashboard_region(*, user, pk: int) -> Region:
    """The region with its totals (branches, organisations, members), or 404 outside
    the user's dashboard scope."""
    regions = portal_selectors.regions_with_totals(user=user).filter(
        pk__in=permissions.dashboard_regions_for(user).values("pk")
    )
    return get_object_or_404(regions, pk=pk)


# --- Pages and followers ------------------------------------------------------------


def _followers_on(day: datetime.date) -> Subquery:
    """Followers of the page (OuterRef) by its latest measurement on or before `day`."""
    return Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=day)
        .order_by("-measured_on")
        .values("followers")[:1]
    )


def _latest_verdict() -> Subquery:
    return Subquery(
        PageAudit.objects.filter(page=OuterRef("pk")).order_by("-as_of").values("verdict")[:1]
    )


def _latest_source() -> Subquery:
    """Where the newest measurement of the page (OuterRef) came from."""
    return Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"))
        .order_by("-measured_on")
        .values("source")[:1]
    )


PLATFORM_LABELS = dict(SocialPage.Platform.choices)


def followers_by_platform(*, region: Region, today: datetime.date) -> Table:
    """Followers per platform now and 30 and 90 days ago. One query."""
    rows = (
        SocialPage.objects.filter(region=region)
        .exclude(lifecycle=CLOSED)
        .annotate(
            now=_followers_on(today),
            d30=_followers_on(today - datetime.timedelta(days=30)),
            d90=_followers_on(today - datetime.timedelta(days=90)),
        )
        .values("platform")
        .annotate(pages=Count("pk"), now_sum=Sum("now"), d30_sum=Sum("d30"), d90_sum=Sum("d90"))
        .order_by("platform")
    )
    table = Table(
        key="followers",
        title=_("Followers by platform"),
        columns=[
            Column("platform", _("Platform")),
            Column("pages", _("Pages")),
            Column("now", _("Followers now")),
            Column("d30", _("30 days ago")),
            Column("change30", _("Change in 30 days")),
            Column("d90", _("90 days ago")),
            Column("change90", _("Change in 90 days")),
        ],
    )
    for row in sorted(rows, key=lambda r: -(r["now_sum"] or 0)):
        now, d30, d90 = row["now_sum"] or 0, row["d30_sum"], row["d90_sum"]
        table.add(
            {
                "platform": str(PLATFORM_LABELS.get(row["platform"], row["platform"])),
                "pages": row["pages"],
                "now": now,
                "d30": d30,
                "change30": _change(now, d30),
                "d90": d90,
                "change90": _change(now, d90),
            }
        )
    return table


DAYS_CHARTED = 90


def followers_by_day(
    *, region: Region, today: datetime.date, days: int = DAYS_CHARTED
) -> tuple[Table, dict]:
    """Followers of the region's open pages on each of the last `days` days, per
    platform: each page counts with its newest measurement on or before the day
    (as «Followers now» does), so a page measured every morning adds a point a
    day. One query: the window's measurements and, beside them (a UNION), each
    page's last one before it — looked up once a page, through the index on
    (page, measured_on), so that years of daily measurements are never read.
    """
    start = today - datetime.timedelta(days=days - 1)
    pages = SocialPage.objects.filter(region=region).exclude(lifecycle=CLOSED)
    last_before_start = pages.annotate(
        last=Subquery(
            PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lt=start)
            .order_by("-measured_on")
            .values("pk")[:1]
        )
    ).values("last")
    columns = ("page_id", "page__platform", "measured_on", "followers")
    window = (
        PageSnapshot.objects.filter(page__in=pages, measured_on__gte=start, measured_on__lte=today)
        .values_list(*columns)
        .order_by()
    )
    earlier = PageSnapshot.objects.filter(pk__in=last_before_start).values_list(*columns).order_by()
    rows = window.union(earlier, all=True).order_by("page_id", "measured_on")
    history: dict[int, list[tuple[datetime.date, int | None]]] = defaultdict(list)
    platform_of: dict[int, str] = {}
    for page_id, platform, measured_on, followers in rows:
        history[page_id].append((measured_on, followers))
        platform_of[page_id] = platform
    day_list = [start + datetime.timedelta(days=n) for n in range(days)]
    totals: dict[str, list[int | None]] = {}
    for page_id, points in history.items():
        series = totals.setdefault(platform_of[page_id], [None] * days)
        position, current = 0, None
        for index, day in enumerate(day_list):
            while position < len(points) and points[position][0] <= day:
                current = points[position][1]
                position += 1
            if current is not None:
                series[index] = (series[index] or 0) + current
    # Platforms without a follower figure (a site, Aitu unless counted) draw no line.
    platforms = sorted(
        (p for p in totals if any(value is not None for value in totals[p])),
        key=lambda p: -(totals[p][-1] or 0),
    )
    table = Table(
        key="followers_daily",
        title=_("Followers by day, the last %(days)s days") % {"days": days},
        columns=[
            Column("day", _("Day")),
            *[Column(p, str(PLATFORM_LABELS.get(p, p))) for p in platforms],
            Column("total", _("All pages")),
        ],
        caption=_(
            "Each page counts with its newest measurement on or before the day; "
            "a page measured through its network adds a point every morning."
        ),
    )
    for index, day in enumerate(day_list):
        values = {p: totals[p][index] for p in platforms}
        known = [v for v in values.values() if v is not None]
        table.add({"day": day, **values, "total": sum(known) if known else None})
    chart = {
        "labels": [f"{day:%d.%m}" for day in day_list],
        "series": [{"label": str(PLATFORM_LABELS.get(p, p)), "data": totals[p]} for p in platforms],
    }
    return table, chart


def own_pages(*, region: Region) -> Table:
    """The region's own pages (not its branches') with their newest measurement,
    its date and where it came from: the network's API, a person, a file. One query."""

    def latest(field_name: str) -> Subquery:
        return Subquery(
            PageSnapshot.objects.filter(page=OuterRef("pk"))
            .order_by("-measured_on")
            .values(field_name)[:1]
        )

    pages = (
        SocialPage.objects.filter(region=region, branch__isnull=True)
        .exclude(lifecycle=CLOSED)
        .annotate(
            followers=latest("followers"),
            posts=latest("posts_30d"),
            measured_on=latest("measured_on"),
            source=latest("source"),
        )
        .order_by("platform", "pk")
    )
    sources = dict(PageSnapshot.Source.choices)
    table = Table(
        key="own_pages",
        title=_("The region's own pages"),
        columns=[
            Column("platform", _("Platform")),
            Column("url", _("Address")),
            Column("followers", _("Followers")),
            Column("posts", _("Posts in 30 days")),
            Column("measured_on", _("Measured on")),
            Column("source", _("Source")),
        ],
        caption=_("Each page's newest measurement and where it came from."),
    )
    for page in pages:
        source = str(sources.get(page.source, "")) if page.source else ""
        table.add(
            {
                "platform": str(PLATFORM_LABELS.get(page.platform, page.platform)),
                "url": page.url,
                "followers": page.followers,
                "posts": page.posts,
                "measured_on": page.measured_on,
                "source": Cell(
                    source, css="source-api" if page.source == PageSnapshot.Source.API else ""
                ),
            }
        )
    return table


def _change(now: int, before: int | None) -> Cell:
    if before is None:
        return Cell(None, text="—")
    delta = now - before
    css = "text-success" if delta > 0 else "text-danger" if delta < 0 else ""
    return Cell(delta, css=css, text=f"{delta:+d}")


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
    by_channel = {
        (row.month, row.key): row.published for row in figures.of_kind(MonthFigure.Kind.CHANNEL)
    }
    channels = list(Channel.objects.order_by("position", "name"))

    month_labels = [f"{month:%m.%Y}" for month in months]
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
    due = published_due = 0
    for month, label in zip(months, month_labels, strict=True):
        row = totals.get(month, {})
        planned, published = row.get("planned", 0), row.get("published", 0)
        due += row.get("due", 0)
        published_due += row.get("published_due", 0)
        fulfilment = percent(published, planned)
        css = "" if fulfilment is None else "cov-ok" if fulfilment >= 90 else "cov-short"
        plan.add(
            {
                "month": label,
                "planned": planned,
                "published": published,
                "missed": row.get("missed", 0),
                "fulfilment": Cell(fulfilment, css=css),
            }
        )
    channel_table = Table(
        key="channels",
        title=_("Published posts by month and channel"),
        columns=[
            Column("month", _("Month")),
            *[Column(_channel_key(channel.pk), channel.display_name) for channel in channels],
        ],
    )
    for month, label in zip(months, month_labels, strict=True):
        channel_table.add(
            {
                "month": label,
                **{
                    _channel_key(channel.pk): by_channel.get((month, channel.pk), 0)
                    for channel in channels
                },
            }
        )
    chart = {
        "labels": month_labels,
        "stacked": True,
        "series": [
            {
                "label": channel.display_name,
                "type": "bar",
                "stack": "published",
                "data": [by_channel.get((month, channel.pk), 0) for month in months],
            }
            for channel in channels
        ]
        + [
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
        ],
    }
    return PlanFigures(
        months=months,
        plan=plan,
        channels=channel_table,
        chart=chart,
        due=due,
        published_due=published_due,
    )


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


# --- Submissions from branches ----------------------------------------------------------


def submission_table(
    *,
    region: Region,
    months: list[datetime.date],
    today: datetime.date,
    figures: Figures | None = None,
    branches: list[Branch] | None = None,
) -> Table:
    """Materials from each branch with acceptance and the median review time, from
    the stored figures. Two queries, none when `figures` and `branches` are given."""
    figures = figures or Figures(region, months)
    if branches is None:
        branches = list(Branch.objects.filter(region=region))
    per_branch = {
        branch.pk: {"name": branch.name, "submitted": 0, "accepted": 0, "returned": 0,
                    "rejected": 0, "days": []}
        for branch in branches
    }  # fmt: skip
    for row in figures.of_kind(MonthFigure.Kind.BRANCH):
        entry = per_branch.get(row.key)
        if entry is None:
            continue
        entry["submitted"] += row.submitted
        entry["accepted"] += row.accepted
        entry["returned"] += row.returned
        entry["rejected"] += row.rejected
        entry["days"] += row.review_days
    for entry in per_branch.values():
        entry["median"] = round(statistics.median(entry["days"]), 1) if entry["days"] else None
    table = Table(
        key="submissions",
        title=_("Materials from branches"),
        columns=[
            Column("branch", _("Branch")),
            Column("submitted", _("Submitted")),
            Column("accepted", _("Accepted")),
            Column("returned", _("Returned")),
            Column("rejected", _("Rejected")),
            Column("acceptance", _("Accepted of decided, %")),
            Column("median_days", _("Median review time, days")),
        ],
        caption=_(
            "The last 12 months. The review time is the median of days from sending "
            "to the first decision over the materials decided in these months."
        ),
    )
    for entry in sorted(per_branch.values(), key=lambda e: (-e["submitted"], e["name"])):
        decided = entry["accepted"] + entry["returned"] + entry["rejected"]
        table.add(
            {
                "branch": entry["name"],
                "submitted": entry["submitted"],
                "accepted": entry["accepted"],
                "returned": entry["returned"],
                "rejected": entry["rejected"],
                "acceptance": percent(entry["accepted"], decided),
                "median_days": entry["median"],
            }
        )
    return table


# --- Members' questions and the page standard ------------------------------------------


def campaign_table(*, region: Region, months: list[datetime.date]) -> Table:
    """The region's campaigns running in the months shown (or later), with
    their posts counted: planned (not missed), published, missed (one query)."""
    campaigns = (
        Campaign.objects.filter(region=region, ends__gte=months[0])
        .annotate(
            planned=Count("posts", filter=~Q(posts__status=MISSED), distinct=True),
            published=Count("posts", filter=Q(posts__status=PUBLISHED), distinct=True),
            missed=Count("posts", filter=Q(posts__status=MISSED), distinct=True),
        )
        .order_by("starts", "name")
    )
    table = Table(
        key="campaigns",
        title=_("Campaigns"),
        columns=[
            Column("campaign", _("Campaign")),
            Column("dates", _("Dates")),
            Column("planned", _("Planned (not missed)")),
            Column("published", _("Published")),
            Column("missed", _("Missed")),
        ],
        caption=_("The region's campaigns of these months and their posts."),
    )
    for campaign in campaigns:
        table.add(
            {
                "campaign": campaign.name,
                "dates": f"{campaign.starts:%d.%m.%Y} – {campaign.ends:%d.%m.%Y}",
                "planned": campaign.planned,
                "published": campaign.published,
                "missed": campaign.missed,
            }
        )
    return table


def question_table(*, region: Region, months: list[datetime.date], today) -> Table | None:
    """Members' questions per month and topic with the median days to an answer
    (one query)."""
    figures = question_figures(region, months[0], today)
    topics = figures["topics"]
    table = Table(
        key="questions",
        title=_("Members' questions by month and topic"),
        columns=[
            Column("month", _("Month")),
            *[Column(_topic_key(code), str(label)) for code, label in topics],
            Column("all", _("All")),
            Column("median_days", _("Median days to an answer")),
        ],
        caption=_(
            "Questions received in each month (spam left out); the median counts "
            "the answered ones from receiving to answering."
        ),
    )
    for month in figures["months"]:
        counts = figures["counts"][month]
        table.add(
            {
                "month": f"{month:%m.%Y}",
                **{_topic_key(code): counts[code] for code, _label in topics},
                "all": figures["per_month"][month],
                "median_days": figures["median_days_per_month"][month],
            }
        )
    table.add(
        {
            "month": Cell(_("12 months"), css="fw-semibold"),
            **{_topic_key(code): figures["per_topic"][code] for code, _label in topics},
            "all": figures["total"],
            "median_days": figures["median_days"],
        }
    )
    return table


def _topic_key(code: str) -> str:
    return f"topic-{code}"


def standard_share(*, region: Region, months: list[datetime.date], today) -> int | None:
    """The share of checked posts that met the page standard in their latest
    check, in per cent (one query), or None (nothing checked)."""
    figures = standard_figures(region, months[0], today)
    return percent(figures.passed, figures.checked)


# --- Members' surveys ------------------------------------------------------------------


@dataclass
class SurveyFigures:
    surveys: int
    months: Table
    channels: Table

    @property
    def chart(self) -> dict:
        return {
            "labels": self.channels.column("channel"),
            "horizontal": True,
            "series": [
                {"label": str(_("Members who named it")), "data": self.channels.column("n")}
            ],
        }


def survey_figures(*, region: Region, months: list[datetime.date]) -> SurveyFigures:
    """Surveys run, answers per month, and «where do you read union news» by
    channel (three queries)."""
    figures = survey_selectors.region_figures(region=region, start=months[0], months=months)
    per_month = Table(
        key="surveys",
        title=_("Members' surveys: answers per month"),
        columns=[Column("month", _("Month")), Column("answers", _("Answers to surveys"))],
    )
    for month, count in figures.per_month.items():
        per_month.add({"month": f"{month:%m.%Y}", "answers": count})
    channels = Table(
        key="survey_channels",
        title=_("Where members read union news"),
        columns=[Column("channel", _("Channel")), Column("n", _("Members who named it"))],
    )
    for name, count in figures.channels:
        channels.add({"channel": name, "n": count})
    return SurveyFigures(surveys=figures.surveys, months=per_month, channels=channels)


# --- The library ---------------------------------------------------------------------


@dataclass
class LibraryFigures:
    bulletins: int
    scans: int
    downloads: int
    table: Table


def library_figures(*, region: Region, top: int | None = 10) -> LibraryFigures:
    """Scans and downloads of the region's bulletins and folders. Three queries."""
    totals = Bulletin.objects.filter(region=region).aggregate(
        n=Count("pk"), scans=Sum("scans"), downloads=Sum("downloads")
    )
    bulletins = Bulletin.objects.filter(region=region).order_by("-scans", "-downloads", "number")
    if top is not None:
        bulletins = bulletins[:top]
    collections = (
        Collection.objects.filter(region=region)
        .annotate(item_downloads=Sum("sections__items__downloads"))
        .order_by("-scans", "title")
    )
    table = Table(
        key="library",
        title=_("Library: QR scans and downloads"),
        columns=[
            Column("material", _("Material")),
            Column("scans", _("QR code scans")),
            Column("downloads", _("Downloads")),
        ],
        caption=_("Folders, then the most scanned bulletins."),
    )
    scans, downloads = totals["scans"] or 0, totals["downloads"] or 0
    for collection in collections:
        scans += collection.scans
        downloads += collection.item_downloads or 0
        table.add(
            {
                "material": collection.title,
                "scans": collection.scans,
                "downloads": collection.item_downloads or 0,
            }
        )
    for bulletin in bulletins:
        table.add(
            {"material": str(bulletin), "scans": bulletin.scans, "downloads": bulletin.downloads}
        )
    return LibraryFigures(bulletins=totals["n"], scans=scans, downloads=downloads, table=table)


# --- The page audit ---------------------------------------------------------------------


@dataclass
class AuditFigures:
    counts: dict[str, int]  # verdict (or "" for never audited) → pages
    table: Table
    chart: dict

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def audit_figures(*, user, region: Region, limit: int | None = WORST_PAGES_SHOWN) -> AuditFigures:
    """Pages by their latest verdict, and the worst pages first. Four queries."""
    pages = SocialPage.objects.filter(region=region).exclude(lifecycle=CLOSED)
    counts = {
        row["verdict"] or "": row["n"]
        for row in pages.annotate(verdict=_latest_verdict())
        .values("verdict")
        .annotate(n=Count("pk"))
        .order_by()
    }
    worst = page_selectors.audit_rows(user=user, region=region, worst_first=True, limit=limit)
    table = Table(
        key="audit",
        title=_("Page audit: the worst pages first"),
        columns=[
            Column("owner", _("Owner")),
            Column("platform", _("Platform")),
            Column("url", _("Address")),
            Column("followers", _("Followers")),
            Column("last_own_post", _("Last own post")),
            Column("measured_on", _("Measured on")),
            Column("source", _("Source")),
            Column("verdict", _("Verdict")),
            Column("recommendation", _("Recommendation")),
        ],
    )
    for page in worst:
        audit, snapshot = page.latest_audit, page.latest_snapshot
        table.add(
            {
                "owner": page.owner_name,
                "platform": page.get_platform_display(),
                "url": page.url,
                "followers": snapshot.followers if snapshot else None,
                "last_own_post": snapshot.last_own_post if snapshot else None,
                "measured_on": snapshot.measured_on if snapshot else None,
                "source": _source_cell(snapshot),
                "verdict": Cell(
                    audit.verdict if audit else "",
                    css=f"verdict-{audit.verdict}" if audit else "",
                    text=str(audit.get_verdict_display()) if audit else "—",
                ),
                "recommendation": str(audit.get_recommendation_display()) if audit else "",
            }
        )
    labels = dict(Verdict.choices)
    order = [Verdict.ACTIVE, Verdict.IRREGULAR, Verdict.DORMANT, Verdict.ABANDONED]
    chart = {
        "labels": [str(labels[v]) for v in order] + [str(_("not audited"))],
        "series": [
            {
                "label": str(_("Pages")),
                "data": [counts.get(v, 0) for v in order] + [counts.get("", 0)],
                "colors": ["#198754", "#ffc107", "#fd7e14", "#dc3545", "#adb5bd"],
            }
        ],
    }
    return AuditFigures(counts=counts, table=table, chart=chart)


def _source_cell(snapshot: PageSnapshot | None) -> Cell:
    """Where the newest figures came from: the network's API is told apart at a glance."""
    if snapshot is None:
        return Cell("")
    label = str(snapshot.get_source_display())
    return Cell(label, css="source-api" if snapshot.measured else "")


# --- The region dashboard ------------------------------------------------------------


@dataclass
class RegionDashboard:
    region_id: int
    today: datetime.date
    followers: Table
    followers_chart: dict
    followers_daily: Table
    followers_daily_chart: dict
    own_pages: Table
    plan: PlanFigures
    rubrics: Table
    branches: Table
    branches_chart: dict
    submissions: Table
    questions: Table | None
    standard_share: int | None
    campaigns: Table
    library: LibraryFigures
    audit: AuditFigures
    surveys: SurveyFigures

    @property
    def followers_now(self) -> int:
        return sum(self.followers.column("now"))

    @property
    def tables(self) -> dict[str, Table]:
        tables = [
            self.followers,
            self.followers_daily,
            self.own_pages,
            self.plan.plan,
            self.plan.channels,
            self.rubrics,
            self.branches,
            self.campaigns,
            self.submissions,
            self.questions,
            self.library.table,
            self.audit.table,
            self.surveys.months,
            self.surveys.channels,
        ]
        return {table.key: table for table in tables if table is not None}


def region_dashboard(*, user, region: Region, today: datetime.date) -> RegionDashboard:
    followers = followers_by_platform(region=region, today=today)
    followers_daily, followers_daily_chart = followers_by_day(region=region, today=today)
    months = last_months(today)
    figures = Figures(region, months)
    branch_list = list(Branch.objects.filter(region=region))
    plan = plan_figures(region=region, today=today, figures=figures)
    branches = featured_branches(
        region=region, months=months, figures=figures, branches=branch_list
    )
    return RegionDashboard(
        region_id=region.pk,
        today=today,
        followers=followers,
        followers_chart={
            "labels": followers.column("platform"),
            "series": [
                {"label": str(_("90 days ago")), "data": followers.column("d90")},
                {"label": str(_("30 days ago")), "data": followers.column("d30")},
                {"label": str(_("now")), "data": followers.column("now")},
            ],
        },
        followers_daily=followers_daily,
        followers_daily_chart=followers_daily_chart,
        own_pages=own_pages(region=region),
        plan=plan,
        rubrics=rubric_grid(region=region, months=months, figures=figures),
        branches=branches,
        branches_chart={
            "labels": branches.column("branch"),
            "horizontal": True,
            "series": [
                {"label": str(_("Planned (not missed)")), "data": branches.column("featured")},
                {"label": str(_("Published")), "data": branches.column("published")},
            ],
        },
        submissions=submission_table(
            region=region, months=months, today=today, figures=figures, branches=branch_list
        ),
        questions=question_table(region=region, months=months, today=today),
        standard_share=standard_share(region=region, months=months, today=today),
        library=library_figures(region=region),
        audit=audit_figures(user=user, region=region),
        campaigns=campaign_table(region=region, months=months),
        surveys=survey_figures(region=region, months=months),
    )


def region_table(*, user, region: Region, key: str, today: datetime.date) -> Table | None:
    """One table of the region dashboard in full, for its XLSX export."""
    months = last_months(today)
    if key == "followers":
        return followers_by_platform(region=region, today=today)
    if key == "own_pages":
        return own_pages(region=region)
    if key == "followers_daily":
        return followers_by_day(region=region, today=today)[0]
    if key in ("plan", "channels"):
        plan = plan_figures(region=region, today=today)
        return plan.plan if key == "plan" else plan.channels
    if key == "rubrics":
        return rubric_grid(region=region, months=months)
    if key == "branches":
        return featured_branches(region=region, months=months)
    if key == "campaigns":
        return campaign_table(region=region, months=months)
    if key == "submissions":
        return submission_table(region=region, months=months, today=today)
    if key == "questions":
        return question_table(region=region, months=months, today=today)
    if key == "library":
        return library_figures(region=region, top=None).table
    if key == "audit":
        return audit_figures(user=user, region=region, limit=None).table
    if key in ("surveys", "survey_channels"):
        found = survey_figures(region=region, months=months)
        return found.months if key == "surveys" else found.channels
    return None


# --- The central dashboard ---------------------------------------------------------------

SORTS = {
    "instagram": gettext_lazy("Instagram followers"),
    "followers": gettext_lazy("all followers"),
    "members": gettext_lazy("members"),
    "fulfilment": gettext_lazy("plan fulfilment"),
    "abandoned": gettext_lazy("abandoned pages"),
    "scans": gettext_lazy("library scans"),
    "name": gettext_lazy("name"),
}


@dataclass(frozen=True)
class RegionName:
    """What a row of the central dashboard shows of its region (no model row:
    the dashboard is kept in the cache as figures and names)."""

    pk: int
    short_name: str
    is_demo: bool


@dataclass
class RegionRow:
    region: RegionName
    members: int = 0
    branches: int = 0
    organisations: int = 0
    followers: int = 0
    instagram: int = 0
    instagram_rank: int | None = None
    followers_rank: int | None = None
    pages: int = 0
    measured: int = 0  # pages whose newest figures the network's API gave
    abandoned: int = 0
    dormant: int = 0
    planned: int = 0
    published: int = 0
    scans: int = 0

    @property
    def fulfilment(self) -> int | None:
        return percent(self.published, self.planned)


@dataclass
class CentralDashboard:
    rows: list[RegionRow]
    month: datetime.date  # the last full month, for plan fulfilment
    sort: str
    table: Table

    @property
    def abandoned_regions(self) -> list[RegionRow]:
        return [row for row in self.rows if row.abandoned]


def _ranks(rows: list[RegionRow], attr: str, rank_attr: str) -> None:
    """Competition ranking (1, 2, 2, 4) among regions with a figure above zero."""
    ranked = sorted((r for r in rows if getattr(r, attr)), key=lambda r: -getattr(r, attr))
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if getattr(row, attr) != previous:
            rank, previous = position, getattr(row, attr)
        setattr(row, rank_attr, rank)


def instagram_followers_by_region(*, today: datetime.date, region_ids=None) -> dict[int, int]:
    """Followers of each region's own Instagram page (not its branches'), as the
    report ranks regions, by the latest measurement on or before `today`."""
    pages = SocialPage.objects.filter(
        platform=SocialPage.Platform.INSTAGRAM, branch__isnull=True
    ).exclude(lifecycle=CLOSED)
    if region_ids is not None:
        pages = pages.filter(region__in=region_ids)
    return {
        row["region"]: row["total"] or 0
        for row in pages.annotate(f=_followers_on(today))
        .values("region")
        .annotate(total=Sum("f"))
        .order_by()
    }


def central_dashboard(*, user, today: datetime.date, sort: str = "instagram") -> CentralDashboard:
    """Every region in the user's scope side by side. Six queries."""
    regions = list(portal_selectors.regions_with_totals(user=user).order_by("short_name"))
    rows = {
        region.pk: RegionRow(
            region=RegionName(pk=region.pk, short_name=region.short_name, is_demo=region.is_demo),
            members=region.member_count or 0,
            branches=region.branch_count,
            organisations=region.organisation_count,
        )
        for region in regions
    }
    ids = list(rows)
    pages = SocialPage.objects.filter(region__in=ids).exclude(lifecycle=CLOSED)
    for row in (
        pages.annotate(f=_followers_on(today), verdict=_latest_verdict(), source=_latest_source())
        .values("region")
        .annotate(
            total=Sum("f"),
            measured=Count("pk", filter=Q(source=PageSnapshot.Source.API)),
            instagram=Sum(
                "f", filter=Q(platform=SocialPage.Platform.INSTAGRAM, branch__isnull=True)
            ),
            pages=Count("pk"),
            abandoned=Count("pk", filter=Q(verdict=Verdict.ABANDONED)),
            dormant=Count("pk", filter=Q(verdict=Verdict.DORMANT)),
        )
        .order_by()
    ):
        target = rows[row["region"]]
        target.followers = row["total"] or 0
        target.instagram = row["instagram"] or 0
        target.measured = row["measured"]
        target.pages, target.abandoned, target.dormant = (
            row["pages"],
            row["abandoned"],
            row["dormant"],
        )
    month = dates.add_months(dates.first_day(today), -1)
    for row in (
        PlannedPost.objects.filter(plan__region__in=ids, plan__month=month)
        .values("plan__region")
        .annotate(planned=Count("pk"), published=Count("pk", filter=Q(status=PUBLISHED)))
        .order_by()
    ):
        rows[row["plan__region"]].planned = row["planned"]
        rows[row["plan__region"]].published = row["published"]
    scans: dict[int, int] = defaultdict(int)
    for model in (Bulletin, Collection):
        for row in (
            model.objects.filter(region__in=ids)
            .values("region")
            .annotate(s=Sum("scans"))
            .order_by()
        ):
            scans[row["region"]] += row["s"] or 0
    for region_id, total in scans.items():
        rows[region_id].scans = total
    result = list(rows.values())
    _ranks(result, "instagram", "instagram_rank")
    _ranks(result, "followers", "followers_rank")
    sort = sort if sort in SORTS else "instagram"
    result.sort(key=_sort_key(sort))
    return CentralDashboard(
        rows=result, month=month, sort=sort, table=_central_table(result, month)
    )


def _sort_key(sort: str):
    def last_if_none(value):
        return (value is None, -(value or 0))

    keys = {
        "instagram": lambda r: (
            r.instagram_rank is None,
            r.instagram_rank or 0,
            r.region.short_name,
        ),
        "followers": lambda r: (
            r.followers_rank is None,
            r.followers_rank or 0,
            r.region.short_name,
        ),
        "members": lambda r: (-r.members, r.region.short_name),
        "fulfilment": lambda r: (*last_if_none(r.fulfilment), r.region.short_name),
        "abandoned": lambda r: (-r.abandoned, r.region.short_name),
        "scans": lambda r: (-r.scans, r.region.short_name),
        "name": lambda r: r.region.short_name,
    }
    return keys[sort]


def _central_table(rows: list[RegionRow], month: datetime.date) -> Table:
    table = Table(
        key="regions",
        title=_("Regions side by side"),
        columns=[
            Column("region", _("Region")),
            Column("members", _("Members")),
            Column("branches", _("Branches")),
            Column("organisations", _("Organisations")),
            Column("followers", _("Followers")),
            Column("instagram", _("Instagram followers (regional page)")),
            Column("instagram_rank", _("Instagram rank")),
            Column("pages", _("Pages")),
            Column("measured", _("Measured through the network")),
            Column("abandoned", _("Abandoned pages")),
            Column("dormant", _("Dormant pages")),
            Column(
                "fulfilment",
                _("Plan fulfilment %(month)s, %%") % {"month": f"{month:%m.%Y}"},
            ),
            Column("scans", _("Library scans")),
        ],
    )
    for row in rows:
        fulfilment = row.fulfilment
        table.add(
            {
                "region": row.region.short_name,
                "members": row.members,
                "branches": row.branches,
                "organisations": row.organisations,
                "followers": row.followers,
                "instagram": row.instagram,
                "instagram_rank": row.instagram_rank,
                "pages": row.pages,
                "measured": row.measured,
                "abandoned": Cell(row.abandoned, css="cov-none" if row.abandoned else ""),
                "dormant": row.dormant,
                "fulfilment": Cell(
                    fulfilment,
                    css="" if fulfilment is None else "cov-ok" if fulfilment >= 90 else "cov-short",
                ),
                "scans": row.scans,
            }
        )
    return table
