"""A site's RSS feed in the sandbox: the latest materials, dated relative to now."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

from .fakes import FEED
from .replies import Answer


def feed(now: datetime) -> Answer:
    items = "".join(
        f"<item><title>Материал {n + 1}</title><link>https://sandbox.local/news/{n}</link>"
        f"<guid>sandbox-news-{int((now - timedelta(days=days)).timestamp()) // 86400}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(days=days))}</pubDate></item>"
        for n, (days, _share) in enumerate(FEED)
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Профсоюз образования: ВКО</title><link>https://sandbox.local/</link>"
        f"{items}</channel></rss>"
    )
    return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, body.encode()
