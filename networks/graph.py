"""What Facebook Pages and Instagram share: the Graph API, its errors and limits,
its lists and their pages.

Errors: code 190 is an expired or revoked token; 4, 17, 32 and 613 (and
80001–80014, the business use case limits) ask to slow down; 10 and 200–299
are missing permissions; 324, 9004, 36000–36003 and the 2207xxx subcodes
about the image are an image the network could not take; 506 a duplicate
post; 803, or 100 with subcode 33, an object that does not exist (the page
vanished); other errors are refusals. ``x-app-usage`` near 100 % makes the
client pause before its next call.

Rate limits (developers.facebook.com/docs/graph-api/overview/rate-limiting):
code 4 is the application's limit, which holds every call of the portal's
app; 17 (a user's), 32 (a page's), 613 (a custom one) and the business use
case codes (80001 Pages, 80002 Instagram, …; a page token's calls are counted
per page) hold one token's calls, and so does any limit we cannot place.
The error names no time: ``Retry-After`` or ``estimated_time_to_regain_access``
(minutes) of ``X-Business-Use-Case-Usage`` (or ``X-Page-Usage``) say how long
when present; otherwise the limit is taken to last its counting window, an
hour, which a run never waits out.

Lists (a page's posts, an account's media, a person's pages) come newest
first, a page at a time; the next page's address (``paging.next``) is
followed only at the configured `GRAPH_API_URL`, with our token: the token
goes nowhere else.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.conf import settings

from . import http
from .base import Match, Published
from .errors import NetworkError, RetryAfter
from .measurement import Post, window_start

log = logging.getLogger(__name__)

RATE_LIMIT_CODES = {4, 17, 32, 613, *range(80001, 80015)}
APP_LIMIT_CODES = {4}  # the application's limit: every call of the app
PERMISSION_CODES = {10, *range(200, 300)}
# Media the network could not take: Instagram's 9004 and 36000–36003, its
# subcodes of 2207xxx about the image, Facebook's 324 (missing or bad photo).
IMAGE_CODES = {324, 9004, 36000, 36001, 36003}
IMAGE_SUBCODES = {2207003, 2207004, 2207005, 2207009, 2207026, 2207052}
# How long a limit that names no time is taken to last: the platform limits'
# rolling window.
LIMIT_WINDOW = 3600.0
PAGE_SIZE = 100
MAX_PAGES = 30  # 3 000 posts: more than any union page publishes in 30 days
# Looking for our post: pages of up to LOOK_PAGE_SIZE posts (Graph may give
# fewer), at most LOOK_PAGES of them; a union's page publishes far fewer
# posts than that between a first try and its look.
LOOK_PAGE_SIZE = 100
LOOK_PAGES = 20
# Above this share of the app's hourly budget (x-app-usage), pause before the
# next call rather than be cut off.
USAGE_PAUSE_PERCENT = 95


def time_of(value) -> datetime | None:
    """Graph times look like 2025-12-04T10:15:30+0000."""
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def parse_time(value) -> datetime:
    at = time_of(value)
    if at is None:
        raise NetworkError("malformed")
    return at


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


def interpret(response: http.Response):
    """The answer's body, or the error it is."""
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
    code, subcode = error.get("code"), error.get("error_subcode")
    if code == 190:
        raise NetworkError("token_expired")
    if code in RATE_LIMIT_CODES or response.status == 429:
        raise _limit(response, code)
    message = str(error.get("message", "")).lower()
    if code == 10 and "not enough viewers" in message:
        # Instagram's media insights: too few people saw it to show figures.
        raise NetworkError("too_few_viewers")
    if code in PERMISSION_CODES:
        raise NetworkError("no_permission", error=code)
    if code == 100 and "metric" in message:
        # A metric the API no longer knows (Meta removed the impressions in 2025).
        raise NetworkError("invalid_metric", error=code)
    if code in IMAGE_CODES or subcode in IMAGE_SUBCODES:
        raise NetworkError("image_refused")
    if code == 506:
        raise NetworkError("duplicate")
    if code == 803 or (code == 100 and subcode == 33):
        raise NetworkError("not_found")
    raise NetworkError("refused", error=code or response.status)


APP = "graph"  # the scope key of every call of the portal's app


def scopes(token: str) -> dict[str, str]:
    """A Graph call's scopes: the app's (every call), and its token's."""
    return {"app": APP, "token": http.scope_key("graph", token)}


