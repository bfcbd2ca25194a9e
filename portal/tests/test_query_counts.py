"""Every organisation page costs the same number of queries at 1× and 10× data."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import services

from .factories import BranchFactory, OrganisationFactory, RegionFactory


def grow(world, times: int) -> None:
    """Add `times` units of data: branches, organisations, other regions."""
    for _ in range(times):
        branch = BranchFactory(region=world.region)
        OrganisationFactory.create_batch(6, branch=branch)
        OrganisationFactory.create_batch(6, branch=world.branch)
        other = BranchFactory(region=RegionFactory())
        OrganisationFactory.create_batch(6, branch=other)
        for _n in range(3):
            services.notify(users=world.users.values(), key=uuid.uuid4().hex, title="Напоминание")


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# (role, URL name, attribute of the world giving the pk, pinned query count).
# Every page pays 6 for the session, the user and the bell: read the session,
# read the user with its scope, count unread notifications, and save the
# session (the idle timeout slides) inside a savepoint.
PAGES = [
    ("central", "portal:home", None, 7),
    ("press", "portal:home", None, 8),
    ("chair", "portal:home", None, 9),  # and the last materials sent
    ("central", "portal:region_list", None, 7),
    ("press", "portal:region_detail", "region", 8),
    ("press", "portal:branch_detail", "branch", 10),
    ("chair", "portal:branch_detail", "branch", 10),
    # The list pages through the branches' stored totals: the branches in
    # scope and the page's rows, no count or sum over every organisation.
    ("central", "portal:organisation_list", None, 10),
    ("press", "portal:organisation_list", None, 9),
    ("chair", "portal:organisation_list", None, 9),
    ("press", "portal:organisation_detail", "organisation", 7),
    ("press", "portal:notification_list", None, 8),
]


@pytest.mark.parametrize(("role", "name", "attr", "pinned"), PAGES)
def test_query_count_does_not_grow_with_data(world, client_for, role, name, attr, pinned):
    client = client_for(world.users[role])
    address = reverse(name, args=[getattr(world, attr).pk] if attr else [])
    grow(world, 1)
    at_1x = count_queries(client, address)
    grow(world, 9)
    at_10x = count_queries(client, address)
    assert (at_1x, at_10x) == (pinned, pinned)


def test_filtered_list_with_search_costs_the_same(world, client_for):
    client = client_for(world.users["press"])
    address = reverse("portal:organisation_list") + f"?q=школа&branch={world.branch.pk}&kind=school"
    grow(world, 1)
    at_1x = count_queries(client, address)
    grow(world, 9)
    assert count_queries(client, address) == at_1x
