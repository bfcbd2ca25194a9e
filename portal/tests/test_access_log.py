"""No access log keeps a query string: Facebook Login's callback brings its
`code` and `state` in it. `runserver`'s log (Django's `django.server` logger,
as the settings configure it) and gunicorn's (started as the Dockerfile
starts it) are read here from real servers answering a real request."""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.utils.log import ServerFormatter

BASE_DIR = Path(__file__).resolve().parents[2]
CODE, STATE = "AQDsecret-code-from-facebook-0123", "signed-state-of-the-login-4567"
CALLBACK = f"/connections/facebook/callback/?code={CODE}&state={STATE}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _wait_for(read, seen: str, *, seconds: float) -> str:
    """The log once it holds `seen` (a server writes its access line after answering)."""
    deadline = time.monotonic() + seconds
    while seen not in (text := read()):
        if time.monotonic() > deadline:
            pytest.fail(f"no {seen!r} in the log within {seconds} s:\n{text[-3000:]}")
        time.sleep(0.05)
    return text


def test_runserver_logs_the_callback_without_its_code_and_state():
    """Django's development server, its request handler and the logger as
    settings.LOGGING configures it; only the handler's stream is read here."""
    # The settings' handler (pytest adds its own capturing ones beside it).
    handlers = [
        handler
        for handler in logging.getLogger("django.server").handlers
        if type(handler) is logging.StreamHandler and isinstance(handler.formatter, ServerFormatter)
    ]
    assert handlers, "django.server has no handler of its own"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # Not logged in: the login page's redirect, as for anyone the link reaches.
        assert _get(server.server_port, CALLBACK) == 302
        log = _wait_for(stream.getvalue, "/connections/facebook/callback/", seconds=10)
    finally:
        server.shutdown()
        server.server_close()
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)
    assert '"GET /connections/facebook/callback/ HTTP/1.1" 302' in log
    assert CODE not in log and STATE not in log and "?" not in log


def dockerfile_command() -> list[str]:
    (line,) = re.findall(r"^CMD (\[.*\])$", (BASE_DIR / "Dockerfile").read_text(), re.M)
    return json.loads(line)


def test_gunicorn_as_the_dockerfile_starts_it_logs_no_query_string(tmp_path):
    command = dockerfile_command()
    assert command[:2] == ["gunicorn", "config.wsgi"]
    port = _free_port()
    # The image's options, on a free loopback port; one worker is enough to
    # answer one request (the machine running the tests may have two cores).
    options = command[1:]
    options[options.index("--bind") + 1] = f"127.0.0.1:{port}"
    options[options.index("--workers") + 1] = "1"
    env = {
        **os.environ,
        "PROFINFO_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *options],
            cwd=BASE_DIR,  # the image's WORKDIR: the project's folder
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text()
            try:
                if _get(port, "/healthz") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer within 60 s:\n{log_path.read_text()}")
            time.sleep(0.2)
        assert _get(port, CALLBACK) == 302
        text = _wait_for(log_path.read_text, "GET /connections/facebook/callback/", seconds=10)
    finally:
        process.terminate()
        process.wait(timeout=30)
    (line,) = [line for line in text.splitlines() if "/connections/facebook/callback/" in line]
    assert '"GET /connections/facebook/callback/ HTTP/1.1" 302' in line, line
    assert CODE not in text and STATE not in text and "?" not in line


def test_every_documented_gunicorn_names_the_config_with_that_format():
    """The Dockerfile's, docker-compose's, the README's and docs/operations.md's
    command lines all read gunicorn.conf.py, whose access log format has the
    path alone."""
    found = {
        name: re.findall(r"gunicorn config\.wsgi[^\n`\"]*", (BASE_DIR / name).read_text())
        for name in ("docker-compose.yml", "README.md", "docs/operations.md")
    }
    found["Dockerfile"] = [" ".join(dockerfile_command())]
    for name, lines in found.items():
        assert lines, name
        for line in lines:
            assert "--config gunicorn.conf.py" in line, (name, line)
    settings = {}
    exec((BASE_DIR / "gunicorn.conf.py").read_text(), settings)  # noqa: S102  (our own file)
    assert "%(U)s" in settings["access_log_format"]
    for atom in ("%(r)s", "%(q)s", "%(f)s"):
        assert atom not in settings["access_log_format"]
