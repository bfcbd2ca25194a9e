"""The brand pages cost the same with 10 times the data; their counts are pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brand import services
from brand.models import BrandKit, StandardItem
from contentplan.tests.factories import PostFactory
from portal.tests.factories import RegionFactory

from .conftest import add_photo


def fill(world, post, items, times: int) -> None:
    """More regions with kits, more posts with photos, checks and items."""
    for n in range(times):
        region = RegionFactory()
        services.kit_save(user=world.users["central"], region=None, data={})
        BrandKit.objects.create(region=region)
        StandardItem.objects.create(text=f"Пункт {n}", position=200 + n)
        other = PostFactory(plan=post.plan)
        add_photo(other)
        add_photo(post)
        for target in (post, other):
            services.standard_check_save(
                user=world.users["press"],
                post=target,
                answers={item.pk: bool(n % 2) for item in StandardItem.objects.all()},
            )


def count(client, address: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, headers=headers)
    assert response.status_code == 200, address
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(queries)


# (role, page, pinned). Pages pay 6 for the session, the user and the bell; then
# the kit (and the regions for central), the post and its photo, or the
# checklist with the last check, its answers and its reviewer.
PAGES = [
    ("press", "kit", 7),
    ("central", "kit", 8),
    ("central", "kit_region", 8),
    ("press", "post_cards", 7),
    ("press", "post_card", 8),
    ("press", "post_check", 11),
    ("chair", "post_check", 10),
    ("press", "submission_check", 9),
    ("central", "standard", 7),
]


def address_of(page: str, world, post) -> str:
    if page == "kit_region":
        return reverse("brand:kit_region", args=[world.region.pk])
    if page == "post_card":
        return reverse("brand:post_card", args=[post.pk, "square"])
    if page == "submission_check":
        return reverse("brand:submission_check", args=[post.submissions.first().pk])
    if page in ("post_cards", "post_check"):
        return reverse(f"brand:{page}", args=[post.pk])
    return reverse(f"brand:{page}")


@pytest.mark.parametrize(("role", "page", "pinned"), PAGES)
def test_query_count_does_not_grow(world, post, items, default_kit, client_for, role, page, pinned):
    client = client_for(world.users[role])
    fill(world, post, items, 1)
    address = address_of(page, world, post)
    count(client, address)  # draws the card once; the pages after it read the file
    small = count(client, address)
    fill(world, post, items, 9)
    count(client, address)
    large = count(client, address)
    assert (small, large) == (pinned, pinned)
