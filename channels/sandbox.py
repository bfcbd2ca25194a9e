"""A local stand-in for the networks, answering as their APIs do, with the
report's pages (`manage.py channels_sandbox`).

Graph API under ``/graph/v26.0``, the Bot API under ``/telegram``, a site's
RSS feed at ``/feed/vko.xml``, Facebook Login's dialog at ``/dialog/oauth``
(it agrees at once and sends back a code; ``/oauth/access_token`` and
``/me/accounts`` answer the exchange with the regional pages). Any token
starting with ``sandbox`` is accepted; ``sandbox-revoked`` is refused as a
revoked token would be, so the «expired» path can be tried by hand. Posts
are dated relative to today, so a lively page stays lively whenever the
sandbox runs.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GRAPH_PREFIX = "/graph/v26.0"
TELEGRAM_PREFIX = "/telegram"
FEED_PATH = "/feed/vko.xml"
DIALOG_PATH = "/dialog/oauth"
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
    from urllib.parse import urlencode

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
    if found is None:
        return _graph_error(100, "Unsupported get request. Object does not exist")
    kind, page = found
    if len(parts) == 1:
        body = {"id": page.ident, "followers_count": page.followers}
        if kind == "facebook":
            body.update(name=page.name, fan_count=page.followers)
        else:
            body["username"] = page.name
        return _json(200, body)
    if parts[1] not in ("posts", "media"):
        return _graph_error(100, "Unknown path components")
    moments = _moments(page, now)
    offset, limit = int(query.get("after", 0) or 0), min(int(query.get("limit", 25) or 25), 100)
    chunk = moments[offset : offset + limit]
    data = []
    for n, (moment, share) in enumerate(chunk, start=offset):
        if kind == "facebook":
            data.append(
                {
                    "id": f"{page.ident}_{n}",
                    "created_time": _graph_time(moment),
                    "status_type": "shared_story" if share else "added_photos",
                }
            )
        else:
            data.append({"id": f"{page.ident}{n}", "timestamp": _graph_time(moment)})
    body = {"data": data, "paging": {"cursors": {"before": "0", "after": str(offset + limit)}}}
    if offset + limit < len(moments):
        body["paging"]["next"] = (
            f"{query['_base']}{GRAPH_PREFIX}/{parts[0]}/{parts[1]}"
            f"?access_token={token}&limit={limit}&after={offset + limit}"
        )
    return _json(200, body)


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


class Handler(BaseHTTPRequestHandler):
    server_version = "ProfinfoSandbox"

    def _answer(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query["_base"] = f"http://{self.headers.get('Host', '127.0.0.1')}"
        now = datetime.now(UTC)
        if parts.path.startswith(GRAPH_PREFIX + "/") and method == "GET":
            status, headers, body = graph(parts.path[len(GRAPH_PREFIX) :], query, now)
        elif parts.path.startswith(TELEGRAM_PREFIX + "/"):
            params = dict(query)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                with contextlib.suppress(ValueError):
                    params.update(json.loads(self.rfile.read(length)))
            status, headers, body = telegram(parts.path[len(TELEGRAM_PREFIX) :], params, now)
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
        "feed": base + FEED_PATH,
        "FACEBOOK_DIALOG_URL": base + DIALOG_PATH,
    }
