"""A website through its RSS or Atom feed (`feedparser`): the dates of its materials.

A feed holds only its latest entries, so the portal keeps every entry it has
seen (by its id, or its link) and counts materials per month and year from
those. A site has no followers.
"""

from __future__ import annotations

import calendar
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

from . import http
from .errors import NetworkError


@dataclass(frozen=True)
class Entry:
    key: str  # sha256 of the entry's id or link
    at: datetime
    title: str


def _interpret(response: http.Response) -> bytes:
    if response.status == 404 or response.status == 410:
        raise NetworkError("not_found")
    if response.status == 429:
        raise NetworkError("rate_limited", seconds="?")
    if response.status >= 400:
        raise NetworkError("refused", error=response.status)
    return response.body


def entries(*, url: str) -> list[Entry]:
    body = http.request("GET", url, interpret=_interpret, network="feed")
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
            Entry(
                key=hashlib.sha256(str(ident).encode()).hexdigest(),
                at=datetime.fromtimestamp(calendar.timegm(when), tz=UTC),
                title=str(item.get("title", ""))[:255],
            )
        )
    if not found:
        raise NetworkError("missing_field", field="published")
    return found
