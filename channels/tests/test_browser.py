"""The press secretary connects a page of the report by pasting a token, asks
«Проверить сейчас», and sees the page measured through its network."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import click_menu, log_in

from .conftest import GRAPH, PAGE_TOKEN
from .test_facebook import post

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(demo):
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    return demo


@pytest.fixture
def queued(monkeypatch):
    """What the pages ask workers to do; the test runs it as the worker would."""
    sent = []
    monkeypatch.setattr(
        "portal.infrastructure.broker.send_now",
        lambda name, args=(), **options: sent.append((name, args)),
    )
    return sent


def run_queued(queued) -> list[str]:
    """The worker's turn: every task the pages queued (letters too), run here on the
    test database."""
    import channels.tasks  # noqa: F401  (registers the tasks)
    from config.celery import app

    names = []
    while queued:
        name, args = queued.pop(0)
        app.tasks[name].apply(args=list(args))
        names.append(name)
    return names


def test_press_connects_a_seeded_page_and_sees_it_measured(page, demo, network, queued):
    from branches.models import PageSnapshot, SocialPage
    from channels import services

    regional = SocialPage.objects.get(
        region=demo, branch=None, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    # The report gives no address of the regional page: its id is typed in.
    account = services.default_account(regional) or "104000000006200"
    network.expect_request(f"{GRAPH}/{account}").respond_with_json(
        {"id": account, "name": "ВКО профсоюз образования", "followers_count": 6240}
    )
    network.expect_request(f"{GRAPH}/{account}/posts").respond_with_json(
        {"data": [post(1), post(2, share=True), post(4)], "paging": {}}
    )

    log_in(page, "press")
    click_menu(page, "Подключения")
    row = (
        page.get_by_test_id("connections")
        .locator("tr", has_text="Страница Facebook")
        .filter(has_text="Восточно-Казахстанская область")
    )
    row.get_by_role("link").first.click()
    form = page.get_by_test_id("connect-form")
    form.get_by_label("Аккаунт").fill(account)
    form.get_by_label("Токен").fill(PAGE_TOKEN)
    form.get_by_role("button", name="Сохранить и проверить").click()
    expect(page.locator(".alert-success")).to_contain_text("Сохранено")
    expect(page.get_by_test_id("token-tail")).to_contain_text(PAGE_TOKEN[-4:])
    assert PAGE_TOKEN not in page.content()
    assert network.log == []  # the page did not wait for the network

    assert "channels.tasks.check_connection_task" in run_queued(queued)
    page.reload()
    expect(page.get_by_test_id("connection")).to_contain_text("работает")

    page.get_by_role("button", name="Проверить сейчас").click()
    expect(page.locator(".alert-success")).to_contain_text("Замер поставлен в очередь")
    assert "channels.tasks.collect_connection_task" in run_queued(queued)
    page.reload()
    newest = page.get_by_test_id("snapshots").locator("tbody tr").first
    expect(newest).to_contain_text(timezone.localdate().strftime("%d.%m.%Y"))
    expect(newest).to_contain_text(str(PageSnapshot.Source.API.label))
    expect(newest).to_contain_text("6 240")
    assert PAGE_TOKEN not in page.content()

    # Its page in the registry and the region's dashboard never show the token either.
    page.goto(reverse("branches:page_detail", args=[regional.pk]))
    assert PAGE_TOKEN not in page.content()
    page.goto(reverse("dashboards:region", args=[demo.pk]))
    expect(page.get_by_test_id("followers-daily-chart")).to_be_visible()
    assert PAGE_TOKEN not in page.content()
