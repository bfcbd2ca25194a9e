"""The role × URL matrix of the brand app.

Posts and submissions come from the content plan's matrix helpers (the same
objects): in the world's region, and in the other region that only `central`
reads. Kits: `press` keeps its region's, `central` the default one and reads
every region's; chairs have no kit page (404).
"""

from __future__ import annotations

import io

from django.urls import reverse

from contentplan.tests.url_cases import post
from materials.tests.url_cases import submission
from portal.tests.url_cases import Case, logged_in

OTHER = logged_in(404, central=200)
CHAIRS_NOT_FOUND = logged_in(200, chair=404, chair2=404)
KIT_DATA = {
    "primary_colour": "#112233",
    "accent_colour": "#445566",
    "text_colour": "#ffffff",
    "background_colour": "#000000",
    "typeface": "dejavu_sans",
}


def _kit_with_logo(world, *, other: bool = False) -> int:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from brand.models import BrandKit

    region = world.other_region if other else None
    kit, _created = BrandKit.objects.get_or_create(region=region)
    if not kit.logo or not default_storage.exists(kit.logo.name):
        buffer = io.BytesIO()
        Image.new("RGBA", (40, 20), (255, 0, 0, 128)).save(buffer, "PNG")
        kit.logo = default_storage.save("brand/logos/matrix.png", ContentFile(buffer.getvalue()))
        kit.save()
    return kit.pk


def for_post(name: str, *args, other: bool = False):
    return lambda world: reverse(name, args=[post(world, other=other).pk, *args])


def for_submission(name: str, whose: str = "chair"):
    return lambda world: reverse(name, args=[submission(world, whose=whose).pk])


CASES = [
    Case("brand:kit", lambda world: reverse("brand:kit"), CHAIRS_NOT_FOUND),
    Case(
        "brand:kit",
        lambda world: reverse("brand:kit"),
        logged_in(404, press=302, central=302),
        method="post",
        data=KIT_DATA,
        label="save",
    ),
    Case(
        "brand:kit",
        lambda world: reverse("brand:kit"),
        CHAIRS_NOT_FOUND,
        method="post",
        data={**KIT_DATA, "primary_colour": "red"},
        label="a wrong colour: the form again",
    ),
    Case(
        "brand:kit_region",
        lambda world: reverse("brand:kit_region", args=[world.region.pk]),
        CHAIRS_NOT_FOUND,
        label="own region",
    ),
    Case(
        "brand:kit_region",
        lambda world: reverse("brand:kit_region", args=[world.other_region.pk]),
        OTHER,
        label="other region",
    ),
    Case(
        "brand:kit_logo",
        lambda world: reverse("brand:kit_logo", args=[_kit_with_logo(world)]),
        CHAIRS_NOT_FOUND,
        label="default kit",
    ),
    Case(
        "brand:kit_logo",
        lambda world: reverse("brand:kit_logo", args=[_kit_with_logo(world, other=True)]),
        OTHER,
        label="other region's kit",
    ),
    Case("brand:post_cards", for_post("brand:post_cards"), logged_in(), label="own"),
    Case(
        "brand:post_cards",
        for_post("brand:post_cards", other=True),
        OTHER,
        label="other region",
    ),
    Case("brand:post_card", for_post("brand:post_card", "square"), logged_in(), label="own"),
    Case(
        "brand:post_card",
        for_post("brand:post_card", "poster"),
        logged_in(404),
        label="no such size",
    ),
    Case(
        "brand:post_card",
        for_post("brand:post_card", "story", other=True),
        OTHER,
        label="other region",
    ),
    Case(
        "brand:post_card_download",
        for_post("brand:post_card_download", "facebook"),
        logged_in(),
        label="own",
    ),
    Case(
        "brand:post_card_download",
        for_post("brand:post_card_download", "facebook", other=True),
        OTHER,
        label="other region",
    ),
    Case("brand:post_check", for_post("brand:post_check"), logged_in(), label="own"),
    Case(
        "brand:post_check",
        for_post("brand:post_check"),
        # press: the form again (no answers); the others only read the answers.
        logged_in(403, press=200),
        method="post",
        label="POST without answers",
    ),
    Case(
        "brand:post_check",
        for_post("brand:post_check", other=True),
        OTHER,
        label="other region",
    ),
    Case(
        "brand:post_check",
        for_post("brand:post_check", other=True),
        logged_in(404, central=403),
        method="post",
        label="POST, other region",
    ),
    Case(
        "brand:submission_check",
        for_submission("brand:submission_check"),
        logged_in(200, chair2=404),
        label="chair's material",
    ),
    Case(
        "brand:submission_check",
        for_submission("brand:submission_check"),
        logged_in(403, chair2=404, press=200),
        method="post",
        label="POST without answers",
    ),
    Case(
        "brand:submission_check",
        for_submission("brand:submission_check", "other"),
        OTHER,
        label="other region",
    ),
    Case("brand:standard", lambda world: reverse("brand:standard"), logged_in()),
    Case(
        "brand:standard",
        lambda world: reverse("brand:standard"),
        logged_in(403, central=302),
        method="post",
        data={"text": "Подпись под фото", "position": 80, "is_active": "on"},
        label="add",
    ),
    Case(
        "brand:standard_item",
        lambda world: reverse("brand:standard_item", args=[_item(world)]),
        logged_in(403, central=200),
    ),
    Case(
        "brand:standard_item",
        lambda world: reverse("brand:standard_item", args=[_item(world)]),
        logged_in(403, central=302),
        method="post",
        data={"text": "Хэштеги", "position": 50, "is_active": "on"},
        label="save",
    ),
]


def _item(world) -> int:
    from brand.models import StandardItem

    item, _created = StandardItem.objects.get_or_create(text="Хэштеги", defaults={"position": 50})
    return item.pk
