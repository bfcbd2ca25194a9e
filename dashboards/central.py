"""The central dashboard: every region in the user's scope side by side."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import PageAudit, PageSnapshot, SocialPage
from bulletins.models import Bulletin, Collection
from contentplan.models import PlannedPost
from portal import dates
from portal import selectors as portal_selectors

from .followers import followers_on, latest_source, latest_verdict
from .tables import Cell, Column, Table, percent

Verdict = PageAudit.Verdict
PUBLISHED = PlannedPost.Status.PUBLISHED
CLOSED = SocialPage.Lifecycle.CLOSED

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
        for row in pages.annotate(f=followers_on(today))
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
    month = dates.add_months(dates.first_day(today), -1)
    _add_pages(rows, today)
    _add_plans(rows, month)
    _add_scans(rows)
    result = list(rows.values())
    _ranks(result, "instagram", "instagram_rank")
    _ranks(result, "followers", "followers_rank")
    sort = sort if sort in SORTS else "instagram"
    result.sort(key=_sort_key(sort))
    return CentralDashboard(
        rows=result, month=month, sort=sort, table=_central_table(result, month)
    )


def _add_pages(rows: dict[int, RegionRow], today: datetime.date) -> None:
    """Each region's pages, followers and verdicts (one query)."""
    pages = SocialPage.objects.filter(region__in=list(rows)).exclude(lifecycle=CLOSED)
    for row in (
        pages.annotate(f=followers_on(today), verdict=latest_verdict(), source=latest_source())
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


def _add_plans(rows: dict[int, RegionRow], month: datetime.date) -> None:
    """Each region's posts planned and published in `month` (one query)."""
    for row in (
        PlannedPost.objects.filter(plan__region__in=list(rows), plan__month=month)
        .values("plan__region")
        .annotate(planned=Count("pk"), published=Count("pk", filter=Q(status=PUBLISHED)))
        .order_by()
    ):
        rows[row["plan__region"]].planned = row["planned"]
        rows[row["plan__region"]].published = row["published"]


def _add_scans(rows: dict[int, RegionRow]) -> None:
    """Each region's library scans: bulletins and folders (two queries)."""
    scans: dict[int, int] = defaultdict(int)
    for model in (Bulletin, Collection):
        for row in (
            model.objects.filter(region__in=list(rows))
            .values("region")
            .annotate(s=Sum("scans"))
            .order_by()
        ):
            scans[row["region"]] += row["s"] or 0
    for region_id, total in scans.items():
        rows[region_id].scans = total


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
