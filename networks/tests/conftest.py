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
