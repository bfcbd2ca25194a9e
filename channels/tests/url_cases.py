"""The role × URL matrix of the connected pages."""

from django.urls import reverse

from portal.tests.url_cases import Case, everyone, logged_in


def page_of(world, owner: str, *, connected: bool = False):
    """The region's Telegram channel (or the other region's), connected if asked."""
    from branches.models import SocialPage
    from channels.models import Connection

    region = world.other_region if owner == "other" else world.region
    page, _created = SocialPage.objects.get_or_create(
        region=region, branch=None, platform=SocialPage.Platform.TELEGRAM
    )
    if connected:
        Connection.objects.get_or_create(
            page=page, defaults={"account": "@vko_profsoyuz", "status": "working"}
        )
    return page


def page_url(name: str, owner: str, *, connected: bool = False):
    return lambda world: reverse(name, args=[page_of(world, owner, connected=connected).pk])


def webhook_url(world):
    page = page_of(world, "region", connected=True)
    return reverse("channels:telegram_webhook", args=[page.connection.pk])


def grant_url(world):
    """A Facebook login of press's, waiting for the choice of a page."""
    from channels.models import FacebookGrant

    page = page_of(world, "region")
    grant = FacebookGrant.objects.create(
        user=world.users["press"], page=page, status="ready", choices=[{"id": "1", "name": "x"}]
    )
    return reverse("channels:facebook_choose", args=[grant.pk])


CASES = [
    Case(
        "channels:connection_list",
        lambda world: reverse("channels:connection_list"),
        logged_in(404, press=200, central=200),
    ),
    Case(
        "channels:page_connection",
        page_url("channels:page_connection", "region", connected=True),
        logged_in(404, press=200, central=200),
        label="own region",
    ),
    Case(
        "channels:page_connection",
        page_url("channels:page_connection", "other"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "channels:connect",
        page_url("channels:connect", "region"),
        logged_in(404, press=400),  # a token is required: the form comes back
        method="post",
    ),
    Case(
        "channels:connect",
        page_url("channels:connect", "other"),
        logged_in(404),
        method="post",
        label="other region",
    ),
    Case(
        "channels:disconnect",
        page_url("channels:disconnect", "region", connected=True),
        logged_in(404, press=302),
        method="post",
    ),
    Case(
        "channels:disconnect",
        page_url("channels:disconnect", "other", connected=True),
        logged_in(404),
        method="post",
        label="other region",
    ),
    Case(
        "channels:collect_now",
        page_url("channels:collect_now", "region", connected=True),
        logged_in(404, press=302),
        method="post",
    ),
    Case(
        "channels:collect_now",
        page_url("channels:collect_now", "other", connected=True),
        logged_in(404),
        method="post",
        label="other region",
    ),
    Case(
        "channels:connection_row",
        page_url("channels:connection_row", "region", connected=True),
        logged_in(404, press=200, central=200),
        label="own region",
    ),
    Case(
        "channels:connection_row",
        page_url("channels:connection_row", "other", connected=True),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "channels:facebook_login",
        page_url("channels:facebook_login", "region"),
        logged_in(404),  # no FACEBOOK_APP_ID: Facebook Login is not offered
        method="post",
        label="a channel, no Meta app",
    ),
    Case(
        "channels:facebook_callback",
        lambda world: reverse("channels:facebook_callback"),
        logged_in(404, press=302, central=302),  # no state of theirs: sent back with a message
    ),
    Case("channels:facebook_choose", grant_url, logged_in(404, press=200)),
    Case(
        "channels:telegram_webhook",
        webhook_url,
        everyone(403),  # no secret token: refused whoever asks
        method="post",
    ),
    Case("channels:telegram_webhook", webhook_url, everyone(405), label="GET"),
]
