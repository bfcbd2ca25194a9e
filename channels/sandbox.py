"""A local stand-in for the networks, answering as their APIs do, with the
report's pages (`manage.py channels_sandbox`).

Graph API under ``/graph/v26.0``, the Bot API under ``/telegram``, a site's
RSS feed at ``/feed/vko.xml``, Facebook Login's dialog at ``/dialog/oauth``
(it agrees at once and sends back a code; ``/oauth/access_token`` and
``/me/accounts`` answer the exchange with the regional pages). Posts the
portal publishes (Telegram's ``sendMessage``/``sendPhoto``/``sendMediaGroup``;
Graph's ``/{page}/feed``, ``/{page}/photos``, ``/{ig}/media`` and
``/{ig}/media_publish``) are remembered, listed among the page's posts and
shown at ``/``. Reach: the posts' fields and insights (Graph's field
expansion, ``/{media}/insights``, a page's ``/insights`` by day) and the
channel's public preview page under ``/tme/s/vko_profsoyuz`` answer with
figures that grow in a post's first days and move a little from day to day
(evening posts reach more). Any token starting with ``sandbox`` is accepted;
``sandbox-revoked`` is refused as a revoked token would be, so the «expired»
path can be tried by hand. Posts are dated relative to today, so a lively page
stays lively whenever the sandbox runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import json
import math
import threading
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.parser import BytesParser
from email.policy import default as email_policy
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

GRAPH_PREFIX = "/graph/v26.0"
TELEGRAM_PREFIX = "/telegram"
FEED_PATH = "/feed/vko.xml"
DIALOG_PATH = "/dialog/oauth"
PREVIEW_PREFIX = "/tme"
TOKEN = "sandbox-token"  # noqa: S105  (the sandbox's own, public)
REVOKED = "sandbox-revoked"


@dataclass(frozen=True)
class FakePage:
    """A page as the network knows it: followers, and posts as (days ago, is a share)."""

    ident: str
    name: str
    followers: int
    posts: list[tuple[float, bool]] = field(default_factory=list)
    fixed: list[tuple[date, bool]] = field(default_factory=list)  # posts on known dates


def _every(days: float, count: int, *, share_every: int = 0, start: float = 0.3) -> list:
    return [
        (start + n * days, bool(share_every) and n % share_every == share_every - 1)
        for n in range(count)
    ]


# The report's figures (early December 2025); what it leaves out is chosen to
# agree with its words.
FACEBOOK = {
    # The regional page: 6.2 thousand followers, one of the most active.
    "vko.profsoyuz": FakePage(
        "104000000006200", "ВКО филиал профсоюза образования", 6200, _every(1.1, 30, share_every=7)
    ),
    # Katon-Karagai: 23 followers, only logos, in effect not kept.
    "Katonkasypodak2024": FakePage(
        "104000000000023",
        "Катон-Карагай профсоюз",
        23,
        fixed=[(date(2024, 3, 12), False), (date(2024, 3, 12), False)],
    ),
}
INSTAGRAM = {
    # The region's account: 714 followers, 8th among the regions.
    "17841400000000714": FakePage("17841400000000714", "vko_profsoyuz", 714, _every(2.5, 12)),
    # Altai: 155 followers, posts regularly.
    "17841400000000155": FakePage("17841400000000155", "profsouz_altai", 155, _every(3, 10)),
    # Glubokoe: 433 followers, active.
    "17841400000000433": FakePage("17841400000000433", "profsouz_обр", 433, _every(3.3, 9)),
}
TELEGRAM = {
    "@vko_profsoyuz": FakePage(
        "-1001000000001", "Профсоюз образования ВКО", 1240, _every(2, 14, share_every=4)
    ),
}
# Materials on the site's feed: the latest 20, about 15 a month.
FEED = _every(2, 20)


def _graph_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _moments(page: FakePage, now: datetime) -> list[tuple[datetime, bool]]:
    moments = [(now - timedelta(days=days), share) for days, share in page.posts]
    moments += [(datetime(d.year, d.month, d.day, 9, tzinfo=UTC), s) for d, s in page.fixed]
    return sorted(moments, key=lambda item: item[0], reverse=True)


def figures(ident: str, posted: datetime, now: datetime) -> dict[str, int]:
    """A post's figures now: some posts reach more than others (by their id),
    an evening post more than a morning one, reach grows over the first days
    and moves a little from one day to the next."""
    seed = int(hashlib.sha256(ident.encode()).hexdigest()[:8], 16)
    hours = max(0.0, (now - posted).total_seconds() / 3600)
    local_hour = (posted.astimezone(UTC).hour + 5) % 24  # Asia/Almaty
    evening = 1.35 if 17 <= local_hour <= 21 else 0.8 if local_hour < 10 else 1.0
    wobble = 1 + 0.05 * math.sin(now.toordinal() * 1.7 + seed % 11)
    grown = 0.2 + 0.8 * (1 - math.exp(-hours / 30))
    reach = round((120 + seed % 700) * evening * grown * wobble)
    reactions = round(reach * (0.02 + (seed % 5) / 100))
    comments, shares = reactions // 6, reactions // 12
    return {
        "reach": reach,
        "views": round(reach * (1.25 + (seed % 4) / 10)),
        "reactions": reactions,
        "comments": comments,
        "shares": shares,
        "saved": reactions // 10,
        "interactions": reactions + comments + shares + reactions // 10,
    }


def _lifetime(name: str, value: int) -> dict:
    return {"name": name, "period": "lifetime", "values": [{"value": value}]}


def facebook_extras(ident: str, posted: datetime, now: datetime, fields: str) -> dict:
    """A Facebook post's expanded fields, for those asked (``insights.metric(…)``,
    ``reactions.summary(…)``, ``comments.summary(…)``, ``shares``)."""
    got = figures(ident, posted, now)
    extras = {}
    if "reactions.summary" in fields:
        extras["reactions"] = {"data": [], "summary": {"total_count": got["reactions"]}}
    if "comments.summary" in fields:
        extras["comments"] = {"data": [], "summary": {"total_count": got["comments"]}}
    if "shares" in fields.split(",") and got["shares"]:
        extras["shares"] = {"count": got["shares"]}  # left out when nobody shared
    if "insights.metric(" in fields:
        # At once, unlike Graph (which may take a while): a post published
        # through the sandbox shows its reach after the next collection.
        extras["insights"] = {
            "data": [
                _lifetime("post_total_media_view_unique", got["reach"]),
                _lifetime("post_media_view", got["views"]),
            ]
        }
    return extras


def instagram_extras(ident: str, posted: datetime, now: datetime, fields: str) -> dict:
    got = figures(ident, posted, now)
    extras = {}
    if "like_count" in fields:
        extras["like_count"] = got["reactions"]
    if "comments_count" in fields:
        extras["comments_count"] = got["comments"]
    return extras


def media_insights(ident: str, now: datetime):
    """``/{media}/insights`` of a medium of the sandbox's accounts, or None."""
    posted = None
    for page in INSTAGRAM.values():
        for n, (moment, _share) in enumerate(_moments(page, now)):
            if f"{page.ident}{n}" == ident:
                posted = moment
    with _LOCK:
        entry = next((e for e in PUBLISHED if e["id"] == ident), None)
    if entry is not None:
        posted = entry["at"]
    if posted is None:
        return None
    got = figures(ident, posted, now)
    if got["reach"] < 40:
        return _graph_error(10, "(#10) Not enough viewers for the media to show insights")
    names = {"likes": "reactions", "total_interactions": "interactions"}
    metrics = ("views", "reach", "likes", "comments", "saved", "shares", "total_interactions")
    return _json(200, {"data": [_lifetime(m, got[names.get(m, m)]) for m in metrics]})


