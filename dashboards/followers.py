"""Pages and their followers: per platform, by day, and the region's own
pages with their newest measurement. A fixed number of queries each."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from branches.models import PageAudit, PageSnapshot, SocialPage
from portal.models import Region

from .tables import Cell, Column, Table

CLOSED = SocialPage.Lifecycle.CLOSED

# --- Pages and followers ------------------------------------------------------------


def followers_on(day: datetime.date) -> Subquery:
    """Followers of the page (OuterRef) by its latest measurement on or before `day`."""
    return Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=day)
        .order_by("-measured_on")
        .values("followers")[:1]
    )


def latest_verdict() -> Subquery:
    return Subquery(
        PageAudit.objects.filter(page=OuterRef("pk")).order_by("-as_of").values("verdict")[:1]
    )


def latest_source() -> Subquery:
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
            now=followers_on(today),
            d30=followers_on(today - datetime.timedelta(days=30)),
            d90=followers_on(today - datetime.timedelta(days=90)),
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
    day. One query (`_history`)."""
    start = today - datetime.timedelta(days=days - 1)
    day_list = [start + datetime.timedelta(days=n) for n in range(days)]
    totals = _daily_totals(*_history(region=region, start=start, today=today), day_list)
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


def _history(*, region: Region, start: datetime.date, today: datetime.date):
    """Each open page's measurements of the window and, beside them (a UNION),
    its last one before it — looked up once a page, through the index on
    (page, measured_on), so that years of daily measurements are never read.
    One query: ({page: [(day, followers)]}, {page: platform})."""
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
    return history, platform_of


def _daily_totals(history, platform_of, day_list) -> dict[str, list[int | None]]:
    """Per platform, the sum of its pages' followers on each day (None before any)."""
    totals: dict[str, list[int | None]] = {}
    for page_id, points in history.items():
        series = totals.setdefault(platform_of[page_id], [None] * len(day_list))
        position, current = 0, None
        for index, day in enumerate(day_list):
            while position < len(points) and points[position][0] <= day:
                current = points[position][1]
                position += 1
            if current is not None:
                series[index] = (series[index] or 0) + current
    return totals


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
    table = _own_pages_table()
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


def _own_pages_table() -> Table:
    return Table(
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


def _change(now: int, before: int | None) -> Cell:
    if before is None:
        return Cell(None, text="—")
    delta = now - before
    css = "text-success" if delta > 0 else "text-danger" if delta < 0 else ""
    return Cell(delta, css=css, text=f"{delta:+d}")
