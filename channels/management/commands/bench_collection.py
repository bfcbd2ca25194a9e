"""A whole union's collection against a stand-in of the networks (issue 33).

`manage.py bench_collection` (part of `make bench`) makes a database of its
own next to the configured one, fills it with 20 regions × 40 connected pages
(Facebook, Instagram, Telegram), starts the networks' sandbox answering every
call in 0.2 s and limiting each token to 20 calls in 10 s as the networks do
(Graph: error 32 with no Retry-After; Telegram: 429 with retry_after), starts
a Celery worker with two processes, sends the daily collection and times it
until every page is measured or told to wait. It prints what it measured:
pages measured, waiting, failed, the calls, the limited answers, the calls
asked twice, and whether the target (10 minutes) is met. It needs production's
configuration (PostgreSQL and Redis); without it, it says so and measures
nothing.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection as db

BASE_DIR = Path(settings.BASE_DIR)
TARGET_SECONDS = 600
# As the networks answer a token past its limit: Graph names no time, Telegram does.
GRAPH_LIMITED = json.dumps(
    {"error": {"message": "(#32) Page request limit reached", "type": "OAuthException", "code": 32}}
).encode()
TELEGRAM_LIMITED = json.dumps(
    {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 10",
        "parameters": {"retry_after": 10},
    }
).encode()
PLATFORMS = ("facebook_page",) * 20 + ("instagram",) * 14 + ("telegram",) * 6


class Guard:
    """The stand-in's limits and its record of the calls."""

    def __init__(self, calls: int, window: float):
        self.calls, self.window = calls, window
        self.lock = threading.Lock()
        self.recent: dict[str, deque] = defaultdict(deque)
        self.seen: dict[tuple, int] = defaultdict(int)
        self.total = self.limited = 0

    def admit(self, token: str, asked: tuple) -> bool:
        now = time.monotonic()
        with self.lock:
            self.total += 1
            self.seen[asked] += 1
            if not token:
                return True
            recent = self.recent[token]
            while recent and recent[0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.calls:
                self.limited += 1
                return False
            recent.append(now)
            return True

    def twice(self) -> int:
        return sum(1 for count in self.seen.values() if count > 1)

    def twice_kinds(self) -> str:
        """The calls asked more than once, by method and path with ids and tokens
        left out (no token is printed). The bench's Telegram connections share the
        sandbox's one channel, so its public page is asked by each of them."""
        kinds: dict[str, int] = defaultdict(int)
        for (method, _token, path, _query, _body), count in self.seen.items():
            if count > 1:
                shape = "/".join("…" if any(c.isdigit() for c in p) else p for p in path.split("/"))
                kinds[f"{method} {shape}"] += 1
        return ", ".join(f"{kind} ×{n}" for kind, n in sorted(kinds.items())) or "none"


def stand_in(latency: float, guard: Guard):
    from channels.sandbox import fakes
    from channels.sandbox.server import Handler

    class Limited(Handler):
        def _answer(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            token = (query.get("access_token") or [""])[0]
            if parts.path.startswith(fakes.TELEGRAM_PREFIX + "/bot"):
                token = parts.path.split("/")[2]
            elif parts.path.startswith(fakes.PREVIEW_PREFIX + "/"):
                token = ""  # t.me's public page: no token, so no token's limit
            kept = tuple(sorted((k, v[-1]) for k, v in query.items() if k != "access_token"))
            body = b""
            length = int(self.headers.get("Content-Length") or 0)
            if length:  # the Bot API's parameters (an offset) come in the body
                body = self.rfile.read(length)
                self.rfile = io.BytesIO(body)
            asked = (method, token, parts.path, kept, body)
            time.sleep(latency)
            if guard.admit(token, asked):
                return super()._answer(method)
            if parts.path.startswith(fakes.TELEGRAM_PREFIX):
                body = TELEGRAM_LIMITED
                status = 429
            else:
                body = GRAPH_LIMITED
                status = 400
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Limited)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, fakes


class Command(BaseCommand):
    help = "Time a whole union's daily collection against the networks' stand-in."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=20)
        parser.add_argument("--pages", type=int, default=40, help="connected pages per region")
        parser.add_argument("--latency", type=float, default=0.2, help="seconds per answer")
        parser.add_argument("--calls", type=int, default=20, help="calls per token per window")
        parser.add_argument("--window", type=float, default=10.0, help="the limit's window, s")
        parser.add_argument("--workers", type=int, default=2, help="worker processes")
        parser.add_argument("--inside", action="store_true", help="(internal)")

    def handle(self, *args, inside: bool, **options):
        if inside:
            return self._inside(**options)
        if db.vendor != "postgresql" or not settings.REDIS_URL:
            self.stdout.write(
                "A whole union's collection: not measured — it needs production's "
                "configuration (DATABASE_URL of PostgreSQL and REDIS_URL)."
            )
            return
        name = f"{db.settings_dict['NAME']}_bench_collection"
        with db.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(os.environ["DATABASE_URL"])
        env = {
            **os.environ,
            "DATABASE_URL": parts._replace(path=f"/{name}").geturl(),
            "CHANNELS_KEY": _fernet_key(),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "localhost",
        }
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        try:
            subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)  # noqa: S603
            flags = [f"--{k}={v}" for k, v in options.items() if k in _OPTIONS]
            subprocess.run([*manage, "bench_collection", "--inside", *flags], env=env, check=True)  # noqa: S603
        finally:
            db.close()
            with db.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _inside(self, *, regions, pages, latency, calls, window, workers, **_):
        guard = Guard(calls, window)
        server, fakes = stand_in(latency, guard)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        total = _fill(fakes, regions=regions, pages=pages)
        queue = f"bench-collection-{uuid.uuid4().hex[:8]}"
        name = f"{queue}@localhost"
        worker = _start_worker(base, fakes, queue=queue, name=name, workers=workers)
        try:
            _wait_for(worker, name)
            started_at, elapsed = _collect(queue=queue, total=total)
            outcome = Outcome.since(started_at)
        finally:
            worker.terminate()
            worker.wait(30)
            server.shutdown()
        met = "met" if outcome.whole(total) and elapsed <= TARGET_SECONDS else "not met"
        self.stdout.write(
            f"A whole union's collection: {regions} regions × {pages} pages = {total}, "
            f"answers in {latency} s, {calls} calls per token in {window:g} s, "
            f"{workers} worker processes\n"
            f"  {elapsed:.0f} s; measured {outcome.measured}, "
            f"waiting for a limit {outcome.waiting}, failed {outcome.failed}, "
            f"posts' reach waiting for a limit {outcome.reach_waiting}, "
            f"posts' reach not measured {sum(outcome.reach_failed.values())} "
            f"{outcome.reach_failed or ''}; "
            f"{guard.total} calls, {guard.limited} limited, "
            f"{guard.twice()} asked more than once ({guard.twice_kinds()})\n"
            f"  target: every page within {TARGET_SECONDS // 60} minutes — {met}"
        )


