"""A Facebook Page measured through the Graph API, against a loopback server."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from werkzeug import Response

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection
from conftest import wait_until
from portal.models import Notification

from .conftest import GRAPH, PAGE_TOKEN, graph_error

PAGE_ID = "104512345678901"


def stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def post(days_ago: float, *, share: bool = False, parent: bool = False) -> dict:
    item = {
        "id": f"{PAGE_ID}_{int(days_ago * 1000)}",
        "created_time": stamp(timezone.now() - timedelta(days=days_ago)),
        "status_type": "shared_story" if share else "added_photos",
    }
    if parent:
        item["parent_id"] = "200_300"
        item["status_type"] = "mobile_status_update"
    return item


def serve_page(network, *, followers=6200, fan_count=None, pages=None):
    """The page and its posts, `pages` being lists of posts, newest first, linked by
    `paging.next` as the Graph API links them (the token in the next address)."""
    fields = {"id": PAGE_ID, "name": "ВКО профсоюз образования"}
    if followers is not None:
        fields["followers_count"] = followers
    if fan_count is not None:
        fields["fan_count"] = fan_count
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(fields)
    pages = pages if pages is not None else [[post(1), post(3)]]

    def posts(request):
        index = int(request.args.get("after", 0))
        body = {"data": pages[index], "paging": {"cursors": {"before": "b", "after": "a"}}}
        if index + 1 < len(pages):
            body["paging"]["next"] = network.url_for(
                f"{GRAPH}/{PAGE_ID}/posts?access_token={PAGE_TOKEN}&limit=100&after={index + 1}"
            )
        return Response(json.dumps(body), content_type="application/json")

    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_handler(posts)


def requests_to(network, path: str) -> list:
    return [request for request, _response in network.log if request.path == path]


def test_followers_and_posts_paged_to_the_end_of_the_window(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(
        network,
        pages=[
            [post(0.5), post(2, share=True), post(5)],
            [post(12), post(20, parent=True), post(29)],
            [post(31), post(45)],  # past the window: the last page read
            [post(60)],  # never asked for
        ],
    )
    assert services.connection_collect(connection=connection)
    snapshot = PageSnapshot.objects.get(page=connection.page)
    assert snapshot.source == PageSnapshot.Source.API
    assert (snapshot.followers, snapshot.posts_30d) == (6200, 6)
    assert (snapshot.own_posts, snapshot.reposts) == (4, 2)
    assert snapshot.last_own_post == timezone.localdate(timezone.now() - timedelta(days=0.5))
    assert len(requests_to(network, f"{GRAPH}/{PAGE_ID}/posts")) == 3
    connection.refresh_from_db()
    assert connection.status == Connection.Status.WORKING
    assert connection.last_success_at is not None


def test_a_silent_page_is_paged_until_its_last_own_post(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(
        network,
        followers=None,
        fan_count=65,
        pages=[[post(3, share=True), post(40, share=True)], [post(106)]],
    )
    assert services.connection_collect(connection=connection)
    snapshot = PageSnapshot.objects.get(page=connection.page)
    assert (snapshot.followers, snapshot.posts_30d, snapshot.reposts) == (65, 1, 1)
    assert snapshot.last_own_post == timezone.localdate(timezone.now() - timedelta(days=106))


def test_a_next_address_elsewhere_is_not_followed(network, connect):
    """The next page's address carries the token: only the Graph API's own is followed."""
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json({"followers_count": 5})
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_json(
        {"data": [post(40)], "paging": {"next": f"http://evil.example/x?access_token={PAGE_TOKEN}"}}
    )
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_json(
        {"data": [post(40, share=True)], "paging": {"next": "http://evil.example/next"}}
    )
    assert services.connection_collect(connection=connection)  # an own post: no next needed
    assert PageSnapshot.objects.get(page=connection.page).posts_30d == 0


def test_the_check_finds_the_page_before_anything_is_measured(network, world):
    page = SocialPage.objects.create(
        region=world.region,
        platform=SocialPage.Platform.FACEBOOK_PAGE,
        url=f"https://www.facebook.com/profile.php?id={PAGE_ID}",
    )
    connection = services.connection_save(page=page, user=world.users["press"], token=PAGE_TOKEN)
    assert connection.account == PAGE_ID  # from the page's address
    assert connection.status == Connection.Status.CHECKING
    serve_page(network)
    assert services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.external_id == PAGE_ID
    assert connection.external_name == "ВКО профсоюз образования"


# --- When the network says no -------------------------------------------------------


@pytest.fixture
def measured_before(connect):
    """A connected page with a hand measurement from last week."""
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    PageSnapshot.objects.create(
        page=connection.page,
        measured_on=timezone.localdate() - timedelta(days=7),
        followers=6100,
        posts_30d=20,
        own_posts=18,
        reposts=2,
        last_own_post=timezone.localdate() - timedelta(days=8),
        source=PageSnapshot.Source.MANUAL,
    )
    return connection


def only_the_old_snapshot(connection) -> bool:
    snapshots = list(PageSnapshot.objects.filter(page=connection.page))
    return len(snapshots) == 1 and snapshots[0].followers == 6100


def test_a_revoked_token_expires_the_connection_and_tells_press_once(network, measured_before):
    connection = measured_before
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(190, "Error validating access token: The session has been invalidated", 460),
        status=400,
    )
    assert not services.connection_collect(connection=connection)
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.EXPIRED
    assert "подключите страницу заново" in connection.last_error
    assert only_the_old_snapshot(connection)
    notes = Notification.objects.filter(user__username="press")
    assert notes.count() == 1
    assert "истекло" in notes.get().title
    # Expired connections are not called again by the daily collection.
    assert connection.pk not in services.collectable().values_list("pk", flat=True)


def test_server_errors_are_tried_three_more_times_then_the_page_is_failing(
    network, measured_before
):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_data("Bad gateway", status=502)
    assert not services.connection_collect(connection=measured_before)
    assert len(requests_to(network, f"{GRAPH}/{PAGE_ID}")) == 4
    measured_before.refresh_from_db()
    assert measured_before.status == Connection.Status.FAILING
    assert "HTTP 502" in measured_before.last_error
    assert only_the_old_snapshot(measured_before)


def test_a_server_error_then_success(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    network.expect_ordered_request(f"{GRAPH}/{PAGE_ID}").respond_with_data("", status=503)
    network.expect_ordered_request(f"{GRAPH}/{PAGE_ID}").respond_with_data("", status=500)
    serve_page(network)
    assert services.connection_collect(connection=connection)
    assert PageSnapshot.objects.get(page=connection.page).followers == 6200


def test_a_slow_answer_times_out_and_is_tried_again(network, measured_before, settings):
    settings.CHANNELS_TIMEOUT_SECONDS = 0.3
    # Every answer comes only after the portal has given up on all of them.
    given_up, answered = threading.Event(), []

    def slow(request):
        given_up.wait(timeout=30)
        answered.append(request.path)
        return Response("{}", content_type="application/json")

    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_handler(slow)
    started = time.monotonic()
    assert not services.connection_collect(connection=measured_before)
    assert time.monotonic() - started < 3
    measured_before.refresh_from_db()
    assert measured_before.error_code == "timeout"
    assert "4" in measured_before.last_error  # tries
    assert only_the_old_snapshot(measured_before)
    # The held answers finish here, not in the log of a later test.
    given_up.set()
    assert wait_until(lambda: len(answered) == 4, 10), answered


def test_broken_json_is_a_clear_status_never_a_zero(network, measured_before):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_data(
        '{"followers_count": 61', content_type="application/json"
    )
    assert not services.connection_collect(connection=measured_before)
    measured_before.refresh_from_db()
    assert measured_before.status == Connection.Status.FAILING
    assert measured_before.last_error == "Ответ сети не удалось прочитать."
    assert only_the_old_snapshot(measured_before)


def test_a_missing_field_is_a_clear_status_never_a_zero(network, measured_before):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json({"id": PAGE_ID})
    assert not services.connection_collect(connection=measured_before)
    measured_before.refresh_from_db()
    assert measured_before.last_error == "В ответе сети нет поля «followers_count»."
    assert only_the_old_snapshot(measured_before)


def test_posts_without_dates_are_a_missing_field(network, measured_before):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json({"followers_count": 6300})
    network.expect_request(f"{GRAPH}/{PAGE_ID}/posts").respond_with_json({"data": [{"id": "1"}]})
    assert not services.connection_collect(connection=measured_before)
    measured_before.refresh_from_db()
    assert measured_before.error_code == "missing_field"
    assert only_the_old_snapshot(measured_before)


def test_a_vanished_page_is_refused(network, measured_before):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(100, "Unsupported get request. Object with ID does not exist", 33),
        status=400,
    )
    assert not services.connection_collect(connection=measured_before)
    measured_before.refresh_from_db()
    assert measured_before.status == Connection.Status.REFUSED
    assert "удалили или переименовали" in measured_before.last_error
    assert only_the_old_snapshot(measured_before)


def test_429_with_retry_after_is_waited_out(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    network.expect_ordered_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(4, "Application request limit reached"),
        status=429,
        headers={"Retry-After": "1"},
    )
    serve_page(network)
    started = time.monotonic()
    assert services.connection_collect(connection=connection)
    assert time.monotonic() - started >= 1
    assert len(requests_to(network, f"{GRAPH}/{PAGE_ID}")) == 2
    assert PageSnapshot.objects.get(page=connection.page).followers == 6200


def test_a_wait_longer_than_allowed_is_left_to_the_next_collection(network, measured_before):
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(4), status=429, headers={"Retry-After": "3600"}
    )
    assert not services.connection_collect(connection=measured_before)
    assert len(requests_to(network, f"{GRAPH}/{PAGE_ID}")) == 1  # no hammering
    measured_before.refresh_from_db()
    # Waiting for the network's window, not failing.
    assert measured_before.status == Connection.Status.WAITING
    assert measured_before.error_code == "rate_limited"
    assert "примерно на 60 мин" in measured_before.last_error
    assert only_the_old_snapshot(measured_before)


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
def test_graph_rate_limits_that_name_no_time_are_not_waited_out(network, connect, settings, code):
    # Graph counts its limits over an hour (a page's over a day) and its error names
    # no time: a wait of a minute and another call would only be refused again.
    settings.CHANNELS_MAX_WAIT_SECONDS = 120
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    network.expect_ordered_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(code, f"(#{code}) Rate limited"), status=400
    )
    serve_page(network)
    assert not services.connection_collect(connection=connection)
    assert len(requests_to(network, f"{GRAPH}/{PAGE_ID}")) == 1
    connection.refresh_from_db()
    assert (connection.status, connection.error_params) == ("waiting", {"seconds": None})
    assert connection.last_error.startswith("Сеть временно ограничила запросы портала")
