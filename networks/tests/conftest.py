"""A loopback server that answers as the networks' documented APIs do.

Every test of the networks talks to it over real HTTP; nothing leaves the
machine. Waits are kept short: back-off from 0.01 s, and at most 2 s of
waiting when a network asks to slow down. The tests of `channels` and
`publishing` use the same server (their conftests take it from here).
"""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

GRAPH = "/v26.0"
PREVIEW = "/tme"  # where t.me's public preview pages answer
PAGE_TOKEN = "EAAGm0PX4ZCpsBAPageTokenSecret7Q2x"  # looks like a page token
BOT_TOKEN = "7012345678:AAH-botTokenSecret-x9Zk"  # looks like a bot token


@pytest.fixture(scope="session")
def network_server():
    # Threaded, so that a slow answer does not hold up the next request.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def point_at(server: HTTPServer, settings) -> None:
    """The networks' addresses at the loopback server, and short waits."""
    server.clear()
    settings.GRAPH_API_URL = server.url_for(GRAPH)
    settings.TELEGRAM_API_URL = server.url_for("").rstrip("/")
    settings.TELEGRAM_PREVIEW_URL = server.url_for(PREVIEW)
    # Generous, so that a loaded CI machine never times out an answer by accident;
    # the test of a slow answer sets its own.
    settings.CHANNELS_TIMEOUT_SECONDS = 2
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_MAX_WAIT_SECONDS = 2
    settings.CHANNELS_RETRIES = 3


@pytest.fixture
def network(network_server, settings):
    """The loopback server, with the portal's settings pointing at it."""
    point_at(network_server, settings)
    yield network_server
    network_server.clear()


def graph_error(code: int, message: str = "An error", subcode: int | None = None) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}
    if subcode:
        error["error_subcode"] = subcode
    return {"error": error}


def refusal(code: int, description: str, **parameters) -> dict:
    """A Bot API error, as Telegram answers it."""
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


# The metrics Meta removed in 2025: asking for one is an invalid-metric error.
REMOVED_METRICS = {
    "post_impressions",
    "post_impressions_unique",
    "post_engaged_users",
    "page_fans",
    "page_impressions",
    "page_impressions_unique",
    "impressions",
}


def invalid_metric() -> dict:
    return graph_error(100, "(#100) The value must be a valid insights metric")


def preview_page(name: str, posts: list[tuple[int, str, str | None]], *, forwarded=()) -> str:
    """A t.me/s/<channel> page as Telegram writes it: each post's data-post, its
    time and its views (None: a service message without views)."""
    blocks = []
    for number, at, seen in posts:
        views = f'<span class="tgme_widget_message_views">{seen}</span>' if seen else ""
        origin = (
            '<a class="tgme_widget_message_forwarded_from_name" href="#">Другой канал</a>'
            if number in forwarded
            else ""
        )
        wrap = "tgme_widget_message_forwarded_from accent_color" if number in forwarded else ""
        blocks.append(
            f'<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
            f'data-post="{name}/{number}" data-view="eyJjIjo">'
            f'<div class="{wrap}">{origin}</div>'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">Текст {number}</div>'
            f'<div class="tgme_widget_message_footer compact js-message_footer">'
            f'<div class="tgme_widget_message_info short js-message_info">{views}'
            f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" '
            f'href="https://t.me/{name}/{number}"><time datetime="{at}" class="time">10:15</time>'
            f"</a></span></div></div></div></div>"
        )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Канал</title></head><body>'
        '<section class="tgme_channel_history js-message_history">'
        + "".join(blocks)
        + "</section></body></html>"
    )


def preview_stub(name: str) -> str:
    """What t.me shows for a channel without a public preview: its card, no history."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<div class="tgme_page"><div class="tgme_page_title"><span dir="auto">'
        f"{name}</span></div></div></body></html>"
    )
