"""The brand kit: who keeps which kit, the default, and the logo checked by content."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from brand import seed
from brand.models import BrandKit

from .conftest import png_bytes

KIT = {
    "primary_colour": "#112233",
    "accent_colour": "#445566",
    "text_colour": "#FFFFFF",
    "background_colour": "#000000",
    "typeface": "dejavu_sans",
}


def stored_files() -> list[str]:
    try:
        return default_storage.listdir("brand/logos")[1]
    except FileNotFoundError:
        return []


def transparent_logo(name="logo.png") -> SimpleUploadedFile:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    image.paste((10, 120, 200, 255), (50, 20, 250, 100))
    return SimpleUploadedFile(name, png_bytes(image), content_type="image/png")


@pytest.mark.django_db
def test_there_is_one_default_kit(default_kit):
    with pytest.raises(IntegrityError), transaction.atomic():
        BrandKit.objects.create(region=None)
    seed.load()
    seed.load()
    assert BrandKit.objects.filter(region__isnull=True).count() == 1


def test_press_makes_its_regions_kit_from_the_default_and_the_default_stays(
    world, default_kit, client_for
):
    client = client_for(world.users["press"])
    page = client.get(reverse("brand:kit"))
    assert page.status_code == 200
    assert page.context["from_default"] is True
    response = client.post(reverse("brand:kit"), {**KIT, "primary_colour": "#AA0000"})
    assert response.status_code == 302
    own = BrandKit.objects.get(region=world.region)
    assert (own.primary_colour, own.text_colour, own.updated_by) == (
        "#aa0000",
        "#ffffff",
        world.users["press"],
    )
    default_kit.refresh_from_db()
    assert default_kit.primary_colour == "#1f5fbf"
    assert not BrandKit.objects.filter(region=world.other_region).exists()


def test_central_keeps_the_default_kit_and_reads_every_regions(world, default_kit, client_for):
    client = client_for(world.users["central"])
    version = default_kit.version
    assert client.post(reverse("brand:kit"), KIT).status_code == 302
    default_kit.refresh_from_db()
    assert (default_kit.primary_colour, default_kit.version) == ("#112233", version + 1)
    assert BrandKit.objects.count() == 1
    page = client.get(reverse("brand:kit_region", args=[world.other_region.pk]))
    assert page.status_code == 200
    assert page.context["from_default"] is True and page.context["may_edit"] is False


@pytest.mark.parametrize("role", ["chair", "chair2"])
def test_chairs_have_no_kit_page(world, default_kit, client_for, role):
    client = client_for(world.users[role])
    assert client.get(reverse("brand:kit")).status_code == 404
    assert client.post(reverse("brand:kit"), KIT).status_code == 404
    assert client.get(reverse("brand:kit_region", args=[world.region.pk])).status_code == 404
    assert BrandKit.objects.count() == 1


def test_press_cannot_see_another_regions_kit(world, default_kit, client_for):
    client = client_for(world.users["press"])
    address = reverse("brand:kit_region", args=[world.other_region.pk])
    assert client.get(address).status_code == 404


def test_a_logo_keeps_its_transparency_and_its_old_file_goes(
    world, default_kit, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.users["press"])
    response = client.post(reverse("brand:kit"), {**KIT, "logo_file": transparent_logo()})
    assert response.status_code == 302
    kit = BrandKit.objects.get(region=world.region)
    assert kit.logo.name.startswith("brand/logos/") and kit.logo.name.endswith(".png")
    with default_storage.open(kit.logo.name) as handle, Image.open(handle) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0
        assert stored.getpixel((150, 60)) == (10, 120, 200, 255)
    first = kit.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("brand:kit"), {**KIT, "logo_file": transparent_logo("b.png")})
    kit.refresh_from_db()
    assert kit.logo.name != first
    assert stored_files() == [kit.logo.name.rsplit("/", 1)[1]]
    logo = client.get(reverse("brand:kit_logo", args=[kit.pk]))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"),
        ("logo.png", b"MZ\x90\x00 not an image at all"),
        ("logo.jpg", png_bytes(Image.new("RGB", (10, 10)))[:60]),  # cut short
    ],
    ids=["svg named png", "program", "damaged"],
)
def test_a_refused_logo_leaves_no_row_and_no_file(world, default_kit, client_for, name, content):
    client = client_for(world.users["press"])
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(reverse("brand:kit"), {**KIT, "logo_file": upload})
    assert response.status_code == 200
    errors = response.context["form"].errors["logo_file"]
    assert errors and f"«{name}»" in errors[0]
    assert re.search("[а-яё]{4}", errors[0]), errors[0]  # said in Russian
    assert not BrandKit.objects.filter(region=world.region).exists()
    assert stored_files() == []


def test_a_too_large_logo_is_refused(world, default_kit, client_for):
    client = client_for(world.users["central"])
    big = io.BytesIO()
    Image.effect_noise((1800, 1800), 80).convert("RGB").save(big, "PNG")
    assert big.tell() > 5 * 1024 * 1024 or pytest.fail("the noise image came out small")
    upload = SimpleUploadedFile("big.png", big.getvalue(), content_type="image/png")
    response = client.post(reverse("brand:kit"), {**KIT, "logo_file": upload})
    assert response.status_code == 200
    assert "5" in response.context["form"].errors["logo_file"][0]
    default_kit.refresh_from_db()
    assert not default_kit.logo and stored_files() == []


def test_a_save_over_a_newer_kit_is_refused_and_changes_nothing(world, default_kit, client_for):
    first, second = client_for(world.users["press"]), client_for(world.users["press"])
    shown = first.get(reverse("brand:kit")).context["form"]["version"].value()
    assert second.get(reverse("brand:kit")).context["form"]["version"].value() == shown
    assert first.post(reverse("brand:kit"), {**KIT, "version": shown}).status_code == 302
    kit = BrandKit.objects.get(region=world.region)
    response = second.post(
        reverse("brand:kit"), {**KIT, "primary_colour": "#00AA00", "version": shown}
    )
    assert response.status_code == 200
    assert "после того, как вы его открыли" in response.content.decode()
    assert BrandKit.objects.get(pk=kit.pk).primary_colour == "#112233"
    again = first.get(reverse("brand:kit")).context["form"]["version"].value()
    assert first.post(reverse("brand:kit"), {**KIT, "version": again}).status_code == 302
