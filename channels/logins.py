"""Connecting a Facebook page through Facebook Login: the dialog's address
with a signed state, the callback's state checked, the code kept and exchanged
by a worker for the person's pages, and the page the press secretary picks
connected with its page token."""

from __future__ import annotations

import hmac
import json
import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import SocialPage
from networks import facebook
from networks.errors import NetworkError
from portal.infrastructure.broker import send_after_commit
from portal.models import User

from . import crypto
from .models import Connection, FacebookGrant
from .services import TOKEN_SHAPE, ConnectRefused, connection_connect

log = logging.getLogger(__name__)


GRANT_MINUTES = 15  # how long a login's pages wait for the press secretary's choice
# The reach (issue 30) needs read_insights and instagram_manage_insights too.
FACEBOOK_SCOPES = (
    "pages_show_list,pages_read_engagement,read_insights,instagram_basic,instagram_manage_insights"
)
STATE_SALT = "channels.facebook-login"


def facebook_login_enabled() -> bool:
    return bool(settings.FACEBOOK_APP_ID and settings.FACEBOOK_APP_SECRET)


def facebook_redirect_uri() -> str:
    return settings.SITE_URL + reverse("channels:facebook_callback")


def facebook_login_url(*, page: SocialPage, user: User, nonce: str) -> str:
    """The Facebook Login dialog, with a signed state naming the page, the person
    and a nonce kept in the person's session (CSRF)."""
    state = signing.dumps({"p": page.pk, "u": user.pk, "n": nonce}, salt=STATE_SALT)
    query = urlencode(
        {
            "client_id": settings.FACEBOOK_APP_ID,
            "redirect_uri": facebook_redirect_uri(),
            "state": state,
            "scope": FACEBOOK_SCOPES,
            "response_type": "code",
        }
    )
    return f"{settings.FACEBOOK_DIALOG_URL}?{query}"


class StateRefused(Exception):
    """The state of a Facebook Login callback is not one this person was given."""


def facebook_state(*, state: str, user: User, nonce: str | None) -> int:
    """The page id a callback's state names, if it is genuine, fresh and this person's."""
    try:
        data = signing.loads(state, salt=STATE_SALT, max_age=GRANT_MINUTES * 60)
    except signing.BadSignature:
        raise StateRefused from None
    if not isinstance(data, dict) or data.get("u") != user.pk or not nonce:
        raise StateRefused
    if not hmac.compare_digest(str(data.get("n", "")), nonce):
        raise StateRefused
    page_id = data.get("p")
    if not isinstance(page_id, int):
        raise StateRefused
    return page_id


@transaction.atomic
def facebook_grant_start(*, page: SocialPage, user: User, code: str) -> FacebookGrant:
    """Keep the code (encrypted) and let a worker exchange it; no request waits for Facebook."""
    if not TOKEN_SHAPE.match(code):
        raise ConnectRefused(_("Facebook gave no usable code: try logging in again."))
    try:
        secret = crypto.encrypt(crypto.Secret(code))
    except crypto.KeyMissing:
        raise ConnectRefused(_("Tokens cannot be stored: CHANNELS_KEY is not set.")) from None
    FacebookGrant.objects.filter(
        created_at__lt=timezone.now() - timedelta(minutes=GRANT_MINUTES)
    ).delete()
    grant = FacebookGrant.objects.create(page=page, user=user, secret=secret)
    send_after_commit("channels.tasks.facebook_grant_task", [grant.pk])
    return grant


def facebook_grant_exchange(*, grant: FacebookGrant) -> bool:
    """The worker's part: code → long-lived user token → the person's pages and their tokens."""
    try:
        code = crypto.decrypt(grant.secret).reveal()
        pages = facebook.login_pages(code=code, redirect_uri=facebook_redirect_uri())
        if not pages:
            raise NetworkError("no_pages")
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        error = NetworkError("bad_key")
    except NetworkError as failure:
        error = failure
        if error.code == "rate_limited":  # said for a login, not for a collection
            error = NetworkError("login_rate_limited")
    else:
        tokens = {page["id"]: page["token"] for page in pages}
        FacebookGrant.objects.filter(pk=grant.pk).update(
            status=FacebookGrant.Status.READY,
            choices=[{"id": page["id"], "name": page["name"]} for page in pages],
            secret=crypto.encrypt(crypto.Secret(json.dumps(tokens))),
        )
        return True
    log.warning("facebook login %s: %s", grant.pk, error.code)
    FacebookGrant.objects.filter(pk=grant.pk).update(
        status=FacebookGrant.Status.FAILED,
        secret="",
        error_code=error.code,
        error_params=error.params,
    )
    return False


@transaction.atomic
def facebook_grant_choose(*, grant: FacebookGrant, page_id: str, user: User) -> Connection:
    """The press secretary's pick: that page's token is saved on the connection, the
    rest forgotten; a worker checks it as with a pasted token."""
    grant = FacebookGrant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    if grant.status != FacebookGrant.Status.READY:
        raise ConnectRefused(_("This Facebook login is no longer waiting for a choice."))
    try:
        tokens = json.loads(crypto.decrypt(grant.secret).reveal())
    except (crypto.SecretUnreadable, crypto.KeyMissing, ValueError):
        raise ConnectRefused(_("Log in with Facebook again.")) from None
    token = tokens.get(page_id) if isinstance(tokens, dict) else None
    if not token:
        raise ConnectRefused(_("Choose one of the pages in the list."))
    page = grant.page
    grant.delete()
    return connection_connect(page=page, user=user, token=token, account=page_id)