def page_insights(kind: str, page: FakePage, query: dict, now: datetime):
    """A page's (or an account's) day: its follows, reach and views."""
    since = _since(query) or now - timedelta(days=1)
    day = since.date().toordinal()
    wobble = 1 + 0.1 * math.sin(day * 0.9)
    reach = round(page.followers * 0.35 * wobble)
    if kind == "instagram":
        return _json(
            200,
            {
                "data": [
                    {"name": "reach", "period": "day", "total_value": {"value": reach}},
                    {"name": "views", "period": "day", "total_value": {"value": reach * 2}},
                ]
            },
        )
    end = _graph_time(since + timedelta(days=1))

    def daily(name, value):
        return {"name": name, "period": "day", "values": [{"value": value, "end_time": end}]}

    return _json(
        200,
        {
            "data": [
                daily("page_follows", page.followers),
                daily("page_total_media_view_unique", reach),
                daily("page_media_view", round(reach * 1.6)),
            ]
        },
    )


def preview(path: str, query: dict, now: datetime):
    """t.me/s/<channel>: the channel's latest 20 posts (or those `before` a
    number) with their views, as Telegram rounds them."""
    name = path.strip("/").removeprefix("s/")
    channel = TELEGRAM["@vko_profsoyuz"]
    if name != "vko_profsoyuz":
        body = f'<!DOCTYPE html><div class="tgme_page"><span>{html.escape(name)}</span></div>'
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()
    posts = [
        (n, moment, share)
        for n, (moment, share) in enumerate(reversed(_moments(channel, now)), start=1)
    ]
    posts += [(int(e["id"]), e["at"], False) for e in published_on(channel.ident)]
    before = int(query.get("before", 0) or 0)
    shown = sorted((p for p in posts if not before or p[0] < before), key=lambda p: -p[0])[:20]
    blocks = []
    for number, moment, share in reversed(shown):
        seen = figures(f"tg{number}", moment, now)["views"]
        rounded = f"{seen / 1000:.1f}K" if seen >= 1000 else str(seen)
        forwarded = (
            '<div class="tgme_widget_message_forwarded_from">Forwarded from '
            '<a class="tgme_widget_message_forwarded_from_name">Другой канал</a></div>'
            if share
            else ""
        )
        blocks.append(
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
    body = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<section class="tgme_channel_history js-message_history">'
        + "".join(blocks)
        + "</section></body></html>"
    )
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def _json(status: int, body: dict | list) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _graph_error(code: int, message: str, status: int = 400):
    return _json(status, {"error": {"message": message, "type": "OAuthException", "code": code}})


