"""The sandbox's HTTP server: each address to the network that answers it."""

from __future__ import annotations

import contextlib
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import bot_api, feed, graph, login, preview, telegram, views
from .fakes import DIALOG_PATH, FEED_PATH, GRAPH_PREFIX, PREVIEW_PREFIX, TELEGRAM_PREFIX
from .replies import Answer

NOT_FOUND: Answer = (404, {"Content-Type": "text/plain"}, b"Not found")


class Handler(BaseHTTPRequestHandler):
    server_version = "ProfinfoSandbox"

    def _answer(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        query["_base"] = f"http://{self.headers.get('Host', '127.0.0.1')}"
        status, headers, body = self._route(method, parts.path, query, datetime.now(UTC))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route(self, method: str, path: str, query: dict, now: datetime) -> Answer:
        if path.startswith(GRAPH_PREFIX + "/"):
            return self._graph(method, path[len(GRAPH_PREFIX) :], query, now)
        if path.startswith(TELEGRAM_PREFIX + "/"):
            return self._telegram(path[len(TELEGRAM_PREFIX) :], query, now)
        if path.startswith(PREVIEW_PREFIX + "/s/"):
            return preview.preview(path[len(PREVIEW_PREFIX) :], query, now)
        if path in (views.BOT_PAGE, views.BOT_PAGE + "/press"):
            return self._bot_page(method, path)
        if path == "/":
            return views.published_page()
        if path == DIALOG_PATH:
            return login.dialog(query)
        if path == FEED_PATH:
            return feed.feed(now)
        return NOT_FOUND

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _graph(self, method: str, path: str, query: dict, now: datetime) -> Answer:
        if method == "POST":
            # The Graph API takes a POST's fields in the address or in the body (a form).
            sent = self._body().decode("utf-8", "replace")
            query.update({k: v[-1] for k, v in parse_qs(sent).items()})
            return graph.graph_publish(path, query, now)
        answer = graph.graph_published(path, query)
        if answer is None:
            answer = graph.with_published(path, query, graph.graph(path, query, now))
        return answer

    def _telegram(self, path: str, query: dict, now: datetime) -> Answer:
        params = dict(query)
        sent = self._body()
        if sent:
            with contextlib.suppress(ValueError):
                params.update(json.loads(sent))
        answer = bot_api.bot_api(path, params)  # the union's bot (its own token), or None
        answer = (
            answer
            or telegram.telegram_publish(path, params, now)
            or telegram.telegram_change(path, params)
        )
        return answer or telegram.telegram(path, params, now)

    def _bot_page(self, method: str, path: str) -> Answer:
        if method == "POST":
            content_type = self.headers.get("Content-Type", "")
            return views.bot_post(path, content_type, self._body())
        return views.bot_page()

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
