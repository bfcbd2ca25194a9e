"""Queries the pages of social pages, audits and media need: scoped, fixed in cost."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from branches import permissions
from portal.models import Branch, Region

from .models import MediaOutlet, PageAudit, PageSnapshot, SocialPage, WebsiteMaterials


def _latest_audit():
    return PageAudit.objects.filter(page=OuterRef("pk")).order_by("-as_of")


def _latest_snapshot():
    return PageSnapshot.objects.filter(page=OuterRef("pk")).order_by("-measured_on")


def pages_with_latest(*, user) -> QuerySet[SocialPage]:
    """The user's pages, each with the ids and verdict of its newest audit and measurement."""
    return (
        permissions.pages_for(user)
        .select_related("region", "branch")
        .annotate(
            audit_id=Subquery(_latest_audit().values("pk")[:1]),
            verdict=Subquery(_latest_audit().values("verdict")[:1]),
            snapshot_id=Subquery(_latest_snapshot().values("pk")[:1]),
        )
    )


def attach_latest(pages: list[SocialPage]) -> list[SocialPage]:
    """Load the newest audit and measurement of each page in two queries."""
    audits = PageAudit.objects.in_bulk([p.audit_id for p in pages if p.audit_id])
    snapshots = PageSnapshot.objects.in_bulk([p.snapshot_id for p in pages if p.snapshot_id])
    for page in pages:
        page.latest_audit = audits.get(page.audit_id)
        page.latest_snapshot = snapshots.get(page.snapshot_id)
    return pages


@dataclass(frozen=True)
class PageFilters:
    region: Region | None = None
    branch: Branch | None = None
    platform: str = ""
    verdict: str = ""  # of the newest audit
    lifecycle: str = ""


def pages_filtered(*, user, filters: PageFilters) -> QuerySet[SocialPage]:
    pages = pages_with_latest(user=user)
    if filters.region is not None:
        pages = pages.filter(region=filters.region)
    if filters.branch is not None:
        pages = pages.filter(branch=filters.branch)
    if filters.platform:
        pages = pages.filter(platform=filters.platform)
    if filters.verdict:
        pages = pages.filter(verdict=filters.verdict)
    if filters.lifecycle:
        pages = pages.filter(lifecycle=filters.lifecycle)
    return pages.order_by("region__short_name", "branch__name", "platform", "pk")


def page_for(*, user, pk: int) -> SocialPage:
    return get_object_or_404(permissions.pages_for(user).select_related("region", "branch"), pk=pk)


def page_history(*, page: SocialPage) -> tuple[list[PageSnapshot], list[PageAudit]]:
    snapshots = list(page.snapshots.order_by("measured_on"))
    audits = list(page.audits.order_by("-as_of")[:20])
    return snapshots, audits


@dataclass(frozen=True)
class AuditFilters:
    region: Region | None = None


# The worst verdicts first, then the pages without any audit.
VERDICT_SEVERITY = Case(
    When(verdict=PageAudit.Verdict.ABANDONED, then=Value(0)),
    When(verdict=PageAudit.Verdict.DORMANT, then=Value(1)),
    When(verdict=PageAudit.Verdict.IRREGULAR, then=Value(2)),
    When(verdict=PageAudit.Verdict.ACTIVE, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


def audit_rows(
    *, user, region: Region | None = None, worst_first: bool = False, limit: int | None = None
) -> list[SocialPage]:
    """The rows of the page audit: every open page in scope (in `region`, if given),
    each with its newest audit and measurement (`latest_audit`, `latest_snapshot`).
    Three queries.

    The audit table lists them by region, the region's own pages before its
    branches', then by branch and platform; the dashboard asks for the worst
    verdicts first, and perhaps only the first `limit` of them.
    """
    pages = pages_with_latest(user=user).exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
    if region is not None:
        pages = pages.filter(region=region)
    if worst_first:
        pages = pages.annotate(severity=VERDICT_SEVERITY).order_by(
            "severity", "branch__name", "platform", "pk"
        )
    if limit is not None:
        pages = pages[:limit]
    pages = attach_latest(list(pages))
    if worst_first:
        return pages
    return sorted(
        pages,
        key=lambda page: (
            page.region.short_name,
            page.branch_id is not None,
            page.branch.name if page.branch_id else "",
            page.platform,
        ),
    )


@dataclass(frozen=True)
class ReformProgress:
    branch_pages: int
    to_close: int
    closed: int
    regional_pages: int
    regional_followers: int

    @property
    def done_percent(self) -> int:
        return round(100 * self.closed / self.branch_pages) if self.branch_pages else 100


def reform_progress(*, user, region: Region | None = None) -> ReformProgress:
    """How far the reform got: branch pages closing and closed, the regional page's reach."""
    pages = permissions.pages_for(user)
    if region is not None:
        pages = pages.filter(region=region)
    counts = pages.aggregate(
        branch_pages=Count("pk", filter=Q(branch__isnull=False)),
        to_close=Count(
            "pk", filter=Q(branch__isnull=False, lifecycle=SocialPage.Lifecycle.TO_CLOSE)
        ),
        closed=Count("pk", filter=Q(branch__isnull=False, lifecycle=SocialPage.Lifecycle.CLOSED)),
        regional_pages=Count(
            "pk", filter=Q(branch__isnull=True) & ~Q(lifecycle=SocialPage.Lifecycle.CLOSED)
        ),
    )
    followers = PageSnapshot.objects.filter(
        pk__in=Subquery(
            pages.filter(branch__isnull=True)
            .exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
            .annotate(snapshot_id=Subquery(_latest_snapshot().values("pk")[:1]))
            .values("snapshot_id")
        )
    ).values_list("followers", flat=True)
    return ReformProgress(**counts, regional_followers=sum(f or 0 for f in followers))


def outlets_for(*, user) -> QuerySet[MediaOutlet]:
    return (
        MediaOutlet.objects.filter(region__in=permissions.media_regions_for(user))
        .select_related("region")
        .annotate(
            publication_count=Count("publications"),
            this_year=Count(
                "publications",
                filter=Q(publications__published_on__year=timezone.localdate().year),
            ),
        )
    )


def website_materials_for(*, user) -> QuerySet[WebsiteMaterials]:
    return WebsiteMaterials.objects.filter(
        region__in=permissions.media_regions_for(user)
    ).select_related("region")
