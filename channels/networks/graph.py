"""Facebook Pages and Instagram professional accounts through the Graph API.

Facebook: the page's followers (``followers_count``, or ``fan_count`` on old
pages) and its posts (``/{page}/posts``: what the page itself published),
newest first, paged until the 30-day window is behind us and an own post has
been seen. A post is a share (a repost) when its ``status_type`` is
``shared_story`` or it has a ``parent_id``.

Instagram: the account's ``followers_count`` and its media with their
``timestamp``; every medium is the account's own.

Errors: code 190 is an expired or revoked token; 4, 17, 32 and 613 (and
80001–80014, the business use case limits) ask to slow down; 100 or 803
about an object that does not exist means the page vanished; other errors
are refusals. ``x-app-usage`` near 100 % makes the client pause before its
next call.

Rate limits (developers.facebook.com/docs/graph-api/overview/rate-limiting):
code 4 is the application's limit, which holds every call of the portal's
app; 17 (a user's), 32 (a page's), 613 (a custom one) and the business use
case codes (80001 Pages, 80002 Instagram, …; a page token's calls are counted
per page) hold one token's calls, and so does any limit we cannot place.
The error names no time: ``Retry-After`` or ``estimated_time_to_regain_access``
(minutes) of ``X-Business-Use-Case-Usage`` (or ``X-Page-Usage``) say how long
when present; otherwise the limit is taken to last its counting window, an
hour, which a collection never waits out.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from . import http
from .errors import NetworkError, RetryAfter
from .measurement import Measurement, Post, count_posts, window_start

log = logging.getLogger(__name__)

RATE_LIMIT_CODES = {4, 17, 32, 613, *range(80001, 80015)}
APP_LIMIT_CODES = {4}  # the application's limit: every call of the app
# How long a limit that names no time is taken to last: the platform limits'
# rolling window.
LIMIT_WINDOW = 3600.0
GONE_CODES = {100, 803}
PAGE_SIZE = 100
MAX_PAGES = 30  # 3 000 posts: more than any union page publishes in 30 days
# Above this share of the app's hourly budget (x-app-usage), pause before the
# next call rather than be cut off.
USAGE_PAUSE_PERCENT = 95


def parse_time(value) -> datetime:
    """Graph times look like 2025-12-04T10:15:30+0000."""
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        raise NetworkError("malformed") from None


def _usage_percent(response: http.Response) -> float:
    raw = response.header("x-app-usage")
    if not raw:
        return 0.0
    try:
        usage = json.loads(raw)
        return max(float(value) for value in usage.values())
    except (ValueError, TypeError, AttributeError):
        return 0.0


def _usage_entries(raw: str) -> list[dict]:
    """The objects of a usage header: ``X-App-Usage`` and ``X-Page-Usage`` are one
    flat object, ``X-Business-Use-Case-Usage`` lists them per business object."""
    try:
        usage = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(usage, dict):
        return []
    listed = [entry for value in usage.values() if isinstance(value, list) for entry in value]
    return [usage, *(entry for entry in listed if isinstance(entry, dict))]


def _named_wait(response: http.Response) -> float | None:
    """How long the answer says the limit lasts, in seconds; None if it does not."""
    asked = http.retry_after_seconds(response.header("retry-after"))
    if asked is not None:
        return asked
    minutes = [
        entry.get("estimated_time_to_regain_access")
        for name in ("x-business-use-case-usage", "x-page-usage", "x-app-usage")
        for entry in _usage_entries(response.header(name))
    ]
    minutes = [m for m in minutes if isinstance(m, int | float) and not isinstance(m, bool)]
    longest = max(minutes, default=0)
    return longest * 60.0 if longest > 0 else None


def _limit(response: http.Response, code) -> RetryAfter:
    scope = "app" if code in APP_LIMIT_CODES else "token"
    seconds = _named_wait(response)
    if seconds is None:
        return RetryAfter(LIMIT_WINDOW, scope=scope, named=False)
    return RetryAfter(seconds, scope=scope)


def _interpret(response: http.Response):
    body = response.json()
    if not isinstance(body, dict):
        raise NetworkError("malformed")
    error = body.get("error")
    if error is None and response.status < 400:
        return body
    if not isinstance(error, dict):
        if response.status == 429:
            raise _limit(response, None)
        raise NetworkError("refused", error=response.status)
    code = error.get("code")
    if code == 190:
        raise NetworkError("token_expired")
    if code in RATE_LIMIT_CODES or response.status == 429:
        raise _limit(response, code)
    if code in GONE_CODES:
        raise NetworkError("not_found")
    raise NetworkError("refused", error=code or response.status)


class GraphClient:
    """Calls of one token; it paces itself when the app's usage is near its limit,
    and keeps to the limits of a collection's `limits`."""

    def __init__(self, token: str, *, limits: http.Limits | None = None):
        self._token = token
        self._pause = 0.0
        self._limits = limits
        self._scopes = {"app": "graph", "token": http.scope_key("graph", token)}

    def __repr__(self) -> str:
        return "GraphClient(<token hidden>)"

    def _call(self, url: str, params: dict | None = None) -> dict:
        if self._pause:
            http.sleep(self._pause)
            self._pause = 0.0

        def interpret(response: http.Response):
            if _usage_percent(response) >= USAGE_PAUSE_PERCENT:
                self._pause = min(60.0, settings.CHANNELS_MAX_WAIT_SECONDS)
            return _interpret(response)

        return http.request(
            "GET",
            url,
            params=params,
            interpret=interpret,
            network="graph",
            limits=self._limits,
            scopes=self._scopes,
        )

    def get(self, path: str, **params) -> dict:
        base = settings.GRAPH_API_URL
        return self._call(f"{base}/{path.lstrip('/')}", {**params, "access_token": self._token})

    def follow(self, next_url: str) -> dict:
        """The next page of a list, only at the configured Graph address (it carries
        the token)."""
        ours, theirs = urlsplit(settings.GRAPH_API_URL), urlsplit(next_url)
        if (theirs.scheme, theirs.netloc) != (ours.scheme, ours.netloc):
            raise NetworkError("malformed")
        return self._call(next_url)

    def posts(
        self, path: str, *, fields: str, time_field: str, now: datetime, is_repost
    ) -> list[Post]:
        """A list's items, newest first, paged until the window is behind us and
        an own post has been seen (so a silent page still has its last own post)."""
        start = window_start(now)
        posts: list[Post] = []
        answer = self.get(path, fields=fields, limit=PAGE_SIZE)
        for _page in range(MAX_PAGES):
            data = answer.get("data")
            if not isinstance(data, list):
                raise NetworkError("missing_field", field="data")
            for item in data:
                if not isinstance(item, dict) or time_field not in item:
                    raise NetworkError("missing_field", field=time_field)
                posts.append(Post(at=parse_time(item[time_field]), repost=is_repost(item)))
            next_url = (answer.get("paging") or {}).get("next")
            past_window = bool(posts) and min(post.at for post in posts) <= start
            own_seen = any(not post.repost for post in posts)
            if not data or not next_url or (past_window and own_seen):
                break
            answer = self.follow(next_url)
        return posts


