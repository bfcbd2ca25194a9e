"""The registry and the audit table cost the same queries at 1× and 10× data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import services
from portal.tests.factories import BranchFactory, RegionFactory

from .factories import SnapshotFactory, SocialPageFactory


def grow(world, times: int) -> None:
    """Per unit: three branch pages in press's region and one elsewhere, each with
    four weekly measurements and audits."""
    for _ in range(times):
        branches = [world.branch, BranchFactory(region=world.region), world.branch]
        others = [BranchFactory(region=RegionFactory())]
        for branch in branches + others:
            page = SocialPageFactory(branch=branch)
            for week in range(4):
                day = date(2025, 11, 3) + timedelta(weeks=week)
                SnapshotFactory(page=page, measured_on=day, followers=100 + week)
    for week in range(4):
        services.audit_run(as_of=date(2025, 11, 3) + timedelta(weeks=week))


def count(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


PAGES = [
    ("press", "branches:page_list", 11),
    ("chair", "branches:page_list", 11),
    ("central", "branches:page_list", 12),
    ("press", "branches:audit_table", 11),
    ("chair", "branches:audit_table", 11),
    ("central", "branches:audit_table", 12),
    ("central", "branches:media", 9),
    ("press", "branches:audit_export", 8),
]


@pytest.mark.parametrize(("role", "name", "pinned"), PAGES)
def test_query_count_does_not_grow(
    world, client_for, django_capture_on_commit_callbacks, role, name, pinned
):
    """Counted with the data committed, so that a page kept in the cache (the
    audit table) is drawn afresh from it, as after any real change."""
    client = client_for(world.users[role])
    with django_capture_on_commit_callbacks(execute=True):
        grow(world, 1)
    at_1x = count(client, reverse(name))
    with django_capture_on_commit_callbacks(execute=True):
        grow(world, 9)
    at_10x = count(client, reverse(name))
    assert (at_1x, at_10x) == (pinned, pinned)


def test_a_pages_history_costs_the_same_with_ten_times_the_measurements(world, client_for):
    page = SocialPageFactory(branch=world.branch)
    client = client_for(world.users["press"])
    address = reverse("branches:page_detail", args=[page.pk])
    for week in range(5):
        SnapshotFactory(page=page, measured_on=date(2024, 1, 1) + timedelta(weeks=week))
    at_1x = count(client, address)
    for week in range(5, 50):
        SnapshotFactory(page=page, measured_on=date(2024, 1, 1) + timedelta(weeks=week))
    assert count(client, address) == at_1x == 9


def test_the_audit_table_is_kept_until_a_page_changes(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.users["press"])
    address = reverse("branches:audit_table")
    with django_capture_on_commit_callbacks(execute=True):
        grow(world, 1)
    drawn = count(client, address)
    assert count(client, address) == drawn - 5  # rows and figures from the cache
    page = SocialPageFactory(branch=world.branch)
    with django_capture_on_commit_callbacks(execute=True):
        SnapshotFactory(page=page, measured_on=date(2025, 12, 1), followers=4321)
    response = client.get(address)
    assert f'data-page="{page.pk}"' in response.content.decode()
    assert "4\xa0321" in response.content.decode() or "4 321" in response.content.decode()
