"""The newcomer's sandbox answers as the networks do, with the report's figures."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from branches.models import PageSnapshot, SocialPage
from channels import logins, services
from channels.models import Connection
from channels.sandbox import fakes
from channels.sandbox.server import addresses, serve


@pytest.fixture
def sandbox_server(settings):
    server = serve("127.0.0.1", 0)
    urls = addresses(server)
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
    token = "sandbox-profsouz_altai" if account == "profsouz_altai" else fakes.TOKEN
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
        page=page, user=None, token=fakes.REVOKED, account="vko.profsoyuz"
    )
    assert not services.connection_collect(connection=connection)
    assert Connection.objects.get(pk=connection.pk).status == Connection.Status.EXPIRED


def test_make_run_connects_the_seeded_regional_pages(db, settings):
    """What `make run` does: the report's pages measured by the sandbox and audited on it."""
    from io import StringIO

    from django.core.management import call_command

    from branches.models import PageAudit
    from portal.seed import REGION_SHORT_NAME

    settings.DEBUG = True
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    call_command("load_seed", verbosity=0)
    out = StringIO()
    call_command("channels_sandbox", "--port", "0", "--connect", "--once", stdout=out)
    regional = SocialPage.objects.filter(
        region__short_name=REGION_SHORT_NAME,
        branch=None,
        platform__in=[SocialPage.Platform.FACEBOOK_PAGE, SocialPage.Platform.INSTAGRAM],
    )
    assert regional.count() == 2
    for page in regional:
        snapshot = page.snapshots.order_by("-measured_on").first()
        assert snapshot.source == PageSnapshot.Source.API, out.getvalue()
        audit = page.audits.order_by("-as_of").first()
        assert audit.snapshot_id == snapshot.pk
        assert audit.verdict == PageAudit.Verdict.ACTIVE
    figures = {
        page.platform: page.snapshots.order_by("-measured_on").first().followers
        for page in regional
    }
    assert figures == {"facebook_page": 6200, "instagram": 714}
    # Katon-Karagai's page has posted nothing since 2024: measured, still abandoned.
    katon = SocialPage.objects.get(
        branch__name="Катон-Карагайский район", platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    assert katon.audits.order_by("-as_of").first().verdict == PageAudit.Verdict.ABANDONED
    assert Connection.objects.filter(status=Connection.Status.WORKING).count() == 7


def test_the_sandbox_never_replaces_a_real_connection_and_refuses_without_debug(db, settings):
    from django.core.management import CommandError, call_command

    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    call_command("load_seed", verbosity=0)
    page = SocialPage.objects.get(
        region__short_name="Восточно-Казахстанская область",
        branch=None,
        platform=SocialPage.Platform.FACEBOOK_PAGE,
    )
    real = services.connection_save(
        page=page, user=None, token="EAAreal-token-1234", account="vko.profsoyuz"
    )
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("channels_sandbox", "--port", "0", "--connect", "--once")
    settings.DEBUG = True
    call_command("channels_sandbox", "--port", "0", "--connect", "--once")
    kept = Connection.objects.get(page=page)
    assert kept.secret == real.secret and kept.status == Connection.Status.CHECKING
    assert not page.snapshots.filter(source=PageSnapshot.Source.API).exists()


def test_the_sandbox_answers_facebook_login(world, sandbox_server, settings, client_for):
    """The dialog sends the person straight back with a code; the worker's exchange
    lists the sandbox's Facebook pages with their page tokens."""
    import urllib.request
    from urllib.parse import parse_qs, urlsplit

    from channels.models import FacebookGrant

    settings.FACEBOOK_APP_ID, settings.FACEBOOK_APP_SECRET = "sandbox-app", "sandbox-secret"
    settings.FACEBOOK_DIALOG_URL = sandbox_server["FACEBOOK_DIALOG_URL"]
    page = SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    client = client_for(world.users["press"])
    dialog = client.post(f"/connections/pages/{page.pk}/facebook/")["Location"]

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(Stay).open(dialog, timeout=5)
        raise AssertionError("the dialog did not redirect")
    except urllib.error.HTTPError as answer:
        back = answer.headers["Location"]
    query = parse_qs(urlsplit(back).query)
    assert back.startswith(logins.facebook_redirect_uri())
    grant = logins.facebook_grant_start(page=page, user=world.users["press"], code=query["code"][0])
    assert logins.facebook_grant_exchange(grant=grant)
    grant = FacebookGrant.objects.get(pk=grant.pk)
    assert {choice["name"] for choice in grant.choices} == {
        fake.name for fake in fakes.FACEBOOK.values()
    }
    connection = logins.facebook_grant_choose(
        grant=grant, page_id=fakes.FACEBOOK["vko.profsoyuz"].ident, user=world.users["press"]
    )
    assert services.connection_collect(connection=connection), connection.last_error
    assert PageSnapshot.objects.get(page=page).followers == 6200


def test_the_sandbox_lists_posts_since_a_moment_page_after_page(sandbox_server):
    """As the Graph API does: `since` (a Unix time) leaves out older posts, on
    every page, and `paging.next` keeps it."""
    import json
    import urllib.request
    from datetime import UTC, datetime, timedelta
    from urllib.parse import urlencode

    since = datetime.now(UTC) - timedelta(days=20)
    for path, time_field in [
        ("vko.profsoyuz/posts", "created_time"),
        ("17841400000000714/media", "timestamp"),
    ]:
        query = urlencode(
            {"access_token": fakes.TOKEN, "limit": 3, "since": int(since.timestamp())}
        )
        url = f"{sandbox_server['GRAPH_API_URL']}/{path}?{query}"
        seen = []
        while url and len(seen) < 1000:
            with urllib.request.urlopen(url) as answer:  # noqa: S310  (the loopback sandbox)
                body = json.load(answer)
            seen += [datetime.strptime(i[time_field], "%Y-%m-%dT%H:%M:%S%z") for i in body["data"]]
            url = body["paging"].get("next")
        assert seen, path
        assert min(seen) >= since.replace(microsecond=0), path
        # Without `since` the page reaches further back.
        query = urlencode({"access_token": fakes.TOKEN, "limit": 100})
        with urllib.request.urlopen(f"{sandbox_server['GRAPH_API_URL']}/{path}?{query}") as answer:  # noqa: S310
            every = json.load(answer)["data"]
        assert min(datetime.strptime(i[time_field], "%Y-%m-%dT%H:%M:%S%z") for i in every) < since
