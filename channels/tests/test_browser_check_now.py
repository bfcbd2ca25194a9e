"""«Проверить сейчас» on the connections list, in Chromium: the row waits for
the measurement a real Celery worker takes from the networks' loopback server,
then shows the new count and time, or the network's refusal in Russian,
without the page being loaded again."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import RedisServer, broker_at, click_menu, log_in, running_worker

from .conftest import GRAPH, PAGE_TOKEN, graph_error
from .test_facebook import PAGE_ID, serve_page

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker]

REVOKED_ID = "104512345678902"


@pytest.fixture
def worker(transactional_db, network, settings, monkeypatch):
    """A Celery worker process of its own on a redis-server of its own (so no
    other worker takes the tasks the pages send to the default queue), talking
    to the loopback networks with the test's key for tokens."""
    server = RedisServer()
    server.start()
    monkeypatch.setenv("GRAPH_API_URL", settings.GRAPH_API_URL)
    monkeypatch.setenv("CHANNELS_KEY", settings.CHANNELS_KEY)
    try:
        with broker_at(server.url), running_worker(server.url, queue="celery") as process:
            yield process
    finally:
        server.stop()


def connected(region, press, account: str, followers: int):
    """A working connection of a regional Facebook page, measured a week ago."""
    from branches.models import PageSnapshot, SocialPage
    from channels import services
    from channels.models import Connection

    page = SocialPage.objects.create(region=region, platform=SocialPage.Platform.FACEBOOK_PAGE)
    connection = services.connection_save(page=page, user=press, token=PAGE_TOKEN, account=account)
    Connection.objects.filter(pk=connection.pk).update(
        status=Connection.Status.WORKING, external_id=account
    )
    PageSnapshot.objects.create(
        page=page,
        measured_on=timezone.localdate() - timedelta(days=7),
        followers=followers,
        posts_30d=4,
        own_posts=4,
        reposts=0,
        source=PageSnapshot.Source.API,
    )
    return page


def test_check_now_updates_the_row_in_place(page, demo, network, worker):
    from portal.models import User

    press = User.objects.get(username="press")
    working = connected(demo, press, PAGE_ID, 6100)
    revoked = connected(demo, press, REVOKED_ID, 880)
    serve_page(network, followers=6240)
    network.expect_request(f"{GRAPH}/{REVOKED_ID}").respond_with_json(
        graph_error(190, "Error validating access token: The session has been invalidated", 460),
        status=400,
    )
    week_ago = timezone.localdate() - timedelta(days=7)
    today = timezone.localdate()

    log_in(page, "press")
    click_menu(page, "Подключения")
    row = page.locator(f"#connection-row-{working.pk}")
    expect(row.get_by_test_id("followers")).to_contain_text(f"{week_ago:%d.%m.%Y}")
    # A mark on this document: a full reload would wipe it.
    page.evaluate("window.loadedOnce = true")

    row.get_by_role("button", name="Проверить сейчас").click()
    expect(row.get_by_test_id("check-note")).to_contain_text("Замер получен в")
    expect(row.get_by_test_id("followers")).to_contain_text(f"{today:%d.%m.%Y}")
    expect(row.get_by_test_id("followers")).to_contain_text(re.compile(r"6\s240"))

    other = page.locator(f"#connection-row-{revoked.pk}")
    other.get_by_role("button", name="Проверить сейчас").click()
    expect(other.get_by_test_id("check-note")).to_have_text(
        "Сеть больше не принимает токен страницы: подключите страницу заново."
    )
    expect(other.get_by_test_id("followers")).to_contain_text(f"{week_ago:%d.%m.%Y}")

    assert page.evaluate("window.loadedOnce") is True
    assert page.url.endswith(reverse("channels:connection_list"))
    assert PAGE_TOKEN not in page.content()
    assert os.environ.get("CHANNELS_KEY") not in page.content()