def _find_graph(ident: str) -> tuple[str, FakePage] | None:
    for key, page in FACEBOOK.items():
        if ident in (key, page.ident):
            return "facebook", page
    for key, page in INSTAGRAM.items():
        if ident in (key, page.name):
            return "instagram", page
    return None


def oauth(query: dict):
    """/oauth/access_token: a code, then a short user token, become user tokens."""
    if query.get("grant_type") == "fb_exchange_token":
        if str(query.get("fb_exchange_token", "")).startswith("sandbox"):
            return _json(200, {"access_token": "sandbox-user-long", "token_type": "bearer"})
        return _graph_error(190, "Invalid OAuth access token")
    if str(query.get("code", "")).startswith("sandbox"):
        return _json(
            200, {"access_token": "sandbox-user-short", "token_type": "bearer", "expires_in": 3600}
        )
    return _graph_error(100, "Invalid verification code format.")


def accounts(token: str):
    """/me/accounts of the sandbox's user: the Facebook pages, each with a page token."""
    if token == "sandbox-user-none":  # noqa: S105  (the sandbox's own, public)
        return _json(200, {"data": []})
    data = [
        {"id": page.ident, "name": page.name, "access_token": TOKEN, "tasks": ["ANALYZE"]}
        for page in FACEBOOK.values()
    ]
    return _json(200, {"data": data, "paging": {"cursors": {"before": "0", "after": "0"}}})


def dialog(query: dict) -> tuple[int, dict, bytes]:
    """Facebook Login's dialog: the sandbox's user agrees at once."""
    target = query.get("redirect_uri", "")
    if not target.startswith(("http://", "https://")):
        return 400, {"Content-Type": "text/plain"}, b"redirect_uri"
    answer = urlencode({"code": "sandbox-code", "state": query.get("state", "")})
    return 302, {"Location": f"{target}?{answer}"}, b""


def graph(path: str, query: dict, now: datetime):
    if [part for part in path.split("/") if part] == ["oauth", "access_token"]:
        return oauth(query)
    token = query.get("access_token", "")
    if not token.startswith("sandbox"):
        return _graph_error(190, "Invalid OAuth access token - Cannot parse access token")
    if token == REVOKED:
        return _graph_error(190, "Error validating access token: The session has been invalidated")
    parts = [part for part in path.split("/") if part]
    if parts == ["me", "accounts"]:
        return accounts(token)
    if parts == ["me"]:
        wanted = token.removeprefix("sandbox").lstrip("-:")
        account = INSTAGRAM.get(wanted) or next(
            (p for p in INSTAGRAM.values() if p.name == wanted), INSTAGRAM["17841400000000714"]
        )
        return _json(
            200,
            {
                "id": FACEBOOK["vko.profsoyuz"].ident,
                "name": FACEBOOK["vko.profsoyuz"].name,
                "instagram_business_account": {
                    "id": account.ident,
                    "username": account.name,
                    "followers_count": account.followers,
                },
            },
        )
    found = _find_graph(parts[0]) if parts else None
    if found is None and len(parts) == 2 and parts[1] == "insights":
        answer = media_insights(parts[0], now)
        if answer is not None:
            return answer
    if found is None:
        return _graph_error(100, "Unsupported get request. Object does not exist")
    kind, page = found
    if parts[1:] == ["insights"]:
        return page_insights(kind, page, query, now)
    if len(parts) == 1:
        body = {"id": page.ident, "followers_count": page.followers}
        if kind == "facebook":
            body.update(name=page.name, fan_count=page.followers)
        else:
            body["username"] = page.name
        return _json(200, body)
    if parts[1] not in ("posts", "media"):
        return _graph_error(100, "Unknown path components")
    since = _since(query)
    moments = [item for item in _moments(page, now) if since is None or item[0] >= since]
    offset, limit = int(query.get("after", 0) or 0), min(int(query.get("limit", 25) or 25), 100)
    chunk = moments[offset : offset + limit]
    data = []
    fields = str(query.get("fields", ""))
    for n, (moment, share) in enumerate(chunk, start=offset):
        if kind == "facebook":
            ident = f"{page.ident}_{n}"
            data.append(
                {
                    "id": ident,
                    "created_time": _graph_time(moment),
                    "status_type": "shared_story" if share else "added_photos",
                    **facebook_extras(ident, moment, now, fields),
                }
            )
        else:
            ident = f"{page.ident}{n}"
            data.append(
                {
                    "id": ident,
                    "timestamp": _graph_time(moment),
                    **instagram_extras(ident, moment, now, fields),
                }
            )
    body = {"data": data, "paging": {"cursors": {"before": "0", "after": str(offset + limit)}}}
    if offset + limit < len(moments):
        # As Graph's links do, the next page keeps the query (`since` included).
        kept = {k: v for k, v in query.items() if k not in ("_base", "after")}
        body["paging"]["next"] = (
            f"{query['_base']}{GRAPH_PREFIX}/{parts[0]}/{parts[1]}"
            f"?{urlencode({**kept, 'limit': limit, 'after': offset + limit})}"
        )
    return _json(200, body)


