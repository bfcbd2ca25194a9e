"""A website measured through its RSS or Atom feed."""

from __future__ import annotations

from email.utils import format_datetime

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection
from networks.tests.test_feed import FEED, rss


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


def rss_on(*moments) -> str:
    items = "".join(
        f"<item><title>Материал {n}</title><guid>https://site.kz/m/{n}</guid>"
        f"<pubDate>{format_datetime(moment)}</pubDate></item>"
        for n, moment in enumerate(moments)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Профсоюз</title><link>https://site.kz</link>{items}</channel></rss>"
    )


def noon(year, month, day):
    from datetime import UTC, datetime

    return datetime(year, month, day, 12, tzinfo=UTC)


FEED_DAYS = [noon(2025, 11, 20), noon(2025, 12, 20), noon(2026, 1, 5), noon(2026, 3, 10)]


def test_the_feed_continues_the_yearly_counts_and_keeps_hand_figures(network, world):
    from branches.models import WebsiteMaterials
    from dashboards.report.outlets import website

    hand_2025 = WebsiteMaterials.objects.create(
        region=world.region, year=2025, count=163, months=11
    )
    WebsiteMaterials.objects.create(region=world.region, year=2026, count=5, months=2)
    connection = site(world, network)
    later = noon(2026, 3, 20)  # published after the collection's moment: not counted yet
    network.expect_request(FEED).respond_with_data(
        rss_on(*FEED_DAYS, later), content_type="application/rss+xml"
    )
    assert services.connection_collect(connection=connection, now=noon(2026, 3, 15))
    rows = {row.year: row for row in WebsiteMaterials.objects.filter(region=world.region)}
    # 2025 the feed covers only from 20 November: the hand figure stays.
    assert rows[2025].pk == hand_2025.pk
    assert (rows[2025].count, rows[2025].months, rows[2025].measured) == (163, 11, False)
    # 2026 it covers from the start: counted (January to March), marked as measured.
    assert (rows[2026].count, rows[2026].months, rows[2026].measured) == (2, 3, True)
    assert rows[2026].counted_from is None
    text = " ".join(
        str(block.get("text", "")) + " ".join(block.get("items", []))
        for block in website(world.region, noon(2025, 1, 1).date(), noon(2026, 3, 15).date())
    )
    assert "в 2025 году" not in text and "за 11 месяцев 2025 года: 163 материала" in text
    assert "за 3 месяца 2026 года (подсчитано порталом по ленте сайта): 2 материала" in text


def test_a_year_without_a_hand_figure_is_counted_from_the_first_entry_seen(network, world):
    from branches.models import WebsiteMaterials

    connection = site(world, network)
    network.expect_request(FEED).respond_with_data(
        rss_on(*FEED_DAYS), content_type="application/rss+xml"
    )
    assert services.connection_collect(connection=connection, now=noon(2026, 3, 15))
    rows = {row.year: row for row in WebsiteMaterials.objects.filter(region=world.region)}
    assert (rows[2025].count, rows[2025].months, rows[2025].measured) == (2, 2, True)
    assert rows[2025].counted_from == FEED_DAYS[0].date()
    assert (rows[2026].count, rows[2026].months) == (2, 3)
    # The other region's registry is untouched; a branch's site counts for no region.
    assert not WebsiteMaterials.objects.filter(region=world.other_region).exists()


def test_a_branch_site_does_not_write_the_regions_yearly_counts(network, world):
    from branches.models import WebsiteMaterials

    page = SocialPage.objects.create(
        region=world.region, branch=world.branch, platform=SocialPage.Platform.WEBSITE
    )
    connection = services.connection_save(page=page, user=None, account=network.url_for(FEED))
    network.expect_request(FEED).respond_with_data(
        rss_on(*FEED_DAYS), content_type="application/rss+xml"
    )
    assert services.connection_collect(connection=connection, now=noon(2026, 3, 15))
    assert not WebsiteMaterials.objects.exists()
