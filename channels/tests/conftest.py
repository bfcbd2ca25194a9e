"""The networks' loopback server (from `networks/tests/conftest.py`), with the
portal's key for tokens and its address for webhooks; connected pages.
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from networks.tests import conftest as loopback

# The networks' loopback server and its helpers, shared.
network_server = loopback.network_server
GRAPH, PAGE_TOKEN, BOT_TOKEN = loopback.GRAPH, loopback.PAGE_TOKEN, loopback.BOT_TOKEN
graph_error = loopback.graph_error


@pytest.fixture
def network(network_server, settings):
    """The loopback server, with the portal's settings pointing at it."""
    loopback.point_at(network_server, settings)
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    settings.SITE_URL = "http://testserver"
    yield network_server
    network_server.clear()


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
