"""A network's rate limit during the daily collection (issue 28, item 6).

Once a network says a limit is reached and the wait is longer than the
collection waits, nothing more in that limit's scope is called in that
collection: Graph's application limit (code 4) holds every Graph call, a
page's limit (code 32, the business use case codes) that page's token only,
Telegram's 429 that bot only. The pages left are «waiting for the network's
limit», not failing, and are measured at the next collection; another
network's pages are measured as usual.
"""

from __future__ import annotations

import re

from django.urls import reverse

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection
from channels.tasks import collect_all_task, telegram_poll_task
from portal.models import Notification

from .conftest import BOT_TOKEN, GRAPH, graph_error
from .test_facebook import post
from .test_telegram import ok, refusal

FB = SocialPage.Platform.FACEBOOK_PAGE
IG = SocialPage.Platform.INSTAGRAM
TG = SocialPage.Platform.TELEGRAM
PAGE_IDS = [f"10451234567890{n}" for n in range(5)]
IG_ID = "17841400000000001"
CHATS = ["-1001234567890", "-1001234567891"]
OTHER_BOT = "7098765432:AAH-otherBotSecret-q1Wz"
APP_LIMIT = graph_error(4, "(#4) Application request limit reached")
PAGE_LIMIT = graph_error(32, "(#32) Page request limit reached")


def token(n: int) -> str:
    """Each page its own page token, as each Facebook page has."""
    return f"EAAGm0PX4ZCpsBAPage{n}TokenSecret7Q2x"


def serve_graph_page(network, page_id: str, followers: int = 1000) -> None:
    network.expect_request(f"{GRAPH}/{page_id}").respond_with_json(
        {"id": page_id, "followers_count": followers}
    )
    network.expect_request(f"{GRAPH}/{page_id}/posts").respond_with_json(
        {"data": [post(1), post(3)], "paging": {"cursors": {"before": "b", "after": "a"}}}
    )


def serve_bot(network, bot_token: str, members: int = 380) -> None:
    network.expect_request(f"/bot{bot_token}/getUpdates").respond_with_json(ok([]))
    network.expect_request(f"/bot{bot_token}/getChatMemberCount").respond_with_json(ok(members))


def calls(network, prefix: str) -> list[str]:
    return [request.path for request, _response in network.log if request.path.startswith(prefix)]


def fresh(connection: Connection) -> Connection:
    connection.refresh_from_db()
    return connection


def measured(connection: Connection) -> bool:
    return PageSnapshot.objects.filter(page=connection.page).exists()


def test_an_app_limit_stops_every_graph_call_and_telegram_is_still_measured(
    network, connect, world, client_for, settings
):
    # Graph names no time for its limits, counted over an hour: never waited out.
    # (The short wait keeps today's retries quick when this runs against them.)
    settings.CHANNELS_MAX_WAIT_SECONDS = 0.05
    pages = [connect(FB, page_id, token=token(n)) for n, page_id in enumerate(PAGE_IDS)]
    channels = [connect(TG, chat, token=BOT_TOKEN) for chat in CHATS]
    # Graph answers every call as it does once the app's limit is reached.
    network.expect_request(re.compile(f"^{GRAPH}/")).respond_with_json(APP_LIMIT, status=403)
    serve_bot(network, BOT_TOKEN)

    summary = collect_all_task.apply().get()

    assert len(calls(network, f"{GRAPH}/")) == 1  # the first page's first call, nothing after
    assert summary == {"measured": 2, "failed": 0, "waiting": 5}
    for connection in map(fresh, pages):
        assert connection.status == Connection.Status.WAITING
        assert connection.error_code == "rate_limited"
        assert not measured(connection)
    for channel in map(fresh, channels):
        assert channel.status == Connection.Status.WORKING
        assert PageSnapshot.objects.get(page=channel.page).followers == 380
    assert not Notification.objects.exists()  # a limit is not an error to tell anyone of

    client = client_for(world.users["press"])
    for connection in pages:
        page = client.get(reverse("channels:page_connection", args=[connection.page_id]))
        text = page.content.decode()
        assert 'data-status="waiting"' in text and "ждёт лимита сети" in text
        assert "Сеть временно ограничила запросы портала" in text
        assert "будет измерена при следующем сборе" in text
        assert "Последняя ошибка" not in text
    listing = client.get(reverse("channels:connection_list")).content.decode()
    assert listing.count('data-status="waiting"') == 5
    assert listing.count('data-status="working"') == 2


