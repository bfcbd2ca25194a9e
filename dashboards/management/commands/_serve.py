"""The bench's real servers and its load: gunicorn (or runserver) over a bench
database, logged-in sessions, and concurrent clients counting answers.

Used by `manage.py bench --throughput` and `--weights`; nothing here runs in a
page. The clients are threads with `http.client` (one connection a request,
as gunicorn's sync workers close each one), so the load generator needs
nothing outside the standard library.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings


def free_port(preferred: int = 0) -> int:
    """`preferred` when it is free, else any free port on the loopback interface."""
    for port in (preferred, 0) if preferred else (0,):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free port")


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not answer /healthz within {timeout} s")


@contextlib.contextmanager
def server(kind: str, env: dict, port: int, workers: int = 4):
    """A gunicorn (`kind="gunicorn"`, DEBUG off) or `manage.py runserver`
    (`kind="runserver"`, as `make run` starts it) on 127.0.0.1:`port`."""
    base = Path(settings.BASE_DIR)
    if kind == "gunicorn":
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
    else:
        command = [
            sys.executable,
            str(base / "manage.py"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ]
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        command,
        cwd=base,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# As a browser asks: compressed answers.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def fetch(port: int, path: str, cookie: str, headers: dict | None = None, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "GET" if body is None else "POST",
            path,
            body=body,
            headers={"Cookie": cookie, **BROWSER, **(headers or {})},
        )
        response = connection.getresponse()
        body = response.read()
        return response.status, body, dict(response.getheaders())
    finally:
        connection.close()


def mover(port: int, cookie: str, moves: list[str], days: list[str]):
    """An editing press secretary: each call moves the next of the region's posts
    to the other of two days (as a drag in the calendar does); returns the status."""
    token = os.urandom(16).hex()  # the CSRF cookie and its header, as a browser sends
    turn = itertools.count()
    lock = threading.Lock()

    def edit() -> int:
        with lock:
            n = next(turn)
        path, day = moves[n % len(moves)], days[(n // len(moves)) % len(days)]
        headers = {
            "X-CSRFToken": token,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        status, _body, _headers = fetch(
            port, path, f"{cookie}; csrftoken={token}", headers, body=f"date={day}"
        )
        return status

    return edit


def _until(stop: float, call) -> tuple[int, int]:
    """Call `call` (which answers a status) until the `stop` moment: how many
    answers were 200 and how many were not (a failed connection is not)."""
    ok = other = 0
    while time.monotonic() < stop:
        try:
            status = call()
        except (OSError, http.client.HTTPException):
            status = 0
        if status == 200:
            ok += 1
        else:
            other += 1
    return ok, other


def hammer(port: int, path: str, cookie: str, *, clients: int, seconds: float, editor=None) -> dict:
    """`clients` threads request `path` as fast as answers come for `seconds`;
    returns the answers with 200 per second and the others counted. With an
    `editor`, one of the clients edits instead (its answers counted apart)."""
    stop = time.monotonic() + seconds
    counts = {"ok": 0, "other": 0, "edits_ok": 0, "edits_refused": 0}
    lock = threading.Lock()

    def run(call, ok_key: str, other_key: str) -> None:
        ok, other = _until(stop, call)
        with lock:
            counts[ok_key] += ok
            counts[other_key] += other

    def page() -> int:
        status, _body, _headers = fetch(port, path, cookie)
        return status

    threads = [
        threading.Thread(target=run, args=(page, "ok", "other"))
        for _ in range(clients - bool(editor))
    ]
    if editor is not None:
        threads.append(threading.Thread(target=run, args=(editor, "edits_ok", "edits_refused")))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "rps": counts["ok"] / elapsed,
        "other": counts["other"],
        "edits": counts["edits_ok"] + counts["edits_refused"],
        "edits_refused": counts["edits_refused"],
    }


def server_env(env: dict, folder: str, *, debug: bool) -> dict:
    """The environment of a production-like (DEBUG off) or `make run`-like server."""
    env = {**env, "PROFINFO_VAR_DIR": folder, "DEBUG": "1" if debug else "0"}
    env.update(
        {
            "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(Path(folder) / "staticfiles"),
            "LOG_LEVEL": "WARNING",
        }
    )
    redis = os.environ.get("REDIS_URL", "")
    if not debug and redis:
        # Production's cache and broker: Redis, in a database of the bench's own
        # (BENCH_REDIS_DB), emptied first so no entry of an earlier run is read.
        env["REDIS_URL"] = bench_redis(redis)
        import redis as client

        client.Redis.from_url(env["REDIS_URL"]).flushdb()
    return env


def bench_redis(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts._replace(path=f"/{os.environ.get('BENCH_REDIS_DB') or 13}").geturl()
