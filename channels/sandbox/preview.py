"""The channel's public page in the sandbox (t.me/s/<channel>), from which the
reach of a Telegram channel's posts is read: their views, as Telegram rounds them."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from . import state
from .fakes import TELEGRAM, figures, moments
from .replies import Answer, html_answer


def preview(path: str, query: dict, now: datetime) -> Answer:
    """t.me/s/<channel>: the channel's latest 20 posts (or those `before` a
    number) with their views, as Telegram rounds them."""
    name = path.strip("/").removeprefix("s/")
    channel = TELEGRAM["@vko_profsoyuz"]
    if name != "vko_profsoyuz":
        return html_answer(
            f'<!DOCTYPE html><div class="tgme_page"><span>{html.escape(name)}</span></div>'
        )
    posts = [
        (n, moment, share)
        for n, (moment, share) in enumerate(reversed(moments(channel, now)), start=1)
    ]
    posts += [(int(e["id"]), e["at"], False) for e in state.published_on(channel.ident)]
    before = int(query.get("before", 0) or 0)
    shown = sorted((p for p in posts if not before or p[0] < before), key=lambda p: -p[0])[:20]
    blocks = [_message(number, moment, share, now) for number, moment, share in reversed(shown)]
    return html_answer(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<section class="tgme_channel_history js-message_history">'
        + "".join(blocks)
        + "</section></body></html>"
    )


def _message(number: int, moment: datetime, share: bool, now: datetime) -> str:
    """One post's block, as t.me/s shows it: forwarded or not, its views and time."""
    seen = figures(f"tg{number}", moment, now)["views"]
    rounded = f"{seen / 1000:.1f}K" if seen >= 1000 else str(seen)
    forwarded = (
        '<div class="tgme_widget_message_forwarded_from">Forwarded from '
        '<a class="tgme_widget_message_forwarded_from_name">Другой канал</a></div>'
        if share
        else ""
    )
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        '<div class="tgme_widget_message js-widget_message" '
        f'data-post="vko_profsoyuz/{number}">'
        f'{forwarded}<div class="tgme_widget_message_text">…</div>'
        '<div class="tgme_widget_message_footer"><div class="tgme_widget_message_info">'
        f'<span class="tgme_widget_message_views">{rounded}</span>'
        '<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date">'
        f'<time datetime="{moment.astimezone(UTC).isoformat()}" class="time"></time>'
        "</a></span></div></div></div></div>"
    )
