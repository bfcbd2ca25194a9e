"""A website measured through its RSS or Atom feed."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

from django.utils import timezone

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection

FEED = "/region/vko/rss.xml"


def rss(*days_ago: float) -> str:
    items = "".join(
        f"<item><title>Материал {n}</title><link>https://site.kz/news/{n}</link>"
        f"<guid>https://site.kz/news/{n}</guid>"
        f"<pubDate>{format_datetime(timezone.now() - timedelta(days=d))}</pubDate></item>"
        for n, d in enumerate(days_ago)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Профсоюз</title><link>https://site.kz</link>{items}</channel></rss>"
    )


def atom(*days_ago: float) -> str:
    entries = "".join(
        f"<entry><title>Запись {n}</title><id>urn:uuid:{n}</id>"
        f"<updated>{(timezone.now() - timedelta(days=d)).isoformat()}</updated></entry>"
        for n, d in enumerate(days_ago)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Сайт</title><id>urn:site</id><updated>2025-12-01T00:00:00Z</updated>{entries}</feed>"
    )


def site(world, network):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.WEBSITE)
    return services.connection_save(
        page=page, user=world.users["press"], account=network.url_for(FEED)
    )


def test_materials_of_the_feed_are_counted_and_kept(network, world):
    connection = site(world, network)
    network.expect_ordered_request(FEED).respond_with_data(
        rss(1, 5, 40, 70), content_type="application/rss+xml"
    )
    network.expect_ordered_request(FEED).respond_with_data(
        rss(1, 5, 40, 70), content_type="application/rss+xml"
    )
    assert services.connection_collect(connection=connection)
    snapshot = PageSnapshot.objects.get(page=connection.page)
    assert (snapshot.followers, snapshot.posts_30d, snapshot.own_posts) == (None, 2, 2)
    assert connection.entries.count() == 4
    months = services.materials_by_month(connection=connection)
    assert sum(row["count"] for row in months) == 4


def test_an_atom_feed(network, world):
    connection = site(world, network)
    network.expect_request(FEED).respond_with_data(atom(2, 3), content_type="application/atom+xml")
    assert services.connection_collect(connection=connection)
    assert PageSnapshot.objects.get(page=connection.page).posts_30d == 2


def test_a_page_that_is_no_feed_writes_nothing(network, world):
    connection = site(world, network)
    network.expect_request(FEED).respond_with_data("<html><body>Сайт</body>", status=200)
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.FAILING
    assert connection.error_code == "malformed"
    assert not PageSnapshot.objects.filter(page=connection.page).exists()


def test_a_feed_that_is_gone(network, world):
    connection = site(world, network)
    network.expect_request(FEED).respond_with_data("Not found", status=404)
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.error_code == "not_found"


def test_a_body_naming_a_local_file_is_not_opened(network, world, tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_text(rss(1), encoding="utf-8")
    connection = site(world, network)
    network.expect_request(FEED).respond_with_data(str(secret))
    assert not services.connection_collect(connection=connection)
    assert connection.entries.count() == 0