def _default_port(parts) -> int | None:
    try:
        return parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    except ValueError:  # a port that is not a number
        return None


def ours(url) -> bool:
    """Whether an address is at the configured Graph API (the only place our token goes)."""
    mine, theirs = urlsplit(settings.GRAPH_API_URL), urlsplit(str(url))
    return (
        theirs.scheme.lower() == mine.scheme.lower()
        and theirs.hostname == mine.hostname
        and _default_port(theirs) == _default_port(mine)
        and theirs.username is None
    )


class GraphClient:
    """Calls with one token; it keeps to the limits of the run's `limits` (its
    own if none), and paces the run when the app's usage is near its limit.
    `retries` of 0 for the calls that publish: each is made exactly once."""

    def __init__(
        self,
        token: str,
        *,
        limits: http.Limits | None = None,
        retries: int | None = None,
    ):
        self._token = token
        self._limits = limits if limits is not None else http.Limits()
        self._retries = retries

    def __repr__(self) -> str:
        return "GraphClient(<token hidden>)"

    def _call(self, method: str, url: str, *, params: dict, form: dict | None = None) -> dict:
        pause = self._limits.take_pause(APP)
        if pause:
            http.sleep(pause)

        def read(response: http.Response):
            if _usage_percent(response) >= USAGE_PAUSE_PERCENT:
                self._limits.pause(APP, min(60.0, settings.CHANNELS_MAX_WAIT_SECONDS))
            return interpret(response)

        return http.request(
            method,
            url,
            params={**params, "access_token": self._token},
            form=form,
            interpret=read,
            network="graph",
            retries=self._retries,
            limits=self._limits,
            scopes=scopes(self._token),
        )

    @staticmethod
    def _url(path: str) -> str:
        return f"{settings.GRAPH_API_URL}/{path.lstrip('/')}"

    def get(self, path: str, **params) -> dict:
        return self._call("GET", self._url(path), params=params)

    def post(self, path: str, **fields) -> dict:
        """A POST's fields (a post's text, an image's address) go in the body as a
        form: in the address 2,000 Cyrillic letters would already make 12 KB."""
        return self._call("POST", self._url(path), params={}, form=fields)

    def delete(self, path: str) -> dict:
        return self._call("DELETE", self._url(path), params={})

    def follow(self, next_url) -> dict:
        """The next page of a list, read only at the configured Graph address. Its
        query is kept, its token replaced by ours."""
        if not ours(next_url):
            log.warning("graph: a next page outside GRAPH_API_URL is not followed")
            raise NetworkError("malformed")
        parts = urlsplit(str(next_url))
        asked = parse_qsl(parts.query, keep_blank_values=True)
        query = {key: value for key, value in asked if key != "access_token"}
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        return self._call("GET", url, params=query)

    def pages(self, answer: dict, *, most: int = MAX_PAGES) -> Iterator[tuple[list, dict]]:
        """The pages of a list from its first answer on: each page's items and its
        answer; the caller stops when it has read enough."""
        for number in range(1, most + 1):
            data = answer.get("data")
            if not isinstance(data, list):
                raise NetworkError("missing_field", field="data")
            yield data, answer
            next_url = (answer.get("paging") or {}).get("next")
            if not data or not next_url or number == most:
                return
            answer = self.follow(next_url)

    def since(self, path: str, *, fields: str, time_field: str, since: datetime) -> list[dict]:
        """A list's items that went out after `since`, newest first: paged with
        ``since`` (a Unix time), and stopped at the first item older than it
        (a list may give more than it was asked for)."""
        items: list[dict] = []
        first = self.get(path, fields=fields, limit=PAGE_SIZE, since=int(since.timestamp()))
        for data, _answer in self.pages(first):
            older = False
            for item in data:
                if not isinstance(item, dict) or not item.get("id") or time_field not in item:
                    raise NetworkError("missing_field", field=time_field)
                if parse_time(item[time_field]) <= since:
                    older = True
                    continue
                items.append(item)
            if older:
                break
        return items

    def posts(
        self, path: str, *, fields: str, time_field: str, now: datetime, is_repost
    ) -> list[Post]:
        """A list's items, newest first, paged until the window is behind us and
        an own post has been seen (so a silent page still has its last own post)."""
        start = window_start(now)
        posts: list[Post] = []
        for data, _answer in self.pages(self.get(path, fields=fields, limit=PAGE_SIZE)):
            for item in data:
                if not isinstance(item, dict) or time_field not in item:
                    raise NetworkError("missing_field", field=time_field)
                posts.append(
                    Post(
                        at=parse_time(item[time_field]),
                        repost=is_repost(item),
                        network_id=str(item.get("id", "")),
                    )
                )
            past_window = bool(posts) and min(post.at for post in posts) <= start
            own_seen = any(not post.repost for post in posts)
            if past_window and own_seen:
                break
        return posts

    def look_through(
        self,
        path: str,
        *,
        fields: str,
        text_field: str,
        time_field: str,
        back_to: datetime,
        match: Match,
    ) -> dict | None:
        """The first item `match` takes for ours in the list at `path`, read newest
        first from `back_to` on (``since``, a Unix time); None when the list ends,
        or reaches back past `back_to`, without it. A walk that cannot finish
        (more than LOOK_PAGES pages, a next page elsewhere, a list that cannot be
        read) raises ``unknown_outcome``: no verdict."""
        answer = self.get(path, fields=fields, limit=LOOK_PAGE_SIZE, since=int(back_to.timestamp()))
        for page in range(1, LOOK_PAGES + 1):
            data, paging = answer.get("data"), answer.get("paging") or {}
            if not isinstance(data, list) or not isinstance(paging, dict):
                # Not a list we can read: never taken for an empty one.
                raise NetworkError("malformed")
            for item in data:
                if not isinstance(item, dict) or not item.get("id"):
                    continue
                if match(str(item.get(text_field) or ""), time_of(item.get(time_field))):
                    return item
            next_url = paging.get("next")
            if not next_url:
                return None  # the end of the list (Graph gives no `next` on the last page)
            # Newest first: once a page's last post is older than the first try,
            # ours would have been above it. (The last, not the oldest: a pinned
            # post may stand at the top whatever its age.)
            last = data[-1] if data and isinstance(data[-1], dict) else {}
            at = time_of(last.get(time_field))
            if at is not None and at < back_to:
                return None
            if page < LOOK_PAGES:
                if not ours(next_url):
                    log.warning("graph: a next page outside GRAPH_API_URL is not followed")
                    raise NetworkError("unknown_outcome")
                answer = self.follow(next_url)
        log.warning(
            "graph: the look for a post stopped after %s pages without a verdict", LOOK_PAGES
        )
        raise NetworkError("unknown_outcome")

    def permalink(self, object_id: str, field: str, fallback: str) -> str:
        """The post's address as the network gives it; a second call, so a failure
        here costs only the address, never the post."""
        try:
            answer = self.get(object_id, fields=field)
        except NetworkError:
            return fallback
        return link(answer.get(field), fallback)


