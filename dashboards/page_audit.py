"""The page audit on a dashboard: pages by their latest verdict, the worst first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from branches import selectors as page_selectors
from branches.models import PageAudit, PageSnapshot, SocialPage
from portal.models import Region

from .followers import latest_verdict
from .tables import Cell, Column, Table

Verdict = PageAudit.Verdict
CLOSED = SocialPage.Lifecycle.CLOSED
WORST_PAGES_SHOWN = 15

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
        for row in pages.annotate(verdict=latest_verdict())
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
    return AuditFigures(counts=counts, table=table, chart=_verdict_chart(counts))


def _verdict_chart(counts: dict[str, int]) -> dict:
    """Pages by verdict, the never audited last."""
    labels = dict(Verdict.choices)
    order = [Verdict.ACTIVE, Verdict.IRREGULAR, Verdict.DORMANT, Verdict.ABANDONED]
    return {
        "labels": [str(labels[v]) for v in order] + [str(_("not audited"))],
        "series": [
            {
                "label": str(_("Pages")),
                "data": [counts.get(v, 0) for v in order] + [counts.get("", 0)],
                "colors": ["#198754", "#ffc107", "#fd7e14", "#dc3545", "#adb5bd"],
            }
        ],
    }


def _source_cell(snapshot: PageSnapshot | None) -> Cell:
    """Where the newest figures came from: the network's API is told apart at a glance."""
    if snapshot is None:
        return Cell("")
    label = str(snapshot.get_source_display())
    return Cell(label, css="source-api" if snapshot.measured else "")
