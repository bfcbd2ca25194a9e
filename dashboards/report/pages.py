"""The region's pages as the report sees them: each open page with its latest
audit and measurement, and the followers of the region's own pages on a day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from branches.models import PageAudit, PageSnapshot, SocialPage
from portal.models import Region


@dataclass
class PageLine:
    page: SocialPage
    audit: PageAudit | None
    snapshot: PageSnapshot | None


def pages_with_state(region: Region, end: datetime.date) -> list[PageLine]:
    """The region's open pages with their latest audit (on or before `end`) and the
    measurement it judged; pages never audited keep their latest measurement."""
    audit_ids = Subquery(
        PageAudit.objects.filter(page=OuterRef("pk"), as_of__lte=end)
        .order_by("-as_of")
        .values("pk")[:1]
    )
    snapshot_ids = Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=end)
        .order_by("-measured_on")
        .values("pk")[:1]
    )
    pages = list(
        SocialPage.objects.filter(region=region)
        .exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
        .select_related("branch")
        .annotate(audit_id=audit_ids, snapshot_id=snapshot_ids)
        .order_by("branch__name", "platform", "pk")
    )
    audits = PageAudit.objects.select_related("snapshot").in_bulk(
        [p.audit_id for p in pages if p.audit_id]
    )
    snapshots = PageSnapshot.objects.in_bulk([p.snapshot_id for p in pages if p.snapshot_id])
    lines = []
    for page in pages:
        audit = audits.get(page.audit_id)
        snapshot = audit.snapshot if audit else snapshots.get(page.snapshot_id)
        lines.append(PageLine(page=page, audit=audit, snapshot=snapshot))
    return lines


def followers_on(region: Region, day: datetime.date) -> int | None:
    """Followers of the region's own pages by their measurements on or before `day`."""
    latest = Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=day)
        .order_by("-measured_on")
        .values("followers")[:1]
    )
    row = (
        SocialPage.objects.filter(region=region, branch__isnull=True)
        .exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
        .annotate(f=latest)
        .aggregate(total=Sum("f"), measured=Count("pk", filter=Q(f__isnull=False)))
    )
    return row["total"] if row["measured"] else None
