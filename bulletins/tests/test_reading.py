"""What each visitor reads in the library, and how files are sent."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from bulletins.models import Topic, Visibility

from .factories import (
    BulletinFactory,
    CollectionFactory,
    ItemFactory,
    LinkItemFactory,
    SectionFactory,
)

LIBRARY = reverse("bulletins:library")
INTERNAL = Visibility.INTERNAL


def titles(response) -> set[str]:
    return {bulletin.title for bulletin in response.context["page"].object_list}


@pytest.fixture
def shelf(world):
    """Bulletins of both regions, public and internal."""
    return {
        "public": BulletinFactory(region=world.region, title="Охрана труда: памятка"),
        "internal": BulletinFactory(
            region=world.region, title="Внутренний отчёт", visibility=INTERNAL
        ),
        "other_public": BulletinFactory(
            region=world.other_region, title="Спартакиада", topic=Topic.SPORT_CULTURE
        ),
        "other_internal": BulletinFactory(
            region=world.other_region, title="Чужой внутренний", visibility=INTERNAL
        ),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, {"Охрана труда: памятка", "Спартакиада"}),
        ("chair", {"Охрана труда: памятка", "Внутренний отчёт", "Спартакиада"}),
        ("press", {"Охрана труда: памятка", "Внутренний отчёт", "Спартакиада"}),
        ("other_press", {"Охрана труда: памятка", "Спартакиада", "Чужой внутренний"}),
        (
            "central",
            {"Охрана труда: памятка", "Внутренний отчёт", "Спартакиада", "Чужой внутренний"},
        ),
    ],
)
def test_each_role_sees_public_bulletins_and_its_regions_internal_ones(
    world, client_for, shelf, role, expected
):
    user = world.users[role] if role else None
    assert titles(client_for(user).get(LIBRARY)) == expected


def test_internal_bulletins_and_their_files_are_404_for_visitors(client, shelf):
    internal = shelf["internal"]
    for name in ("bulletin_detail", "bulletin_file", "bulletin_poster", "bulletin_scan"):
        assert client.get(reverse(f"bulletins:{name}", args=[internal.pk])).status_code == 404
    for fmt in ("svg", "png"):
        address = reverse("bulletins:bulletin_qr", kwargs={"pk": internal.pk, "fmt": fmt})
        assert client.get(address).status_code == 404


def test_a_collection_shows_each_visitor_only_what_they_may_open(world, client_for):
    folder = CollectionFactory(region=world.region, title="В помощь профактиву")
    section = SectionFactory(collection=folder, title="Инструкции")
    public = ItemFactory(section=section, title="Открытая памятка")
    internal = ItemFactory(section=section, title="Только для своих", visibility=INTERNAL)
    address = reverse("bulletins:collection_detail", args=[folder.pk])

    page = client_for(None).get(address).content.decode()
    assert "Открытая памятка" in page and "Только для своих" not in page
    visitor = client_for(None)
    assert visitor.get(reverse("bulletins:item_file", args=[internal.pk])).status_code == 404
    assert visitor.get(reverse("bulletins:item_file", args=[public.pk])).status_code == 200

    page = client_for(world.users["chair"]).get(address).content.decode()
    assert "Открытая памятка" in page and "Только для своих" in page


def test_an_internal_collection_hides_even_its_public_materials(world, client):
    folder = CollectionFactory(region=world.region, visibility=INTERNAL)
    item = ItemFactory(section=SectionFactory(collection=folder))
    assert client.get(reverse("bulletins:collection_detail", args=[folder.pk])).status_code == 404
    assert client.get(reverse("bulletins:item_file", args=[item.pk])).status_code == 404
    assert folder.title not in client.get(LIBRARY).content.decode()


def test_a_file_is_sent_with_its_name_and_safe_headers(client, shelf):
    bulletin = shelf["public"]
    response = client.get(reverse("bulletins:bulletin_file", args=[bulletin.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bulletin.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(bulletin.file_name)}"
    )
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]


def test_a_link_material_redirects_to_its_address(world, client):
    folder = CollectionFactory(region=world.region)
    item = LinkItemFactory(section=SectionFactory(collection=folder))
    response = client.get(reverse("bulletins:item_file", args=[item.pk]))
    assert (response.status_code, response["Location"]) == (302, item.link)


def test_the_storage_folder_is_not_served(client, shelf):
    assert client.get(f"/media/{shelf['public'].file.name}").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=ОХРАНА", {"Охрана труда: памятка"}),  # Cyrillic, any case
        ("?q=памятк", {"Охрана труда: памятка"}),
        ("?q=sport", {"Спартакиада"}),  # a topic's name (the English one, here)
        (f"?topic={Topic.SPORT_CULTURE}", {"Спартакиада"}),
        ("?q=нет такого", set()),
    ],
)
def test_search_by_title_and_topic(client, english, shelf, query, expected):
    assert titles(client.get(LIBRARY + query)) == expected


def test_a_search_finds_collections_by_title_too(world, client, shelf):
    folder = CollectionFactory(region=world.region, title="В помощь профактиву")
    CollectionFactory(region=world.region, title="Архив")
    response = client.get(LIBRARY + "?q=профактив")
    assert list(response.context["collections"]) == [folder]
    assert titles(response) == set()
    response = client.get(LIBRARY + f"?topic={Topic.SPORT_CULTURE}")
    assert list(response.context["collections"]) == []


def test_filter_by_region(world, client, shelf):
    response = client.get(LIBRARY + f"?region={world.other_region.pk}")
    assert titles(response) == {"Спартакиада"}
    regions = list(response.context["form"].fields["region"].queryset)
    assert regions == [world.region, world.other_region]
