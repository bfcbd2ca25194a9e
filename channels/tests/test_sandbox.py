"""The newcomer's sandbox answers as the networks do, with the report's figures."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from branches.models import PageSnapshot, SocialPage
from channels import sandbox, services
from channels.models import Connection


@pytest.fixture
def sandbox_server(settings):
    server = sandbox.serve("127.0.0.1", 0)
    urls = sandbox.addresses(server)
    settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
    settings.TELEGRAM_API_URL = urls["TELEGRAM_API_URL"]
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    yield urls
    server.shutdown()


@pytest.mark.parametrize(
    ("platform", "account", "followers"),
    [
        (SocialPage.Platform.FACEBOOK_PAGE, "vko.profsoyuz", 6200),
        (SocialPage.Platform.INSTAGRAM, "17841400000000714", 714),
        (SocialPage.Platform.INSTAGRAM, "profsouz_altai", 155),
        (SocialPage.Platform.TELEGRAM, "@vko_profsoyuz", 1240),
    ],
)
def test_the_report_pages_measured_through_the_sandbox(
    world, sandbox_server, platform, account, followers
):
    page = SocialPage.objects.create(region=world.region, platform=platform)
    token = "sandbox-profsouz_altai" if account == "profsouz_altai" else sandbox.TOKEN
    connection = services.connection_save(page=page, user=None, token=token, account=account)
    assert services.connection_collect(connection=connection), connection.last_error
    snapshot = PageSnapshot.objects.get(page=page)
    assert snapshot.followers == followers
    assert snapshot.posts_30d > 0 and snapshot.source == PageSnapshot.Source.API


def test_the_sandbox_feed_and_a_revoked_token(world, sandbox_server):
    site = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.WEBSITE)
    connection = services.connection_save(page=site, user=None, account=sandbox_server["feed"])
    assert services.connection_collect(connection=connection)
    assert connection.entries.count() == 20
    page = SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    connection = services.connection_save(
        page=page, user=None, token=sandbox.REVOKED, account="vko.profsoyuz"
    )
    assert not services.connection_collect(connection=connection)
    assert Connection.objects.get(pk=connection.pk).status == Connection.Status.EXPIRED
