"""Every library page costs the same number of queries at 1× and 10× data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bulletins.models import Visibility

from .factories import BulletinFactory, CollectionFactory, ItemFactory, SectionFactory


def grow(world, folder, times: int) -> None:
    """Add `times` units: bulletins and materials of both regions, public and internal."""
    for _ in range(times):
        for region in (world.region, world.other_region):
            BulletinFactory(region=region)
            BulletinFactory(region=region, visibility=Visibility.INTERNAL)
            other_folder = CollectionFactory(region=region)
            ItemFactory(section=SectionFactory(collection=other_folder))
        section = SectionFactory(collection=folder)
        ItemFactory(section=section)
        ItemFactory(section=section, visibility=Visibility.INTERNAL)


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# (role, URL name, whose pk, pinned count). A logged-in page pays 6 before
# its own queries: 5 for the session and the user (read the session, read the
# user with its scope, save the session in a savepoint) and 1 for the unread
# notifications in the menu. The anonymous visitor pays for neither.
PAGES = [
    # the regions of the filter, the collections, the bulletins and their count
    (None, "bulletins:library", None, 4),
    # … and whose counts the user sees, and whether the user manages a library
    ("chair", "bulletins:library", None, 6 + 4),
    ("press", "bulletins:library", None, 6 + 4 + 2),
    ("central", "bulletins:library", None, 6 + 4 + 1),
    (None, "bulletins:bulletin_detail", "bulletin", 1),
    ("press", "bulletins:bulletin_detail", "bulletin", 6 + 2),
    # the collection, its sections, their materials
    (None, "bulletins:collection_detail", "folder", 3),
    ("chair", "bulletins:collection_detail", "folder", 6 + 3),
    ("press", "bulletins:manage", None, 6 + 3),
    ("press", "bulletins:collection_edit", "folder", 6 + 3),
    # the scope, the regions, their bulletins, their collections
    ("central", "bulletins:statistics", None, 6 + 4),
    ("press", "bulletins:statistics", None, 6 + 4),
]


@pytest.mark.parametrize(("role", "name", "pk_of", "pinned"), PAGES)
def test_query_count_does_not_grow_with_data(world, client_for, role, name, pk_of, pinned):
    objects = {
        "bulletin": BulletinFactory(region=world.region),
        "folder": CollectionFactory(region=world.region, title="В помощь профактиву"),
    }
    client = client_for(world.users[role] if role else None)
    address = reverse(name, args=[objects[pk_of].pk] if pk_of else [])
    grow(world, objects["folder"], 1)
    at_1x = count_queries(client, address)
    grow(world, objects["folder"], 9)
    at_10x = count_queries(client, address)
    assert (at_1x, at_10x) == (pinned, pinned)


def test_a_search_costs_the_same(world, client):
    folder = CollectionFactory(region=world.region)
    query = f"?q=бюллетень&topic=labour_protection&region={world.region.pk}"
    address = reverse("bulletins:library") + query
    grow(world, folder, 1)
    at_1x = count_queries(client, address)
    grow(world, folder, 9)
    assert count_queries(client, address) == at_1x
