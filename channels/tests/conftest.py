"""A loopback server that answers as the networks' documented APIs do.

Every test of the clients talks to it over real HTTP; nothing leaves the
machine. Waits are kept short: a 0.3 s time-out, back-off from 0.01 s, and
at most 2 s of waiting when a network asks to slow down.
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
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


@pytest.fixture
def network(network_server, settings):
    """The loopback server, with the portal's settings pointing at it."""
    network_server.clear()
    settings.GRAPH_API_URL = network_server.url_for(GRAPH)
    settings.TELEGRAM_API_URL = network_server.url_for("").rstrip("/")
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    # Generous, so that a loaded CI machine never times out an answer by accident;
    # the test of a slow answer sets its own.
    settings.CHANNELS_TIMEOUT_SECONDS = 2
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_MAX_WAIT_SECONDS = 2
    settings.CHANNELS_RETRIES = 3
    settings.SITE_URL = "http://testserver"
    yield network_server
    network_server.clear()


def graph_error(code: int, message: str = "An error", subcode: int | None = None) -> dict:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"}
    if subcode:
        error["error_subcode"] = subcode
    return {"error": error}


@pytest.fixture
def connect(world, network):
    """A working connection of a page of press's region: connect(platform, account)."""
    from branches.models import SocialPage
    from channels import services
    from channels.models import Connection

    def make(platform, account, *, token=PAGE_TOKEN, external_id=None, branch=None, **fields):
        page = SocialPage.objects.create(region=world.region, branch=branch, platform=platform)
        connection = services.connection_save(
            page=page, user=world.users["press"], token=token, account=account
        )
        fields = {"status": Connection.Status.WORKING, **fields}
        Connection.objects.filter(pk=connection.pk).update(
            external_id=external_id or account, **fields
        )
        connection.refresh_from_db()
        return connection

    return make
