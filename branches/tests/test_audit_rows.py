"""The rows of the page audit, one selector for the audit table and the dashboard."""

import pytest

from branches import selectors
from branches.models import PageAudit, SocialPage

from .factories import SnapshotFactory, SocialPageFactory

Platform = SocialPage.Platform


def audited(branch=None, region=None, platform=Platform.FACEBOOK_PAGE, verdict="", **fields):
    page = SocialPageFactory(
        branch=branch, region=region or branch.region, platform=platform, **fields
    )
    snapshot = SnapshotFactory(page=page)
    if verdict:
        PageAudit.objects.create(
            page=page,
            as_of=snapshot.measured_on,
            snapshot=snapshot,
            verdict=verdict,
            recommendation=PageAudit.Recommendation.KEEP,
        )
    return page


@pytest.fixture
def pages(world):
    return {
        "regional": audited(region=world.region, platform=Platform.INSTAGRAM, verdict="active"),
        "city": audited(world.branch, verdict="abandoned"),
        "ridder_fb": audited(world.branch2, verdict="dormant"),
        "ridder_ig": audited(world.branch2, platform=Platform.INSTAGRAM),
        "closed": audited(
            world.branch2, verdict="abandoned", lifecycle=SocialPage.Lifecycle.CLOSED
        ),
        "elsewhere": audited(world.other_branch, verdict="irregular"),
    }


def names(pages, rows):
    by_pk = {page.pk: name for name, page in pages.items()}
    return [by_pk[row.pk] for row in rows]


def test_the_audit_table_orders_by_region_then_the_regions_own_page_then_branch(pages, world):
    rows = selectors.audit_rows(user=world.users["central"])
    assert names(pages, rows) == ["regional", "ridder_fb", "ridder_ig", "city", "elsewhere"]
    rows = selectors.audit_rows(user=world.users["press"])
    assert names(pages, rows) == ["regional", "ridder_fb", "ridder_ig", "city"]
    assert rows[1].latest_audit.verdict == "dormant"
    assert rows[2].latest_audit is None and rows[2].latest_snapshot.followers == 500


def test_the_dashboard_asks_for_the_worst_first(pages, world):
    rows = selectors.audit_rows(user=world.users["central"], region=world.region, worst_first=True)
    assert names(pages, rows) == ["city", "ridder_fb", "regional", "ridder_ig"]
    rows = selectors.audit_rows(
        user=world.users["central"], region=world.region, worst_first=True, limit=2
    )
    assert names(pages, rows) == ["city", "ridder_fb"]
