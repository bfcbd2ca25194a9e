"""An anonymous visitor, in a real browser: the library, a bulletin by topic, its file."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bulletins.models import Bulletin, Topic

from .factories import BulletinFactory
from .images import pdf_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def shelf(transactional_db):
    from portal.tests.factories import RegionFactory

    region = RegionFactory(short_name="Восточно-Казахстанская область")
    BulletinFactory(
        region=region, number=1, title="Коллективный договор", topic=Topic.SOCIAL_PARTNERSHIP
    )
    BulletinFactory(
        region=region, number=2, title="Спартакиада учителей", topic=Topic.SPORT_CULTURE
    )
    BulletinFactory(region=region, number=3, title="Закрытый отчёт", visibility="internal")
    return BulletinFactory(
        region=region,
        number=4,
        title="Охрана труда в школе",
        topic=Topic.LABOUR_PROTECTION,
        file_name="Бюллетень № 4. Охрана труда.pdf",
        file__data=pdf_bytes(4096),
    )


def test_a_visitor_finds_a_bulletin_by_topic_and_downloads_it(page, shelf, tmp_path):
    page.goto(reverse("bulletins:library"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    cards = page.get_by_test_id("bulletin")
    expect(cards).to_have_count(3)  # the internal one is not shown
    expect(page.get_by_text("Закрытый отчёт")).to_have_count(0)

    # Choosing a topic applies it at once (static/js/profinfo.js, no inline script).
    page.locator("select[name=topic]").select_option(Topic.LABOUR_PROTECTION)
    expect(page).to_have_url(f"{page.url.split('?')[0]}?q=&topic=labour_protection&region=")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Охрана труда в школе")

    cards.first.get_by_role("link", name="Охрана труда в школе").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Охрана труда в школе")
    expect(page.get_by_test_id("qr-panel").locator("img")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    download = info.value
    assert download.suggested_filename == "Бюллетень № 4. Охрана труда.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == pdf_bytes(4096)
    shelf.refresh_from_db()
    assert (shelf.downloads, shelf.scans) == (1, 0)


def test_a_visitor_who_scans_the_code_lands_on_the_page(page, shelf):
    page.goto(reverse("bulletins:bulletin_scan", args=[shelf.pk]))
    expect(page).to_have_url(f"{page.url.split('/library/')[0]}{shelf.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Охрана труда в школе")
    assert Bulletin.objects.get(pk=shelf.pk).scans == 1