def _number(answer: dict, *names: str) -> int:
    for name in names:
        value = answer.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    raise NetworkError("missing_field", field=names[0])


# --- Facebook Page ------------------------------------------------------------------


def facebook_check(*, token: str, account: str, limits: http.Limits | None = None) -> dict:
    """The page the token opens: its id and name (and that it has followers)."""
    client = GraphClient(token, limits=limits)
    answer = client.get(account or "me", fields="id,name,followers_count,fan_count")
    if not answer.get("id"):
        raise NetworkError("missing_field", field="id")
    _number(answer, "followers_count", "fan_count")
    return {"external_id": str(answer["id"]), "name": str(answer.get("name", ""))[:255]}


def facebook_measure(
    *, token: str, page_id: str, now: datetime | None = None, limits: http.Limits | None = None
) -> Measurement:
    now = now or timezone.now()
    client = GraphClient(token, limits=limits)
    answer = client.get(page_id, fields="followers_count,fan_count")
    followers = _number(answer, "followers_count", "fan_count")
    posts = client.posts(
        f"{page_id}/posts",
        fields="id,created_time,status_type,parent_id",
        time_field="created_time",
        now=now,
        is_repost=is_share,
    )
    return count_posts(posts, now=now, followers=followers)


def is_share(post: dict) -> bool:
    """A share of someone else's post, not the page's own."""
    return post.get("status_type") == "shared_story" or bool(post.get("parent_id"))