def _since(query: dict) -> datetime | None:
    """Graph's `since`: a Unix time (the sandbox reads no other form)."""
    try:
        return datetime.fromtimestamp(int(query["since"]), UTC)
    except (KeyError, ValueError, OverflowError, OSError):
        return None


def telegram(path: str, params: dict, now: datetime):
    parts = [part for part in path.split("/") if part]
    if len(parts) != 2 or not parts[0].startswith("bot"):
        return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
    token, method = parts[0][3:], parts[1]
    if not token.startswith("sandbox") or token == REVOKED:
        return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    channel = TELEGRAM["@vko_profsoyuz"]
    chat = {"id": int(channel.ident), "type": "channel", "title": channel.name}
    chat_id = str(params.get("chat_id", ""))
    if method == "getMe":
        return _json(200, {"ok": True, "result": {"id": 7000000001, "is_bot": True}})
    if method in ("getChat", "getChatMemberCount") and chat_id not in (
        "@vko_profsoyuz",
        channel.ident,
    ):
        return _json(
            400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        )
    if method == "getChat":
        return _json(200, {"ok": True, "result": {**chat, "username": "vko_profsoyuz"}})
    if method == "getChatMemberCount":
        return _json(200, {"ok": True, "result": channel.followers})
    if method == "getUpdates":
        offset = int(params.get("offset", 0) or 0)
        updates = []
        for n, (moment, share) in enumerate(reversed(_moments(channel, now)), start=1):
            if n < offset:
                continue
            post = {"message_id": n, "chat": chat, "date": int(moment.timestamp()), "text": "…"}
            if share:
                post["forward_origin"] = {"type": "channel", "chat": {"id": -100999}, "date": 1}
            updates.append({"update_id": n, "channel_post": post})
        return _json(200, {"ok": True, "result": updates[:100]})
    if method in ("setWebhook", "deleteWebhook"):
        return _json(200, {"ok": True, "result": True})
    return _json(404, {"ok": False, "error_code": 404, "description": "Not Found: method"})


def feed(now: datetime):
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


# --- Posts the portal publishes -----------------------------------------------------

PUBLISHED: list[dict] = []  # newest last
_CONTAINERS: dict[str, dict] = {}
_LOCK = threading.Lock()
_NUMBERS = itertools.count(1)


def _fetch_image(address: str) -> bool:
    """Fetch the image as the networks do; False if it cannot be had."""
    if not address.startswith(("http://", "https://")):
        return False
    try:
        with urllib.request.urlopen(address, timeout=5) as answer:  # noqa: S310
            return answer.status == 200 and answer.headers.get_content_maintype() == "image"
    except (OSError, ValueError):
        return False


def _remember(network: str, page: str, ident: str, text: str, image: str, link: str, now):
    entry = {
        "network": network,
        "page": page,
        "id": ident,
        "text": text,
        "image": image,
        "permalink": link,
        "at": now,
    }
    with _LOCK:
        PUBLISHED.append(entry)
    return entry


def published_on(page_ident: str) -> list[dict]:
    with _LOCK:
        return [entry for entry in reversed(PUBLISHED) if entry["page"] == page_ident]


def graph_publish(path: str, query: dict, now: datetime):
    """A POST to the Graph API: a page's post or photo, an Instagram container or
    its publication."""
    token = query.get("access_token", "")
    if not token.startswith("sandbox") or token == REVOKED:
        return _graph_error(190, "Error validating access token: The session has been invalidated")
    parts = [part for part in path.split("/") if part]
    found = _find_graph(parts[0]) if len(parts) == 2 else None
    if found is None:
        return _graph_error(100, "Unsupported post request. Object does not exist")
    kind, page = found
    number = next(_NUMBERS)
    if kind == "facebook" and parts[1] in ("feed", "photos"):
        image = query.get("url", "") if parts[1] == "photos" else ""
        if parts[1] == "photos" and not _fetch_image(image):
            return _graph_error(324, "Missing or invalid image file")
        post_id = f"{page.ident}_9{number:05d}"
        text = query.get("message", "") if parts[1] == "feed" else query.get("caption", "")
        link = f"https://www.facebook.com/{page.ident}/posts/9{number:05d}"
        _remember("facebook", page.ident, post_id, text, image, link, now)
        body = {"id": post_id} if parts[1] == "feed" else {"id": f"8{number}", "post_id": post_id}
        return _json(200, body)
    if kind == "instagram" and parts[1] == "media":
        image = query.get("image_url", "")
        if not _fetch_image(image):
            return _graph_error(9004, "The media could not be fetched from this uri")
        container = f"1790{number:08d}"
        with _LOCK:
            _CONTAINERS[container] = {"caption": query.get("caption", ""), "image": image}
        return _json(200, {"id": container})
    if kind == "instagram" and parts[1] == "media_publish":
        with _LOCK:
            container = _CONTAINERS.pop(query.get("creation_id", ""), None)
        if container is None:
            return _graph_error(100, "Invalid parameter", 400)
        media_id = f"1791{number:08d}"
        link = f"https://www.instagram.com/p/SBX{number:05d}/"
        _remember(
            "instagram", page.ident, media_id, container["caption"], container["image"], link, now
        )
        return _json(200, {"id": media_id})
    return _graph_error(100, "Unknown path components")


