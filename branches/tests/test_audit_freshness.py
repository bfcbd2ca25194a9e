"""The audit table dates each verdict and flags one whose measurement is too old."""

import datetime

from django.urls import reverse
from django.utils import timezone

from branches.models import PageAudit
from branches.rules import THRESHOLDS

from .factories import SnapshotFactory, SocialPageFactory


def audited_measured(branch, days_ago: int):
    page = SocialPageFactory(branch=branch, region=branch.region)
    measured = timezone.localdate() - datetime.timedelta(days=days_ago)
    snapshot = SnapshotFactory(page=page, measured_on=measured, last_own_post=measured)
    PageAudit.objects.create(
        page=page,
        as_of=measured,
        snapshot=snapshot,
        verdict="active",
        recommendation=PageAudit.Recommendation.KEEP,
    )
    return page


def test_a_verdict_older_than_the_freshness_limit_is_stale(world, client_for):
    limit = THRESHOLDS.measurement_valid_days
    fresh = audited_measured(world.branch, days_ago=limit)
    old = audited_measured(world.branch2, days_ago=365)
    response = client_for(world.users["press"]).get(reverse("branches:audit_table"))
    rows = {row.pk: row for row in response.context["rows"]}
    assert rows[fresh.pk].stale is False
    assert rows[old.pk].stale is True
    text = response.content.decode()
    row_of_old = text[text.index(f'data-page="{old.pk}"') :].split("</tr>")[0]
    row_of_fresh = text[text.index(f'data-page="{fresh.pk}"') :].split("</tr>")[0]
    measured = (timezone.localdate() - datetime.timedelta(days=365)).strftime("%d.%m.%Y")
    assert measured in row_of_old
    assert 'data-testid="stale"' in row_of_old
    assert "устарела" in row_of_old
    assert 'data-testid="stale"' not in row_of_fresh
    assert f"старше {limit} дней" in text
