"""The connections list: each page's latest follower count with its date, and
«Проверить сейчас» answering in its own row (htmx) until the measurement lands."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import PageSnapshot, SocialPage
from channels.models import Connection
from channels.tasks import collect_connection_task
from portal.tests.factories import BranchFactory

from .conftest import GRAPH, graph_error
from .test_facebook import PAGE_ID, serve_page

P = SocialPage.Platform
HTMX = {"HTTP_HX_REQUEST": "true"}


def measured(page, day: date, followers: int | None, source: str = "api") -> None:
    PageSnapshot.objects.create(
        page=page,
        measured_on=day,
        followers=followers,
        posts_30d=3,
        own_posts=3,
        reposts=0,
        source=source,
    )


def grow(world, times: int) -> None:
    """Per unit: three connected pages of press's region measured twice, and
    an Aitu page measured by hand."""
    for _ in range(times):
        branch = BranchFactory(region=world.region)
        for platform in (P.FACEBOOK_PAGE, P.INSTAGRAM, P.TELEGRAM, P.AITU):
            page = SocialPage.objects.create(region=world.region, branch=branch, platform=platform)
            if platform != P.AITU:
                Connection.objects.create(page=page, account="x", status="working")
            measured(page, date(2026, 11, 2), 100)
            measured(page, date(2026, 11, 9), 120)


def rows(html: str) -> dict[str, str]:
    """The list's rows by the page's address in them."""
    found = re.findall(r'<tr id="connection-row-(\d+)".*?</tr>', html, flags=re.S)
    bodies = re.findall(r'(<tr id="connection-row-\d+".*?</tr>)', html, flags=re.S)
    return dict(zip(found, bodies, strict=True))


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_page_shows_its_latest_count_with_its_date(world, client_for):
    counted = SocialPage.objects.create(region=world.region, platform=P.FACEBOOK_PAGE)
    Connection.objects.create(page=counted, account="x", status="working")
    measured(counted, date(2026, 11, 2), 6100, "manual")
    measured(counted, date(2026, 11, 30), 6240)
    # The network showed no count on the newest day: the last known count stays, with its day.
    silent = SocialPage.objects.create(region=world.region, platform=P.INSTAGRAM)
    measured(silent, date(2026, 11, 2), 880)
    measured(silent, date(2026, 11, 30), None)
    never = SocialPage.objects.create(region=world.region, platform=P.TELEGRAM)
    # The demo's and the report's figures say so; they were not entered by hand.
    demo = SocialPage.objects.create(region=world.region, platform=P.AITU)
    measured(demo, date(2026, 11, 30), 40, "demo")
    report = SocialPage.objects.create(region=world.region, platform=P.WEBSITE)
    measured(report, date(2025, 12, 5), None, "report")

    html = client_for(world.users["press"]).get(reverse("channels:connection_list"))
    found = rows(html.content.decode())

    followers = re.compile(r'data-testid="followers">(.*?)</td>', re.S)
    assert text(followers.search(found[str(counted.pk)]).group(1)) == "6 240 30.11.2026"
    assert text(followers.search(found[str(silent.pk)]).group(1)) == "880 02.11.2026"
    assert text(followers.search(found[str(never.pk)]).group(1)) == "—"
    newest = re.compile(r'data-testid="newest">(.*?)</td>', re.S)
    assert text(newest.search(found[str(counted.pk)]).group(1)) == "30.11.2026 · через API сети"
    assert text(newest.search(found[str(demo.pk)]).group(1)) == "30.11.2026 · демо-данные"
    assert text(newest.search(found[str(report.pk)]).group(1)) == "05.12.2025 · из отчёта"
    # Press may check the connected page now; the unconnected ones have nothing to check.
    assert "Проверить сейчас" in found[str(counted.pk)]
    assert "Проверить сейчас" not in found[str(never.pk)]


@pytest.mark.parametrize(("role", "pinned"), [("press", 8), ("central", 9)])
def test_the_list_costs_the_same_queries_with_ten_times_the_connections(
    world, client_for, role, pinned
):
    client = client_for(world.users[role])
    address = reverse("channels:connection_list")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(db) as queries:
            response = client.get(address)
        assert response.status_code == 200
        return len(queries), response.content.decode().count('data-testid="connection-row"')

    grow(world, 1)
    at_1x = count()
    grow(world, 9)
    assert (at_1x, count()) == ((pinned, 4), (pinned, 40))


@pytest.fixture
def facebook(world, connect):
    connection = connect(P.FACEBOOK_PAGE, PAGE_ID)
    measured(connection.page, timezone.localdate() - timedelta(days=7), 6100)
    return connection


def test_check_now_waits_in_its_row_and_shows_the_new_count_and_time(
    world, client_for, network, facebook
):
    client = client_for(world.users["press"])
    serve_page(network, followers=6240)

    waiting = client.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX)

    # The row alone comes back, asking for itself again until the measurement lands.
    assert waiting.status_code == 200
    html = waiting.content.decode()
    assert html.lstrip().startswith(f'<tr id="connection-row-{facebook.page_id}"')
    assert html.count("<tr") == 1
    row = reverse("channels:connection_row", args=[facebook.page_id])
    assert f'hx-get="{row}"' in html and 'hx-trigger="every 2s"' in html
    assert "Замеряем…" in html
    assert network.log == []  # the page did not wait for the network
    # A second press within the minute asks for nothing more and still waits.
    again = client.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX)
    assert 'hx-trigger="every 2s"' in again.content.decode()
    assert client.get(row).content.decode().count('hx-trigger="every 2s"') == 1

    assert collect_connection_task.apply(args=[facebook.pk]).get()  # the worker's turn

    landed = client.get(row).content.decode()
    assert "hx-trigger" not in landed  # it stops asking
    facebook.refresh_from_db()
    time = timezone.localtime(facebook.last_success_at).strftime("%H:%M")
    assert f"Замер получен в {time}." in text(landed)
    assert f"6 240 {timezone.localdate():%d.%m.%Y}" in text(landed)
    # A reload of the list shows the count, without the note of the check.
    listed = rows(client.get(reverse("channels:connection_list")).content.decode())
    assert "6 240" in text(listed[str(facebook.page_id)])
    assert "Замер получен" not in listed[str(facebook.page_id)]


def test_check_now_says_in_russian_why_it_could_not(world, client_for, network, facebook):
    client = client_for(world.users["press"])
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(190, "Error validating access token: The session has been invalidated", 460),
        status=400,
    )
    client.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX)
    assert not collect_connection_task.apply(args=[facebook.pk]).get()

    row = client.get(reverse("channels:connection_row", args=[facebook.page_id]))
    html = row.content.decode()
    assert "hx-trigger" not in html
    note = re.search(r'data-testid="check-note">(.*?)</div>', html, re.S).group(1)
    assert "text-danger" in note
    assert text(note) == ("Сеть больше не принимает токен страницы: подключите страницу заново.")
    assert f"6 100 {timezone.localdate() - timedelta(days=7):%d.%m.%Y}" in text(html)
    # Pressed again, an expired connection is not queued: it says what to do.
    again = client.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX)
    assert "hx-trigger" not in again.content.decode()
    assert "Токен истёк: подключите страницу заново." in text(again.content.decode())


def test_a_measurement_that_never_comes_stops_the_row_asking(world, client_for, network, facebook):
    client = client_for(world.users["press"])
    client.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX)
    Connection.objects.filter(pk=facebook.pk).update(
        collection_requested_at=timezone.now() - timedelta(minutes=3)
    )
    html = client.get(reverse("channels:connection_row", args=[facebook.page_id])).content
    assert "hx-trigger" not in html.decode()
    assert "Замер ещё не пришёл: обновите страницу позже." in text(html.decode())


def test_the_row_is_press_alone_to_check_and_within_the_scope(world, client_for, facebook):
    central = client_for(world.users["central"])
    row = reverse("channels:connection_row", args=[facebook.page_id])
    assert central.get(row).status_code == 200
    assert "Проверить сейчас" not in central.get(row).content.decode()
    assert (
        central.post(reverse("channels:collect_now", args=[facebook.page_id]), **HTMX).status_code
        == 404
    )
    assert client_for(world.users["chair"]).get(row).status_code == 404
    elsewhere = SocialPage.objects.create(region=BranchFactory().region, platform=P.TELEGRAM)
    other = reverse("channels:connection_row", args=[elsewhere.pk])
    assert client_for(world.users["press"]).get(other).status_code == 404
