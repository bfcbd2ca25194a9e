"""A website through its RSS or Atom feed (`feedparser`): the dates of its materials.

A feed holds only its latest entries, so the portal keeps every entry it has
seen (by its id, or its link) and counts materials per month and year from
those. A site has no followers, and the portal publishes nothing there.
"""

from __future__ import annotations

import calendar
import hashlib
import io
from datetime import UTC, datetime

import feedparser

from . import http
from .base import Found, Network, Operation, Page
from .errors import NetworkError
from .measurement import Post


def interpret(response: http.Response) -> bytes:
    if response.status == 404 or response.status == 410:
        raise NetworkError("not_found")
    if response.status == 429:
        raise NetworkError("rate_limited", seconds="?")
    if response.status >= 400:
        raise NetworkError("refused", error=response.status)
    return response.body


def entries(*, url: str) -> list[Post]:
    """The feed's entries with a date and an identity, as they stand in it."""
    body = http.request("GET", url, interpret=interpret, network="feed")
    # A stream, never bytes or text: feedparser would take a body that looks
    # like a file name or an address for one, and open it.
    parsed = feedparser.parse(io.BytesIO(body))
    if not parsed.entries:
        # A broken document, or a page that is no feed at all.
        if parsed.bozo or not parsed.get("version"):
            raise NetworkError("malformed")
        return []
    found = []
    for item in parsed.entries:
        when = item.get("published_parsed") or item.get("updated_parsed")
        ident = item.get("id") or item.get("link")
        if not when or not ident:
            continue  # an entry without a date or an identity cannot be counted
        found.append(
            Post(
                at=datetime.fromtimestamp(calendar.timegm(when), tz=UTC),
                key=hashlib.sha256(str(ident).encode()).hexdigest(),
                title=str(item.get("title", ""))[:255],
            )
        )
    if not found:
        raise NetworkError("missing_field", field="published")
    return found


class Feed(Network):
    code = "website"
    name = "RSS/Atom"
    operations = frozenset({Operation.CHECK, Operation.LIST_POSTS})
    needs_token = False
    identifies_page = False

    def check(self, *, token: str, page: Page, limits: http.Limits | None = None) -> Found:
        """That the address is a feed: the name is its newest entry's title."""
        found = entries(url=page.account)
        return Found(external_id="", name=found[0].title if found else "")

    def list_posts(
        self, *, token: str, page: Page, now: datetime, limits: http.Limits | None = None
    ) -> list[Post]:
        """The entries the feed holds now (its latest only)."""
        return entries(url=page.account)


NETWORK = Feed()