def graph_published(path: str, query: dict):
    """A GET of a published object, or None (the report's pages answer)."""
    parts = [part for part in path.split("/") if part]
    if len(parts) != 1:
        return None
    with _LOCK:
        entry = next((e for e in PUBLISHED if e["id"] == parts[0]), None)
    if entry is None:
        return None
    field = "permalink_url" if entry["network"] == "facebook" else "permalink"
    return _json(200, {"id": entry["id"], field: entry["permalink"]})


def with_published(path: str, query: dict, answer):
    """The page's post list with what the portal published on top (first page only)."""
    status, headers, body = answer
    parts = [part for part in path.split("/") if part]
    found = _find_graph(parts[0]) if len(parts) == 2 else None
    if status != 200 or found is None or query.get("after"):
        return answer
    kind, page = found
    data = json.loads(body)
    own = []
    since = _since(query)
    fields, now = str(query.get("fields", "")), datetime.now(UTC)
    for entry in published_on(page.ident):
        if since is not None and entry["at"] < since:
            continue
        if kind == "facebook":
            own.append(
                {
                    "id": entry["id"],
                    "message": entry["text"],
                    "created_time": _graph_time(entry["at"]),
                    "permalink_url": entry["permalink"],
                    "status_type": "mobile_status_update",
                    **facebook_extras(entry["id"], entry["at"], now, fields),
                }
            )
        else:
            own.append(
                {
                    "id": entry["id"],
                    "caption": entry["text"],
                    "timestamp": _graph_time(entry["at"]),
                    "permalink": entry["permalink"],
                    **instagram_extras(entry["id"], entry["at"], now, fields),
                }
            )
    data["data"] = own + data.get("data", [])
    return status, headers, json.dumps(data).encode()


def telegram_publish(path: str, params: dict, now: datetime):
    """sendMessage, sendPhoto and sendMediaGroup to the sandbox's channel, or None."""
    parts = [part for part in path.split("/") if part]
    if len(parts) != 2 or parts[1] not in ("sendMessage", "sendPhoto", "sendMediaGroup"):
        return None
    token, method = parts[0][3:], parts[1]
    if not token.startswith("sandbox") or token == REVOKED:
        return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    channel = TELEGRAM["@vko_profsoyuz"]
    if str(params.get("chat_id", "")) not in ("@vko_profsoyuz", channel.ident):
        return _json(
            400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        )
    chat = {"id": int(channel.ident), "type": "channel", "title": channel.name}
    if method == "sendMessage":
        items = [("", str(params.get("text", "")))]
    elif method == "sendPhoto":
        items = [(str(params.get("photo", "")), str(params.get("caption", "")))]
    else:
        media = params.get("media") if isinstance(params.get("media"), list) else []
        items = [(str(m.get("media", "")), str(m.get("caption", ""))) for m in media]
    if not items or any(image and not _fetch_image(image) for image, _text in items):
        return _json(
            400,
            {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: wrong file identifier/HTTP URL specified",
            },
        )
    messages = []
    for image, text in items:
        number = 100000 + next(_NUMBERS)
        link = f"https://t.me/vko_profsoyuz/{number}"
        _remember("telegram", channel.ident, str(number), text, image, link, now)
        message = {"message_id": number, "chat": chat, "date": int(now.timestamp())}
        message["caption" if image else "text"] = text
        messages.append(message)
    result = messages if method == "sendMediaGroup" else messages[0]
    return _json(200, {"ok": True, "result": result})


def telegram_change(path: str, params: dict):
    """editMessageText, editMessageCaption and deleteMessage of a message the
    portal published to the sandbox's channel, or None."""
    parts = [part for part in path.split("/") if part]
    methods = ("editMessageText", "editMessageCaption", "deleteMessage", "deleteMessages")
    if len(parts) != 2 or parts[1] not in methods:
        return None
    token, method = parts[0][3:], parts[1]
    if not token.startswith("sandbox") or token == REVOKED:
        return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    if method == "deleteMessages":
        numbers = {str(n) for n in params.get("message_ids") or []}
        with _LOCK:
            PUBLISHED[:] = [
                e for e in PUBLISHED if not (e["network"] == "telegram" and e["id"] in numbers)
            ]
        return _json(200, {"ok": True, "result": True})
    number = str(params.get("message_id", ""))
    with _LOCK:
        entry = next(
            (e for e in PUBLISHED if e["network"] == "telegram" and e["id"] == number), None
        )
        if entry is None:
            verb = "delete" if method == "deleteMessage" else "edit"
            description = f"Bad Request: message to {verb} not found"
            return _json(400, {"ok": False, "error_code": 400, "description": description})
        if method == "deleteMessage":
            PUBLISHED.remove(entry)
            return _json(200, {"ok": True, "result": True})
        if bool(entry["image"]) != (method == "editMessageCaption"):
            description = "Bad Request: there is no text in the message to edit"
            return _json(400, {"ok": False, "error_code": 400, "description": description})
        entry["text"] = str(params.get("caption" if entry["image"] else "text", ""))
    return _json(200, {"ok": True, "result": {"message_id": int(number)}})


