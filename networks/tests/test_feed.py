"""The website feed's client (`networks/feed.py`) against a loopback site: what
it reads from RSS and Atom, and what it refuses to open. What the portal does
with the entries (counting, keeping, statuses) is tested in channels/tests."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone

import networks
from networks.base import Page
from networks.errors import NetworkError

WEBSITE = networks.get("website")
FEED = "/region/vko/rss.xml"


def rss(*days_ago: float) -> str:
    items = "".join(
        f"<item><title>Материал {n}</title><link>https://site.kz/news/{n}</link>"
        f"<guid>https://site.kz/news/{n}</guid>"
        f"<pubDate>{format_datetime(timezone.now() - timedelta(days=d))}</pubDate></item>"
        for n, d in enumerate(days_ago)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Профсоюз</title><link>https://site.kz</link>{items}</channel></rss>"
    )


def atom(*days_ago: float) -> str:
    entries = "".join(
        f"<entry><title>Запись {n}</title><id>urn:uuid:{n}</id>"
        f"<updated>{(timezone.now() - timedelta(days=d)).isoformat()}</updated></entry>"
        for n, d in enumerate(days_ago)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Сайт</title><id>urn:site</id><updated>2025-12-01T00:00:00Z</updated>{entries}</feed>"
    )


def read(network) -> list:
    page = Page(network.url_for(FEED), "")
    return WEBSITE.list_posts(token="", page=page, now=timezone.now())


def test_an_atom_feed(network):
    network.expect_request(FEED).respond_with_data(atom(2, 3), content_type="application/atom+xml")
    posts = read(network)
    assert [post.title for post in posts] == ["Запись 0", "Запись 1"]
    assert all(timezone.now() - post.at < timedelta(days=4) for post in posts)
    assert len({post.key for post in posts}) == 2


def test_a_body_naming_a_local_file_is_not_opened(network, tmp_path):
    secret = tmp_path / "feed.xml"
    secret.write_text(rss(1), encoding="utf-8")
    network.expect_request(FEED).respond_with_data(str(secret))
    with pytest.raises(NetworkError) as caught:
        read(network)
    assert caught.value.code == "malformed"
