"""The library's rows of the role × URL matrix (see portal/tests/test_url_matrix.py).

The matrix hands each case only the shared `world`; the library's objects are
made on first use by the helpers below, the same ones for every role, and
named by what they are: public or internal, in the world's region or another.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from bulletins.models import Bulletin, Collection, FileKind, Item, Section, Visibility
from portal.tests.url_cases import Case, everyone, logged_in

from .factories import BulletinFactory, CollectionFactory, ItemFactory, LinkItemFactory
from .images import png_bytes

PUBLIC, INTERNAL = Visibility.PUBLIC, Visibility.INTERNAL
# Bulletin numbers of the shared objects, by (region attribute, visibility).
NUMBERS = {
    ("region", PUBLIC): 1,
    ("region", INTERNAL): 2,
    ("other_region", PUBLIC): 3,
    ("other_region", INTERNAL): 4,
}


def bulletin(world, region: str = "region", visibility: str = PUBLIC) -> Bulletin:
    owner = getattr(world, region)
    number = NUMBERS[(region, visibility)]
    return Bulletin.objects.filter(region=owner, number=number).first() or BulletinFactory(
        region=owner, number=number, visibility=visibility
    )


def bulletin_with_cover(world) -> Bulletin:
    return Bulletin.objects.filter(region=world.region, number=5).first() or BulletinFactory(
        region=world.region,
        number=5,
        cover=ContentFile(png_bytes(), name="cover.png"),
        cover_kind=FileKind.PNG,
    )


def collection(world, region: str = "region", visibility: str = PUBLIC) -> Collection:
    owner = getattr(world, region)
    title = f"{region} {visibility}"
    return Collection.objects.filter(region=owner, title=title).first() or CollectionFactory(
        region=owner, title=title, visibility=visibility
    )


def section(world, region: str = "region", visibility: str = PUBLIC) -> Section:
    folder = collection(world, region, visibility)
    found, _created = Section.objects.get_or_create(collection=folder, title="Инструкции")
    return found


def item(world, region: str = "region", visibility: str = PUBLIC, folder: str = PUBLIC) -> Item:
    """A file in a section; `folder` is the visibility of its collection."""
    part = section(world, region, folder)
    title = f"file {visibility}"
    return Item.objects.filter(section=part, title=title).first() or ItemFactory(
        section=part, title=title, visibility=visibility
    )


def link_item(world) -> Item:
    part = section(world)
    return Item.objects.filter(section=part, title="link").first() or LinkItemFactory(
        section=part, title="link"
    )


def to(name: str, build, *args, **kwargs):
    """An address of `name` for the object `build(world, *args)` makes or finds."""
    return lambda world: reverse(name, kwargs={"pk": build(world, *args).pk, **kwargs})


def readers(status: int = 200, **overrides: int) -> dict[str, int]:
    """Anyone reads it, the anonymous visitor too."""
    return {**everyone(status), **overrides}


def internal(status: int = 200) -> dict[str, int]:
    """The region's people and the central committee; a 404 for the anonymous visitor."""
    return {**everyone(status), "anonymous": 404}


def other_internal(status: int = 200) -> dict[str, int]:
    """Another region's internal object: only the central committee reads it."""
    return {**everyone(404), "central": status}


def press_only(status: int = 200) -> dict[str, int]:
    """The region's press secretary; other roles get a 404, visitors the login page."""
    return logged_in(404, press=status)


OTHER = "other_region"

