"""The connections' pages cost the same queries at 1× and 10× data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import PageSnapshot, SocialPage
from channels.models import Connection, FeedEntry
from portal.tests.factories import BranchFactory, RegionFactory


def grow(world, times: int) -> None:
    """Per unit: four pages in press's region (three connected) and two elsewhere."""
    platforms = [
        SocialPage.Platform.FACEBOOK_PAGE,
        SocialPage.Platform.INSTAGRAM,
        SocialPage.Platform.TELEGRAM,
        SocialPage.Platform.AITU,
    ]
    for _ in range(times):
        branch = BranchFactory(region=world.region)
        other = BranchFactory(region=RegionFactory())
        pages = [
            SocialPage.objects.create(region=world.region, branch=branch, platform=p)
            for p in platforms
        ]
        pages += [
            SocialPage.objects.create(region=other.region, branch=other, platform=p)
            for p in platforms[:2]
        ]
        for page in pages:
            if page.platform != SocialPage.Platform.AITU:
                Connection.objects.create(page=page, account="x", status="working")
            for week in range(3):
                PageSnapshot.objects.create(
                    page=page,
                    measured_on=date(2025, 11, 3) + timedelta(weeks=week),
                    posts_30d=3,
                    own_posts=3,
                    reposts=0,
                    source="api" if week else "manual",
                )


def count(client, address):
    with CaptureQueriesContext(db) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "pinned"), [("press", 8), ("central", 9)])
def test_the_connection_list_does_not_grow(world, client_for, role, pinned):
    client = client_for(world.users[role])
    address = reverse("channels:connection_list")
    grow(world, 1)
    at_1x = count(client, address)
    grow(world, 9)
    assert (at_1x, count(client, address)) == (pinned, pinned)


def test_a_sites_page_does_not_grow_with_its_materials(world, client_for):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.WEBSITE)
    connection = Connection.objects.create(page=page, account="https://site.kz/rss")
    client = client_for(world.users["press"])
    address = reverse("channels:page_connection", args=[page.pk])

    def entries(start: int, number: int) -> None:
        for n in range(start, start + number):
            FeedEntry.objects.create(
                connection=connection,
                key=str(n),
                published_at=f"2025-{n % 12 + 1:02d}-10T10:00:00+00:00",
            )

    entries(0, 10)
    at_1x = count(client, address)
    entries(10, 90)
    assert count(client, address) == at_1x == 10
