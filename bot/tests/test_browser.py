"""In a real headless Chromium: a chair gets the deep link and its QR code on the
profile page, plays their Telegram on the sandbox's page to link, chooses
Telegram for notifications and unlinks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bot.models import NotifyBy, TelegramLink
from channels.sandbox import bot_api
from conftest import log_in

from .test_sandbox import bot_sandbox, poll  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_chair_links_telegram_from_the_profile_page(page, demo, bot_sandbox):  # noqa: F811
    log_in(page, "chair")
    page.goto("/accounts/telegram/")
    page.get_by_test_id("get-link").click()
    link = page.get_by_test_id("deep-link")
    expect(link).to_contain_text("https://t.me/profinfo_sandbox_bot?start=")
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    deep_link = link.text_content().strip()

    # The chair's phone: the sandbox's page stands in for Telegram.
    page.goto(bot_sandbox + "/bot")
    page.locator("textarea[name=text]").fill(deep_link)
    page.get_by_role("button", name="Отправить боту").click()
    expect(page.get_by_test_id("waiting")).to_have_text("1")
    poll()
    page.reload()
    expect(page.get_by_test_id("transcript").locator("li.bot")).to_have_count(1)
    assert TelegramLink.objects.get(telegram_id=bot_api.PLAYER["id"]).user.username == "chair"

    page.goto("/accounts/telegram/")
    expect(page.get_by_test_id("linked")).to_contain_text("@profinfo_sandbox_bot")
    page.get_by_test_id("notify-by-form").locator("#notify-telegram").check()
    page.get_by_test_id("notify-by-form").get_by_role("button").click()
    expect(page.locator("#notify-telegram")).to_be_checked()
    assert TelegramLink.objects.get().notify_by == NotifyBy.TELEGRAM

    page.get_by_test_id("unlink").click()
    expect(page.get_by_test_id("get-link")).to_be_visible()
    assert TelegramLink.objects.get().user is None