def test_a_page_limit_skips_that_page_token_only(network, connect):
    pages = [connect(FB, page_id, token=token(n)) for n, page_id in enumerate(PAGE_IDS)]
    limited = pages[1]
    # An Instagram account read with the limited page's token (its linked page's).
    sibling = connect(IG, IG_ID, token=token(1))
    channel = connect(TG, CHATS[0], token=BOT_TOKEN)
    for connection in pages:
        if connection is not limited:
            serve_graph_page(network, connection.external_id)
    network.expect_request(f"{GRAPH}/{limited.external_id}").respond_with_json(
        PAGE_LIMIT, status=400
    )
    network.expect_request(f"{GRAPH}/{IG_ID}").respond_with_json({"followers_count": 5})
    serve_bot(network, BOT_TOKEN)

    run = services.collect_all()

    assert calls(network, f"{GRAPH}/{limited.external_id}") == [f"{GRAPH}/{limited.external_id}"]
    assert calls(network, f"{GRAPH}/{IG_ID}") == []  # the same token: not called
    assert sorted(run.waiting) == sorted([limited.page_id, sibling.page_id])
    others = [connection for connection in pages if connection is not limited]
    assert sorted(run.measured) == sorted([c.page_id for c in others] + [channel.page_id])
    assert run.failed == []
    for connection in others:
        assert fresh(connection).status == Connection.Status.WORKING
        assert measured(connection)
    for connection in (limited, sibling):
        assert fresh(connection).status == Connection.Status.WAITING
        assert not measured(connection)


def test_telegram_retry_after_past_the_wait_holds_that_bot_only(network, connect):
    held = [connect(TG, chat, token=BOT_TOKEN) for chat in CHATS]
    other = connect(TG, "-1009999999999", token=OTHER_BOT)
    page = connect(FB, PAGE_IDS[0], token=token(0))
    network.expect_request(f"/bot{BOT_TOKEN}/getUpdates").respond_with_json(
        refusal(429, "Too Many Requests: retry after 3600", retry_after=3600), status=429
    )
    serve_bot(network, OTHER_BOT, members=75)
    serve_graph_page(network, PAGE_IDS[0])

    run = services.collect_all()

    assert calls(network, f"/bot{BOT_TOKEN}/") == [f"/bot{BOT_TOKEN}/getUpdates"]
    assert sorted(run.waiting) == sorted(c.page_id for c in held)
    assert sorted(run.measured) == sorted([other.page_id, page.page_id])
    for connection in map(fresh, held):
        assert connection.status == Connection.Status.WAITING
        assert "примерно на 60 мин" in connection.last_error
    assert PageSnapshot.objects.get(page=other.page).followers == 75


def test_the_business_use_case_header_names_the_wait(network, connect):
    connection = connect(FB, PAGE_IDS[0], token=token(0))
    usage = (
        f'{{"{PAGE_IDS[0]}": [{{"type": "pages", "call_count": 100, "total_cputime": 12, '
        '"total_time": 20, "estimated_time_to_regain_access": 42}]}'
    )
    network.expect_request(f"{GRAPH}/{PAGE_IDS[0]}").respond_with_json(
        graph_error(80001, "There have been too many calls to this Page account.", 2494055),
        status=400,
        headers={"X-Business-Use-Case-Usage": usage},
    )
    assert not services.connection_collect(connection=connection)
    assert len(calls(network, f"{GRAPH}/")) == 1
    connection = fresh(connection)
    assert connection.status == Connection.Status.WAITING
    assert connection.error_params == {"seconds": 42 * 60}
    assert "примерно на 42 мин" in connection.last_error


def test_a_page_being_checked_stays_to_be_checked_when_graph_is_limited(network, connect, world):
    page = SocialPage.objects.create(region=world.region, platform=FB)
    checking = services.connection_save(
        page=page, user=world.users["press"], token=token(3), account=PAGE_IDS[3]
    )
    later = connect(FB, PAGE_IDS[4], token=token(4))
    network.expect_request(re.compile(f"^{GRAPH}/")).respond_with_json(APP_LIMIT, status=400)

    run = services.collect_all()

    assert len(calls(network, f"{GRAPH}/")) == 1
    assert sorted(run.waiting) == sorted([checking.page_id, later.page_id])
    checking = fresh(checking)
    # Not checked yet: the next collection checks it before measuring it.
    assert (checking.status, checking.error_code) == (Connection.Status.CHECKING, "rate_limited")
    assert fresh(later).status == Connection.Status.WAITING


def test_a_channel_waiting_for_a_limit_is_still_polled(network, connect):
    # Telegram keeps a bot's updates for a day: a channel that waits for its bot's
    # limit goes on being polled every ten minutes.
    channel = connect(TG, CHATS[0], token=BOT_TOKEN, status="waiting")
    network.expect_request(f"/bot{BOT_TOKEN}/getUpdates").respond_with_json(ok([]))
    assert telegram_poll_task.apply().get() == 1
    assert calls(network, f"/bot{BOT_TOKEN}/") == [f"/bot{BOT_TOKEN}/getUpdates"]
    assert fresh(channel).status == "waiting"