def _start_worker(base: str, fakes, *, queue: str, name: str, workers: int) -> subprocess.Popen:
    """A Celery worker of its own on the bench's queue, pointed at the stand-in."""
    env = {
        **os.environ,
        "GRAPH_API_URL": base + fakes.GRAPH_PREFIX,
        "TELEGRAM_API_URL": base + fakes.TELEGRAM_PREFIX,
        "TELEGRAM_PREVIEW_URL": base + fakes.PREVIEW_PREFIX,
    }
    worker = subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(workers),
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-Q", queue, "-n", name],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return worker


def _wait_for(worker: subprocess.Popen, name: str) -> None:
    """Until the worker answers a ping (a minute at most)."""
    from celery import current_app as app

    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[name], timeout=1):
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the bench's Celery worker did not start")


def _collect(*, queue: str, total: int):
    """Send the daily collection and wait until every page is measured or told
    to wait (at most twice the target); when it started, and how long it took."""
    from django.db.models import Q
    from django.utils import timezone

    from channels.models import Connection
    from channels.tasks import collect_all_task

    started_at, started = timezone.now(), time.monotonic()
    collect_all_task.apply_async(queue=queue)
    done = Q(last_success_at__gte=started_at) | Q(last_error_at__gte=started_at)
    limit = TARGET_SECONDS * 2
    while Connection.objects.filter(done).count() < total:
        if time.monotonic() - started > limit:
            break
        time.sleep(1)
    return started_at, time.monotonic() - started


@dataclass
class Outcome:
    """What a collection left on the connections."""

    measured: int
    waiting: int
    failed: int
    reach_waiting: int
    reach_failed: dict[str, int]

    def whole(self, total: int) -> bool:
        """Every page measured, and every post's reach."""
        return self.measured == total and self.reach_waiting == 0 and not self.reach_failed

    @classmethod
    def since(cls, started_at) -> Outcome:
        from django.db.models import Count

        from channels.models import Connection

        seen = Connection.objects.filter(last_success_at__gte=started_at)
        errors = Connection.objects.filter(last_error_at__gte=started_at)
        waiting = errors.filter(error_code="rate_limited").count()
        return cls(
            measured=seen.count(),
            waiting=waiting,
            failed=errors.count() - waiting,
            # The posts' insights come after a page's snapshot: a limit met there
            # leaves the page measured and its reach for the next collection.
            reach_waiting=seen.filter(reach_error="rate_limited").count(),
            reach_failed=dict(
                seen.exclude(reach_error__in=["", "rate_limited"])
                .values_list("reach_error")
                .annotate(n=Count("pk"))
                .values_list("reach_error", "n")
            ),
        )


_OPTIONS = ("regions", "pages", "latency", "calls", "window", "workers")


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _fill(fakes, *, regions: int, pages: int) -> int:
    """The bench's regions, pages and connections; the stand-in knows each page."""
    from branches.models import SocialPage
    from channels import services
    from channels.models import Connection
    from portal.models import Region

    connections = 0
    for r in range(regions):
        region = Region.objects.create(name=f"Регион {r + 1}", short_name=f"Регион {r + 1}")
        for n in range(pages):
            platform = PLATFORMS[n % len(PLATFORMS)]
            ident = f"{1050 + r:04d}{n:011d}"
            posts = fakes.every(1.0, 30, share_every=5)
            if platform == "facebook_page":
                fakes.FACEBOOK[ident] = fakes.FakePage(ident, f"Страница {ident}", 500, posts)
                account = ident
            elif platform == "instagram":
                fakes.INSTAGRAM[ident] = fakes.FakePage(ident, f"account{ident}", 300, posts)
                account = ident
            else:
                account = "@vko_profsoyuz"
            page = SocialPage.objects.create(region=region, platform=platform)
            connection = services.connection_save(
                page=page, user=None, token=f"sandbox-{ident}", account=account
            )
            Connection.objects.filter(pk=connection.pk).update(
                status=Connection.Status.WORKING,
                external_id=account if platform != "telegram" else "-1001000000001",
            )
            connections += 1
    return connections