def published_page() -> tuple[int, dict, bytes]:
    """``/``: what the portal published to the sandbox, newest first."""
    with _LOCK:
        entries = list(reversed(PUBLISHED))
    rows = "".join(
        f"<li><b>{html.escape(e['network'])}</b> · {e['at']:%Y-%m-%d %H:%M:%S} UTC · "
        f'<a href="{html.escape(e["permalink"])}">{html.escape(e["permalink"])}</a>'
        f"<p>{html.escape(e['text'])}</p></li>"
        for e in entries
    )
    body = (
        '<!DOCTYPE html><meta charset="utf-8"><title>Песочница сетей</title>'
        f"<h1>Опубликовано в песочнице: {len(entries)}</h1><ol>{rows}</ol>"
    )
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


class Handler(BaseHTTPRequestHandler):
    server_version = "ProfinfoSandbox"

    def _answer(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query["_base"] = f"http://{self.headers.get('Host', '127.0.0.1')}"
        now = datetime.now(UTC)
        if parts.path.startswith(GRAPH_PREFIX + "/") and method == "GET":
            path = parts.path[len(GRAPH_PREFIX) :]
            answer = graph_published(path, query)
            if answer is None:
                answer = with_published(path, query, graph(path, query, now))
            status, headers, body = answer
        elif parts.path.startswith(GRAPH_PREFIX + "/") and method == "POST":
            # The Graph API takes a POST's fields in the address or in the body (a form).
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                sent = self.rfile.read(length).decode("utf-8", "replace")
                query.update({k: v[-1] for k, v in parse_qs(sent).items()})
            status, headers, body = graph_publish(parts.path[len(GRAPH_PREFIX) :], query, now)
        elif parts.path.startswith(TELEGRAM_PREFIX + "/"):
            params = dict(query)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                with contextlib.suppress(ValueError):
                    params.update(json.loads(self.rfile.read(length)))
            path = parts.path[len(TELEGRAM_PREFIX) :]
            answer = bot_api(path, params)  # the union's bot (its own token), or None
            answer = answer or telegram_publish(path, params, now) or telegram_change(path, params)
            status, headers, body = answer or telegram(path, params, now)
        elif parts.path.startswith(PREVIEW_PREFIX + "/s/"):
            status, headers, body = preview(parts.path[len(PREVIEW_PREFIX) :], query, now)
        elif parts.path in (BOT_PAGE, BOT_PAGE + "/press"):
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                sent = self.rfile.read(length) if length else b""
                content_type = self.headers.get("Content-Type", "")
                status, headers, body = bot_post(parts.path, content_type, sent)
            else:
                status, headers, body = bot_page()
        elif parts.path == "/":
            status, headers, body = published_page()
        elif parts.path == DIALOG_PATH:
            status, headers, body = dialog(query)
        elif parts.path == FEED_PATH:
            status, headers, body = feed(now)
        else:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"Not found"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def log_message(self, format: str, *args) -> None:
        # The request line carries tokens (sandbox ones, but still): log nothing.
        return


def serve(host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    """Start the sandbox in a background thread; `shutdown()` stops it."""
    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def addresses(server: ThreadingHTTPServer) -> dict[str, str]:
    host, port = server.server_address[:2]
    base = f"http://{host}:{port}"
    return {
        "GRAPH_API_URL": base + GRAPH_PREFIX,
        "TELEGRAM_API_URL": base + TELEGRAM_PREFIX,
        "TELEGRAM_PREVIEW_URL": base + PREVIEW_PREFIX,
        "feed": base + FEED_PATH,
        "FACEBOOK_DIALOG_URL": base + DIALOG_PATH,
    }


# --- The union's bot: the Bot API as the bot sees it, and a page to play a person ----
#
# `manage.py telegram_bot` with TELEGRAM_BOT_TOKEN=sandbox-bot polls getUpdates
# here; what people write comes from the page ``/bot`` (a newcomer plays the
# chair's side: link with the profile page's deep link, send a text or an
# album of photos with a caption, press the bot's buttons), and what the bot
# answers is shown there. Files sent from the page are served by getFile and
# ``/file/bot<token>/<file_path>`` as Telegram serves them.

BOT_TOKEN = "sandbox-bot"  # noqa: S105  (the sandbox's own, public)
BOT_PAGE = "/bot"
BOT = {
    "id": 7000000002,
    "is_bot": True,
    "first_name": "Профсоюз",
    "username": "profinfo_sandbox_bot",
}
PLAYER = {"id": 501, "is_bot": False, "first_name": "Айгуль", "language_code": "ru"}


@dataclass
class BotChat:
    """What a person and the bot said to each other, and the updates not yet taken."""

    updates: list[dict] = field(default_factory=list)
    transcript: list[dict] = field(default_factory=list)  # {"who", "id", "text", "buttons"}
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file_id → (path, bytes)
    next_update: int = 1
    next_message: int = 1


BOT_CHAT = BotChat()
_BOT_ARRIVED = threading.Condition(_LOCK)


def _bot_update(kind: str, payload: dict) -> dict:
    """Queue an update from the player (the caller holds the lock)."""
    update = {"update_id": BOT_CHAT.next_update, kind: payload}
    BOT_CHAT.next_update += 1
    BOT_CHAT.updates.append(update)
    _BOT_ARRIVED.notify_all()
    return update


def bot_player_message(*, text: str = "", photos: list[bytes] = (), forwarded: bool = False):
    """The player writes: a text, a photo with a caption, or an album (several
    messages sharing a media_group_id, the caption on the first)."""
    chat = {"id": PLAYER["id"], "type": "private", "first_name": PLAYER["first_name"]}
    if text.startswith("https://t.me/") and "?start=" in text:
        text = "/start " + text.split("?start=", 1)[1]  # the profile page's deep link
    with _LOCK:
        now = int(datetime.now(UTC).timestamp())
        group = f"album{BOT_CHAT.next_update}" if len(photos) > 1 else ""
        for n, content in enumerate(photos or [b""]):
            number = BOT_CHAT.next_message
            BOT_CHAT.next_message += 1
            message = {"message_id": number, "from": PLAYER, "chat": chat, "date": now}
            if forwarded:
                message["forward_origin"] = {
                    "type": "hidden_user",
                    "sender_user_name": "—",
                    "date": now,
                }
            if content:
                file_id = f"sandbox-file-{len(BOT_CHAT.files) + 1}"
                BOT_CHAT.files[file_id] = (f"photos/{file_id}.jpg", content)
                message["photo"] = [
                    {
                        "file_id": file_id,
                        "file_unique_id": file_id,
                        "width": 1280,
                        "height": 960,
                        "file_size": len(content),
                    }
                ]
                if group:
                    message["media_group_id"] = group
                if n == 0 and text:
                    message["caption"] = text
            else:
                message["text"] = text
            _bot_update("message", message)
            shown = text if n == 0 else ""
            label = f"[фото {n + 1}] " if content else ""
            BOT_CHAT.transcript.append({"who": "player", "id": number, "text": label + shown})


def bot_player_press(*, message_id: int, data: str) -> None:
    """The player presses a button under one of the bot's messages."""
    with _LOCK:
        message = {
            "message_id": message_id,
            "chat": {"id": PLAYER["id"], "type": "private"},
            "date": int(datetime.now(UTC).timestamp()),
        }
        query = {
            "id": f"sandbox-query-{BOT_CHAT.next_update}",
            "from": PLAYER,
            "message": message,
            "chat_instance": "sandbox",
            "data": data,
        }
        _bot_update("callback_query", query)


def _bot_ok(result) -> tuple[int, dict, bytes]:
    return _json(200, {"ok": True, "result": result})


def bot_api(path: str, params: dict):
    """The Bot API for the sandbox's bot token, or None for any other token."""
    parts = [part for part in path.split("/") if part]
    if len(parts) >= 3 and parts[0] == "file" and parts[1] == f"bot{BOT_TOKEN}":
        wanted = "/".join(parts[2:])
        with _LOCK:
            found = [content for known, content in BOT_CHAT.files.values() if known == wanted]
        if not found:
            return 404, {"Content-Type": "text/plain"}, b"Not Found"
        return 200, {"Content-Type": "image/jpeg"}, found[0]
    if len(parts) != 2 or parts[0] != f"bot{BOT_TOKEN}":
        return None
    method = parts[1]
    if method == "getMe":
        return _bot_ok(BOT)
    if method in ("setWebhook", "deleteWebhook"):
        return _bot_ok(True)
    if method == "getUpdates":
        offset = int(params.get("offset") or 0)
        wait = min(max(int(params.get("timeout") or 0), 0), 50)
        with _LOCK:
            # Asking past an update confirms it: forgotten, as Telegram does.
            BOT_CHAT.updates[:] = [u for u in BOT_CHAT.updates if u["update_id"] >= offset]
            _BOT_ARRIVED.wait_for(lambda: BOT_CHAT.updates, timeout=wait)
            return _bot_ok(BOT_CHAT.updates[: int(params.get("limit") or 100)])
    if method == "getFile":
        with _LOCK:
            found = BOT_CHAT.files.get(str(params.get("file_id", "")))
        if found is None:
            return _json(
                400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            )
        file_path, content = found
        return _bot_ok(
            {
                "file_id": params["file_id"],
                "file_unique_id": params["file_id"],
                "file_size": len(content),
                "file_path": file_path,
            }
        )
    if method in ("sendMessage", "editMessageText"):
        text = str(params.get("text", ""))
        buttons = (params.get("reply_markup") or {}).get("inline_keyboard") or []
        with _LOCK:
            if method == "editMessageText":
                number = int(params.get("message_id") or 0)
                for entry in BOT_CHAT.transcript:
                    if entry["who"] == "bot" and entry["id"] == number:
                        entry.update(text=text, buttons=buttons)
            else:
                number = 100000 + BOT_CHAT.next_message
                BOT_CHAT.next_message += 1
                BOT_CHAT.transcript.append(
                    {"who": "bot", "id": number, "text": text, "buttons": buttons}
                )
        chat = {"id": params.get("chat_id"), "type": "private"}
        return _bot_ok(
            {
                "message_id": number,
                "from": BOT,
                "chat": chat,
                "date": int(datetime.now(UTC).timestamp()),
                "text": text,
            }
        )
    if method == "answerCallbackQuery":
        if params.get("text"):
            with _LOCK:
                BOT_CHAT.transcript.append({"who": "toast", "id": 0, "text": str(params["text"])})
        return _bot_ok(True)
    return _json(404, {"ok": False, "error_code": 404, "description": "Not Found: method"})


def _bot_buttons(entry: dict) -> str:
    out = []
    for row in entry.get("buttons") or []:
        cells = []
        for button in row:
            label = html.escape(str(button.get("text", "")))
            if button.get("url"):
                address = html.escape(str(button["url"]))
                cells.append(f'<a class="button" href="{address}" target="_blank">{label}</a>')
            else:
                data = html.escape(str(button.get("callback_data", "")))
                cells.append(
                    f'<form method="post" action="{BOT_PAGE}/press">'
                    f'<input type="hidden" name="message_id" value="{entry["id"]}">'
                    f'<input type="hidden" name="data" value="{data}">'
                    f"<button>{label}</button></form>"
                )
        out.append(f'<div class="row">{"".join(cells)}</div>')
    return "".join(out)


def bot_page() -> tuple[int, dict, bytes]:
    """``/bot``: the conversation with the bot, and what the player may send."""
    with _LOCK:
        entries = list(BOT_CHAT.transcript)
        waiting = len(BOT_CHAT.updates)
    who = {"player": "Вы", "bot": "Бот", "toast": "Бот (всплывающее)"}
    rows = "".join(
        f'<li class="{e["who"]}"><b>{who[e["who"]]}:</b> '
        f'<span class="text">{html.escape(e["text"])}</span>{_bot_buttons(e)}</li>'
        for e in entries
    )
    body = f"""<!DOCTYPE html><meta charset="utf-8"><title>Бот профсоюза — песочница</title>
<style>body{{font-family:sans-serif;max-width:46rem;margin:1rem auto}} li{{margin:.5rem 0}}
.text{{white-space:pre-wrap}} .row{{display:flex;gap:.3rem;margin:.2rem 0}} .row form{{margin:0}}
li.bot{{background:#eef4ff;padding:.4rem}} .button{{border:1px solid #888;padding:0 .4rem}}</style>
<h1>Бот @{BOT["username"]} (песочница)</h1>
<p>Вы — {PLAYER["first_name"]} в Telegram. Чтобы привязать портал, вставьте ссылку со страницы
«Telegram» профиля (https://t.me/…?start=…) и отправьте. Затем текст (первая строка — заголовок)
или несколько фото с подписью — альбом. Бот забирает сообщения сам (make run запускает его);
ждут бота: <span data-testid="waiting">{waiting}</span>.
<a href="{BOT_PAGE}">Обновить</a></p>
<ol data-testid="transcript">{rows}</ol>
<form method="post" action="{BOT_PAGE}" enctype="multipart/form-data">
<p><textarea name="text" rows="4" cols="60"
 placeholder="Текст, /ask, /surveys, /lang, /stop"></textarea></p>
<p>Фото (можно несколько): <input type="file" name="photos" accept="image/*" multiple></p>
<p><label><input type="checkbox" name="forwarded"> переслано из другого чата</label></p>
<p><button>Отправить боту</button></p></form>"""
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def _form_fields(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """The fields of a posted form (urlencoded or multipart), as (name, bytes)."""
    if content_type.startswith("multipart/form-data"):
        parsed = BytesParser(policy=email_policy).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        return [
            (
                part.get_param("name", header="content-disposition") or "",
                part.get_payload(decode=True) or b"",
            )
            for part in parsed.iter_parts()
        ]
    return [(k, v.encode()) for k, v in parse_qsl(body.decode("utf-8", "replace"))]


def bot_post(path: str, content_type: str, body: bytes) -> tuple[int, dict, bytes]:
    """The page's forms: a message from the player, or a button pressed; back to the page."""
    fields = _form_fields(content_type, body)
    values = {name: value.decode("utf-8", "replace") for name, value in fields}
    if path == BOT_PAGE + "/press":
        number = values.get("message_id", "")
        if number.isascii() and number.isdigit():
            bot_player_press(message_id=int(number), data=values.get("data", "")[:64])
    else:
        photos = [value for name, value in fields if name == "photos" and value]
        text = values.get("text", "").strip()
        if text or photos:
            bot_player_message(text=text, photos=photos[:10], forwarded="forwarded" in values)
    return 303, {"Location": BOT_PAGE, "Content-Type": "text/plain"}, b""