# --- Instagram professional account ---------------------------------------------------


def instagram_check(*, token: str, account: str, limits: http.Limits | None = None) -> dict:
    """The account: by its id, or by its user name among the token's linked accounts."""
    client = GraphClient(token, limits=limits)
    if account.isdigit():
        answer = client.get(account, fields="id,username,followers_count")
    else:
        page = client.get("me", fields="instagram_business_account{id,username,followers_count}")
        answer = page.get("instagram_business_account")
        if not isinstance(answer, dict):
            raise NetworkError("not_found")
        wanted = account.lstrip("@").casefold()
        if wanted and str(answer.get("username", "")).casefold() != wanted:
            raise NetworkError("not_found")
    if not answer.get("id"):
        raise NetworkError("missing_field", field="id")
    _number(answer, "followers_count")
    return {"external_id": str(answer["id"]), "name": str(answer.get("username", ""))[:255]}


def instagram_measure(
    *, token: str, user_id: str, now: datetime | None = None, limits: http.Limits | None = None
) -> Measurement:
    now = now or timezone.now()
    client = GraphClient(token, limits=limits)
    followers = _number(client.get(user_id, fields="followers_count"), "followers_count")
    posts = client.posts(
        f"{user_id}/media",
        fields="id,timestamp,media_type",
        time_field="timestamp",
        now=now,
        is_repost=lambda item: False,
    )
    return count_posts(posts, now=now, followers=followers)


# --- Facebook Login -------------------------------------------------------------------


def _oauth(params: dict) -> str:
    """One call of /oauth/access_token; the access token it gives."""

    def interpret(response: http.Response):
        try:
            return _interpret(response)
        except NetworkError as error:
            if error.code != "not_found":
                raise
            # Here 100 is a bad parameter (the code, the address), not a vanished page.
            code = (response.json().get("error") or {}).get("code")
            raise NetworkError("refused", error=code) from None

    answer = http.request(
        "GET",
        f"{settings.GRAPH_API_URL}/oauth/access_token",
        params=params,
        interpret=interpret,
        network="graph",
    )
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise NetworkError("missing_field", field="access_token")
    return token


def facebook_login_pages(*, code: str, redirect_uri: str) -> list[dict]:
    """What a Facebook Login gave: the code → a user token → a long-lived user
    token (``fb_exchange_token``) → the pages the person manages
    (``/me/accounts``, paged to the end), each with its own page token.

    Returns ``[{"id", "name", "token"}]``.
    """
    app = {"client_id": settings.FACEBOOK_APP_ID, "client_secret": settings.FACEBOOK_APP_SECRET}
    short = _oauth({**app, "redirect_uri": redirect_uri, "code": code})
    long_lived = _oauth({**app, "grant_type": "fb_exchange_token", "fb_exchange_token": short})
    client = GraphClient(long_lived)
    answer = client.get("me/accounts", fields="id,name,access_token", limit=PAGE_SIZE)
    pages = []
    for _page in range(MAX_PAGES):
        data = answer.get("data")
        if not isinstance(data, list):
            raise NetworkError("missing_field", field="data")
        for item in data:
            if not isinstance(item, dict) or not item.get("id") or not item.get("access_token"):
                raise NetworkError("missing_field", field="access_token")
            pages.append(
                {
                    "id": str(item["id"]),
                    "name": str(item.get("name", ""))[:255],
                    "token": str(item["access_token"]),
                }
            )
        next_url = (answer.get("paging") or {}).get("next")
        if not data or not next_url:
            break
        answer = client.follow(next_url)
    return pages