def link(value, fallback: str) -> str:
    """A network's address for the post, if it is one (https, not too long);
    otherwise the address made from its id."""
    if isinstance(value, str) and value.startswith("https://") and len(value) <= 500:
        return value
    return fallback


def number(answer: dict, *names: str) -> int:
    """The first of these fields that is a count."""
    for name in names:
        value = answer.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    raise NetworkError("missing_field", field=names[0])


def published(item: dict, *, field: str, fallback: str) -> Published:
    """A found item as a publication: its id and address."""
    return Published(str(item["id"]), link(item.get(field), fallback))


def count(value) -> int | None:
    """A figure as the network gave it, or None: a field missing or not a count is
    unknown, never 0."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def metric_values(answer) -> dict[str, int | None]:
    """An insights answer's metrics by name (``data[].values[-1].value``, or
    ``total_value.value``); an empty data set gives none."""
    found: dict[str, int | None] = {}
    data = answer.get("data") if isinstance(answer, dict) else None
    if not isinstance(data, list):
        return found
    for metric in data:
        if not isinstance(metric, dict) or not isinstance(metric.get("name"), str):
            continue
        value = None
        total = metric.get("total_value")
        values = metric.get("values")
        if isinstance(total, dict):
            value = count(total.get("value"))
        elif isinstance(values, list) and values and isinstance(values[-1], dict):
            value = count(values[-1].get("value"))
        found[metric["name"]] = value
    return found


def summary_count(item: dict, edge: str) -> int | None:
    """``reactions.summary(total_count)``'s count of a post."""
    edge_answer = item.get(edge)
    if not isinstance(edge_answer, dict):
        return None
    return count((edge_answer.get("summary") or {}).get("total_count"))