CASES = [
    Case("bulletins:library", lambda world: reverse("bulletins:library"), readers()),
    Case(
        "bulletins:library",
        lambda world: reverse("bulletins:library") + "?q=охрана&topic=labour_protection",
        readers(),
        label="search",
    ),
    Case(
        "bulletins:statistics",
        lambda world: reverse("bulletins:statistics"),
        logged_in(404, press=200, central=200),
    ),
    # A bulletin's page and everything that hangs off it.
    Case("bulletins:bulletin_detail", to("bulletins:bulletin_detail", bulletin), readers()),
    Case(
        "bulletins:bulletin_detail",
        to("bulletins:bulletin_detail", bulletin, "region", INTERNAL),
        internal(),
        label="internal",
    ),
    Case(
        "bulletins:bulletin_detail",
        to("bulletins:bulletin_detail", bulletin, OTHER),
        readers(),
        label="other region, public",
    ),
    Case(
        "bulletins:bulletin_detail",
        to("bulletins:bulletin_detail", bulletin, OTHER, INTERNAL),
        other_internal(),
        label="other region, internal",
    ),
    Case("bulletins:bulletin_file", to("bulletins:bulletin_file", bulletin), readers()),
    Case(
        "bulletins:bulletin_file",
        to("bulletins:bulletin_file", bulletin, "region", INTERNAL),
        internal(),
        label="internal",
    ),
    Case(
        "bulletins:bulletin_file",
        to("bulletins:bulletin_file", bulletin, OTHER, INTERNAL),
        other_internal(),
        label="other region, internal",
    ),
    Case(
        "bulletins:bulletin_cover",
        to("bulletins:bulletin_cover", bulletin_with_cover),
        readers(),
    ),
    Case(
        "bulletins:bulletin_cover",
        to("bulletins:bulletin_cover", bulletin),
        readers(404),
        label="no cover",
    ),
    Case(
        "bulletins:bulletin_qr",
        to("bulletins:bulletin_qr", bulletin, fmt="svg"),
        readers(),
        label="svg",
    ),
    Case(
        "bulletins:bulletin_qr",
        to("bulletins:bulletin_qr", bulletin, fmt="png"),
        readers(),
        label="png",
    ),
    Case(
        "bulletins:bulletin_qr",
        to("bulletins:bulletin_qr", bulletin, "region", INTERNAL, fmt="png"),
        internal(),
        label="internal",
    ),
    Case("bulletins:bulletin_poster", to("bulletins:bulletin_poster", bulletin), readers()),
    Case(
        "bulletins:bulletin_poster",
        to("bulletins:bulletin_poster", bulletin, OTHER, INTERNAL),
        other_internal(),
        label="other region, internal",
    ),
    Case("bulletins:bulletin_scan", to("bulletins:bulletin_scan", bulletin), readers(302)),
    Case(
        "bulletins:bulletin_scan",
        to("bulletins:bulletin_scan", bulletin, "region", INTERNAL),
        internal(302),
        label="internal",
    ),
    # A collection's page, its materials and its code.
    Case(
        "bulletins:collection_detail",
        to("bulletins:collection_detail", collection),
        readers(),
    ),
    Case(
        "bulletins:collection_detail",
        to("bulletins:collection_detail", collection, "region", INTERNAL),
        internal(),
        label="internal",
    ),
    Case(
        "bulletins:collection_detail",
        to("bulletins:collection_detail", collection, OTHER, INTERNAL),
        other_internal(),
        label="other region, internal",
    ),
    Case(
        "bulletins:collection_qr",
        to("bulletins:collection_qr", collection, fmt="svg"),
        readers(),
        label="svg",
    ),
    Case(
        "bulletins:collection_qr",
        to("bulletins:collection_qr", collection, "region", INTERNAL, fmt="svg"),
        internal(),
        label="internal",
    ),
    Case(
        "bulletins:collection_poster",
        to("bulletins:collection_poster", collection),
        readers(),
    ),
    Case(
        "bulletins:collection_scan",
        to("bulletins:collection_scan", collection),
        readers(302),
    ),
    Case(
        "bulletins:collection_scan",
        to("bulletins:collection_scan", collection, OTHER, INTERNAL),
        other_internal(302),
        label="other region, internal",
    ),
    Case("bulletins:item_file", to("bulletins:item_file", item), readers()),
    Case(
        "bulletins:item_file",
        to("bulletins:item_file", item, "region", INTERNAL),
        internal(),
        label="internal material",
    ),
    Case(
        "bulletins:item_file",
        to("bulletins:item_file", item, "region", PUBLIC, INTERNAL),
        internal(),
        label="public material in an internal collection",
    ),
    Case(
        "bulletins:item_file",
        to("bulletins:item_file", item, OTHER, INTERNAL),
        other_internal(),
        label="other region, internal",
    ),
    Case(
        "bulletins:item_file",
        to("bulletins:item_file", link_item),
        readers(302),
        label="link",
    ),
    # Managing: the region's press secretary only.
    Case("bulletins:manage", lambda world: reverse("bulletins:manage"), press_only()),
    Case(
        "bulletins:bulletin_create",
        lambda world: reverse("bulletins:bulletin_create"),
        press_only(),
    ),
    Case(
        "bulletins:bulletin_create",
        lambda world: reverse("bulletins:bulletin_create"),
        press_only(200),  # the form again, with what is missing
        method="post",
        label="POST, empty",
    ),
    Case("bulletins:bulletin_edit", to("bulletins:bulletin_edit", bulletin), press_only()),
    Case(
        "bulletins:bulletin_edit",
        to("bulletins:bulletin_edit", bulletin, OTHER),
        press_only(404),
        label="other region",
    ),
    Case("bulletins:bulletin_delete", to("bulletins:bulletin_delete", bulletin), press_only()),
    Case(
        "bulletins:bulletin_delete",
        to("bulletins:bulletin_delete", bulletin),
        press_only(302),
        method="post",
        label="POST",
    ),
    Case(
        "bulletins:bulletin_delete",
        to("bulletins:bulletin_delete", bulletin, OTHER),
        press_only(404),
        method="post",
        label="POST, other region",
    ),
    Case(
        "bulletins:collection_create",
        lambda world: reverse("bulletins:collection_create"),
        press_only(),
    ),
    Case(
        "bulletins:collection_edit",
        to("bulletins:collection_edit", collection),
        press_only(),
    ),
    Case(
        "bulletins:collection_edit",
        to("bulletins:collection_edit", collection, OTHER),
        press_only(404),
        label="other region",
    ),
    Case(
        "bulletins:collection_delete",
        to("bulletins:collection_delete", collection),
        press_only(),
    ),
    Case(
        "bulletins:collection_delete",
        to("bulletins:collection_delete", collection, OTHER),
        press_only(404),
        method="post",
        label="POST, other region",
    ),
    Case(
        "bulletins:section_create",
        to("bulletins:section_create", collection),
        press_only(),
    ),
    Case(
        "bulletins:section_create",
        to("bulletins:section_create", collection, OTHER),
        press_only(404),
        label="other region",
    ),
    Case("bulletins:section_edit", to("bulletins:section_edit", section), press_only()),
    Case(
        "bulletins:section_edit",
        to("bulletins:section_edit", section, OTHER),
        press_only(404),
        label="other region",
    ),
    Case("bulletins:section_delete", to("bulletins:section_delete", section), press_only()),
    Case(
        "bulletins:section_delete",
        to("bulletins:section_delete", section, OTHER),
        press_only(404),
        method="post",
        label="POST, other region",
    ),
    Case("bulletins:item_create", to("bulletins:item_create", section), press_only()),
    Case(
        "bulletins:item_create",
        to("bulletins:item_create", section, OTHER),
        press_only(404),
        label="other region",
    ),
    Case("bulletins:item_edit", to("bulletins:item_edit", item), press_only()),
    Case(
        "bulletins:item_edit",
        to("bulletins:item_edit", item, OTHER),
        press_only(404),
        label="other region",
    ),
    Case("bulletins:item_delete", to("bulletins:item_delete", item), press_only()),
    Case(
        "bulletins:item_delete",
        to("bulletins:item_delete", item, OTHER, INTERNAL),
        press_only(404),
        method="post",
        label="POST, other region",
    ),
]
