"""The admin links stored files to the portal's own views, not to dead /media/ URLs."""

import pytest
from django.urls import reverse

from portal.tests.factories import UserFactory

from .factories import BulletinFactory, ItemFactory


@pytest.fixture
def admin_client(client, world):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="portal.backends.ScopedModelBackend")
    return client


def test_a_bulletins_file_links_to_the_library_view(admin_client, world):
    bulletin = BulletinFactory(region=world.region)
    page = admin_client.get(reverse("admin:bulletins_bulletin_change", args=[bulletin.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    own = reverse("bulletins:bulletin_file", args=[bulletin.pk])
    assert f'href="{own}"' in text
    assert "/media/" not in text
    assert "Currently" not in text and "На данный момент" not in text
    assert admin_client.get(own).status_code == 200


def test_an_items_file_links_to_the_library_view(admin_client, world):
    item = ItemFactory(section__collection__region=world.region)
    page = admin_client.get(reverse("admin:bulletins_item_change", args=[item.pk]))
    text = page.content.decode()
    assert f'href="{reverse("bulletins:item_file", args=[item.pk])}"' in text
    assert "/media/" not in text


def test_a_kit_without_a_logo_shows_a_dash(admin_client, world):
    from brand.models import BrandKit

    kit = BrandKit.objects.create(region=world.region)
    page = admin_client.get(reverse("admin:brand_brandkit_change", args=[kit.pk]))
    assert page.status_code == 200
    assert "/media/" not in page.content.decode()
