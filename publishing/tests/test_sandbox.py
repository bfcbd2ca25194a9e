"""`make run` with the sandbox: an approved post goes out to the sandbox's
Telegram channel, Facebook page and Instagram account once each, its image
fetched by the "networks" from the portal's signed address."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from branches.models import SocialPage
from channels import services as channel_services
from channels.sandbox import fakes, state
from channels.sandbox.server import addresses, serve
from contentplan.models import PlannedPost
from publishing import services, texts
from publishing.models import Publication
from publishing.services import publish

from .conftest import moment

P = SocialPage.Platform


@pytest.fixture
def sandbox_server(settings, live_server):
    server = serve("127.0.0.1", 0)
    urls = addresses(server)
    settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
    settings.TELEGRAM_API_URL = urls["TELEGRAM_API_URL"]
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    settings.SITE_URL = live_server.url  # the sandbox fetches images from here
    yield urls
    server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_an_approved_post_goes_out_to_the_sandbox_once_everywhere(world, sandbox_server, make_post):
    for platform, account in [
        (P.TELEGRAM, "@vko_profsoyuz"),
        (P.FACEBOOK_PAGE, "vko.profsoyuz"),
        (P.INSTAGRAM, "17841400000000714"),
    ]:
        page = SocialPage.objects.create(region=world.region, platform=platform)
        connection = channel_services.connection_save(
            page=page, user=None, token=fakes.TOKEN, account=account
        )
        assert channel_services.connection_check(connection=connection), connection.last_error
    post = make_post("telegram", "facebook_page", "instagram", image="card")
    before = len(state.PUBLISHED)

    services.publish_due(now=moment(0))
    services.publish_due(now=moment(1))

    published = state.PUBLISHED[before:]
    assert sorted(entry["network"] for entry in published) == ["facebook", "instagram", "telegram"]
    for entry in published:
        assert texts.plain(entry["text"]) == post.publication_text.text
        assert "/publishing/media/" in entry["image"]
    assert set(Publication.objects.values_list("state", flat=True)) == {"sent"}
    post.refresh_from_db()
    assert post.status == PlannedPost.Status.PUBLISHED
    facebook = next(entry for entry in published if entry["network"] == "facebook")
    assert post.published_url == facebook["permalink"]


@pytest.mark.django_db(transaction=True)
def test_a_facebook_post_whose_worker_died_is_found_in_the_sandbox(
    world, sandbox_server, make_post, monkeypatch
):
    """The look for a post reads the sandbox's page as it reads Graph's: from
    before the first try, page after page; the post is found, not sent again."""
    import datetime

    from django.db.models import F

    page = SocialPage.objects.create(region=world.region, platform=P.FACEBOOK_PAGE)
    connection = channel_services.connection_save(
        page=page, user=None, token=fakes.TOKEN, account="vko.profsoyuz"
    )
    assert channel_services.connection_check(connection=connection), connection.last_error
    make_post("facebook_page")
    before = len(state.PUBLISHED)

    def dies(*args, **kwargs):
        raise KeyboardInterrupt  # the worker is killed after Facebook's answer

    with monkeypatch.context() as patch:
        patch.setattr(publish, "_record_sent", dies)
        with pytest.raises(KeyboardInterrupt):
            services.publish_due(now=moment(0))
    Publication.objects.update(claimed_at=F("claimed_at") - datetime.timedelta(minutes=11))
    services.publish_due(now=moment(11))
    services.publish_due(now=moment(12))
    published = state.PUBLISHED[before:]
    assert len(published) == 1
    publication = Publication.objects.get()
    assert (publication.state, publication.network_id) == ("sent", published[0]["id"])
