"""The top menu fits a laptop screen for every role in every language."""

import pytest
from playwright.sync_api import expect

from conftest import log_in

pytestmark = pytest.mark.browser


def _lawyer(region, settings):
    from portal.models import User
    from questions.seed import load_demo_lawyer

    settings.DEBUG = True
    load_demo_lawyer(region=region)
    settings.DEBUG = False
    User.objects.update(is_demo=False)


ROLES = ["press", "leader", "lawyer", "chair", "central", "admin"]
LANGUAGES = ["ru", "kk", "en"]
DESKTOPS = [(1280, 800), (1366, 768)]


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _set_language(page, live_server, code: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])


@pytest.mark.parametrize("username", ROLES)
def test_the_menu_fits_from_1280_pixels_up_in_every_language(
    page, demo, live_server, settings, username
):
    _lawyer(demo, settings)
    log_in(page, username)
    for code in LANGUAGES:
        _set_language(page, live_server, code)
        for width, height in DESKTOPS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto("/")
            expect(page.locator("html")).to_have_attribute("lang", code)
            assert _page_width(page) <= width, (username, code, width, _page_width(page))
            nav = page.get_by_role("navigation").first
            expect(page.get_by_test_id("bell")).to_be_visible()
            expect(page.get_by_test_id("language-menu")).to_be_visible()
            expect(page.get_by_test_id("user-menu")).to_be_visible()
            expect(nav.get_by_test_id("nav-toggler")).to_be_hidden()
            # Log-out is one click away, inside the screen.
            page.get_by_test_id("user-menu").click()
            logout = page.get_by_test_id("log-out")
            expect(logout).to_be_visible()
            box = logout.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (username, code, box)
            page.keyboard.press("Escape")


@pytest.mark.parametrize("username", ["press", "admin"])
def test_on_a_phone_the_menu_collapses_behind_a_button(page, demo, live_server, username):
    log_in(page, username)
    for code in LANGUAGES:
        _set_language(page, live_server, code)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/")
        assert _page_width(page) <= 390, (username, code, _page_width(page))
        toggler = page.get_by_test_id("nav-toggler")
        expect(toggler).to_be_visible()
        expect(page.get_by_test_id("bell")).to_be_hidden()
        toggler.click()
        expect(page.get_by_test_id("bell")).to_be_visible()
        expect(page.get_by_test_id("user-menu")).to_be_visible()
        assert _page_width(page) <= 390, (username, code, _page_width(page))
