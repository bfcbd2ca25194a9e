"""Scans (visits through a code) and downloads are counted apart, and shown to those
who measure: the region's press secretary and the central committee."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from bulletins.models import Bulletin, Collection, Item

from .factories import BulletinFactory, CollectionFactory, ItemFactory, SectionFactory


def scan(client, bulletin):
    return client.get(reverse("bulletins:bulletin_scan", args=[bulletin.pk]), follow=True)


def test_scans_and_downloads_are_counted_apart(world, client):
    bulletin = BulletinFactory(region=world.region)
    for _ in range(3):
        assert scan(client, bulletin).status_code == 200
    client.get(bulletin.get_absolute_url())  # an ordinary visit is not a scan
    client.get(reverse("bulletins:bulletin_file", args=[bulletin.pk]))
    client.head(reverse("bulletins:bulletin_file", args=[bulletin.pk]))  # not a download
    client.head(reverse("bulletins:bulletin_scan", args=[bulletin.pk]))  # a link checker
    bulletin.refresh_from_db()
    assert (bulletin.scans, bulletin.downloads) == (3, 1)


def test_a_collections_scans_and_its_materials_downloads(world, client):
    folder = CollectionFactory(region=world.region)
    item = ItemFactory(section=SectionFactory(collection=folder))
    client.get(reverse("bulletins:collection_scan", args=[folder.pk]))
    client.get(reverse("bulletins:item_file", args=[item.pk]))
    client.get(reverse("bulletins:item_file", args=[item.pk]))
    folder.refresh_from_db()
    item.refresh_from_db()
    assert (folder.scans, item.downloads) == (1, 2)


def test_a_refused_visit_counts_nothing(world, client):
    bulletin = BulletinFactory(region=world.region, visibility="internal")
    assert client.get(reverse("bulletins:bulletin_scan", args=[bulletin.pk])).status_code == 404
    assert client.get(reverse("bulletins:bulletin_file", args=[bulletin.pk])).status_code == 404
    bulletin.refresh_from_db()
    assert (bulletin.scans, bulletin.downloads) == (0, 0)


@pytest.mark.parametrize(("role", "shown"), [(None, False), ("chair", False), ("press", True)])
def test_the_library_shows_counts_to_those_who_measure(world, client_for, role, shown):
    bulletin = BulletinFactory(region=world.region)
    Bulletin.objects.filter(pk=bulletin.pk).update(scans=17, downloads=5)
    client = client_for(world.users[role] if role else None)
    for address in (reverse("bulletins:library"), bulletin.get_absolute_url()):
        page = client.get(address).content.decode()
        assert ('data-count="scans">17<' in page) is shown
        assert ('data-count="downloads">5<' in page) is shown


def test_the_press_secretary_sees_only_the_regions_counts(world, client_for):
    other = BulletinFactory(region=world.other_region)
    Bulletin.objects.filter(pk=other.pk).update(scans=9)
    page = client_for(world.users["press"]).get(reverse("bulletins:library")).content.decode()
    assert 'data-count="scans">9<' not in page
    page = client_for(world.users["central"]).get(reverse("bulletins:library")).content.decode()
    assert 'data-count="scans">9<' in page


def test_statistics_add_up_per_region(world, client_for):
    for number, (scans, downloads) in enumerate([(4, 2), (6, 1)], start=1):
        bulletin = BulletinFactory(region=world.region, number=number)
        Bulletin.objects.filter(pk=bulletin.pk).update(scans=scans, downloads=downloads)
    folder = CollectionFactory(region=world.region)
    Collection.objects.filter(pk=folder.pk).update(scans=5)
    item = ItemFactory(section=SectionFactory(collection=folder))
    Item.objects.filter(pk=item.pk).update(downloads=7)
    BulletinFactory(region=world.other_region)

    central = client_for(world.users["central"]).get(reverse("bulletins:statistics"))
    figures = {row.region: row for row in central.context["regions"]}
    mine = figures[world.region]
    assert (mine.bulletins, mine.collections, mine.items) == (2, 1, 1)
    assert (mine.scans, mine.downloads) == (4 + 6 + 5, 2 + 1 + 7)
    assert figures[world.other_region].bulletins == 1

    press = client_for(world.users["press"]).get(reverse("bulletins:statistics"))
    assert [row.region for row in press.context["regions"]] == [world.region]


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_lose_no_count(world):
    """Scans from many phones at once: each is one UPDATE … SET scans = scans + 1."""
    bulletin = BulletinFactory(region=world.region)
    address = reverse("bulletins:bulletin_scan", args=[bulletin.pk])
    threads, per_thread = 6, 5
    start = threading.Barrier(threads)
    statuses = []

    def phone():
        try:
            client = Client()
            start.wait()
            statuses.extend(client.get(address).status_code for _ in range(per_thread))
        finally:
            connection.close()

    workers = [threading.Thread(target=phone) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert statuses == [302] * threads * per_thread
    bulletin.refresh_from_db()
    assert bulletin.scans == threads * per_thread
