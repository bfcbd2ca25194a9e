"""The portal on a bare server, the way docs/operations.md sets one up.

Every process runs from a virtualenv of `requirements.txt` alone, the list
the Dockerfile installs: what only the development set brings (as
`packaging` once did for the Redis transport) would stop the worker here.
`prepare_release` and `check --deploy`, then gunicorn, a Celery worker and a
Celery beat as real processes over the environment's PostgreSQL and Redis,
with `DEBUG=0` behind a TLS proxy (the test sends the headers nginx sets).
People are made with `create_user`, choose their password from the letter
the worker delivered over SMTP to a sink on loopback, and log in over HTTP;
`/readyz` answers 200 once the beat's sweep has run; `/metrics` answers the
token with the portal's gauges and django-prometheus's counters (gunicorn's
workers added up through PROMETHEUS_MULTIPROC_DIR); and `backup` and
`restore` carry the installation into a new empty database.

Redis: the processes use a database of the environment's Redis server of
their own (number 15), emptied before and after, so RedBeat's lock and
schedule start fresh and no developer's worker takes their tasks.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection

from conftest import _database_url_of_test_database, redis_url, require
from portal.tests.smtp_sink import SmtpSink

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "bare-server-metrics-token"
PASSWORD = "Vesna-na-Irtyshe-2026"
REDIS_DB = 15


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _own_redis_db(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{REDIS_DB}"))


def _flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


class Site:
    """HTTP to gunicorn as nginx would pass it on: over TLS for the portal
    (X-Forwarded-Proto), from one client address; cookies kept by hand (they
    are Secure, which a client for plain http would not send back)."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, form=None, headers=None):
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
            "Accept-Language": "ru",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict):
        """GET the form (for its CSRF token), then POST it."""
        status, _headers, page = self.get(path)
        assert status == 200, (path, status, page[:500])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, form={"csrfmiddlewaretoken": token, **fields})


def _wait(what: str, check, *, seconds: float, processes) -> object:
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        for process in processes:
            assert process.poll() is None, f"{process.args[2:5]} stopped while waiting for {what}"
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.5)


def _get_or_none(site: Site, path: str):
    try:
        return site.get(path)
    except OSError:
        return None


def _production_python() -> str:
    """The interpreter of a virtualenv holding `requirements.txt` and nothing
    else, made once per version of that file under var/ (the Makefile's venv
    and this one come from the same index)."""
    import hashlib

    requirements = BASE_DIR / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:12]
    venv = BASE_DIR / "var" / f"production-venv-{digest}"
    python = venv / "bin" / "python"
    stamp = venv / "installed"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        base = getattr(sys, "_base_executable", None) or sys.executable
        for command in (
            [base, "-m", "venv", str(venv)],
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(requirements),
            ],
        ):
            result = subprocess.run(command, capture_output=True, text=True, timeout=900)
            assert result.returncode == 0, f"{command}:\n{result.stdout}{result.stderr}"
        stamp.write_text(digest)
    return str(python)


@pytest.fixture
def installation(transactional_db, world, tmp_path):
    """The environment of a bare server (/etc/profinfo.env of docs/operations.md)."""
    require(connection.vendor == "postgresql", "DATABASE_URL does not name PostgreSQL")
    redis = _own_redis_db(redis_url())
    require(
        bool(shutil.which("pg_dump") and shutil.which("pg_restore")),
        "pg_dump/pg_restore are not installed (apt-get install postgresql-client)",
    )
    for folder in ("static", "media", "var", "backups", "metrics"):
        (tmp_path / folder).mkdir()
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST"}
        and not key.startswith(("PYTEST", "CELERY"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bare-server-" + uuid.uuid4().hex * 2,
            "CHANNELS_KEY": "Yk5kQ2xPZ1V3bGZ0c3JqZ0hxY2N6b0Z6eTlHRW1KZ0k=",
            "DATABASE_URL": _database_url_of_test_database(),
            "REDIS_URL": redis,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "BEHIND_TLS_PROXY": "1",
            "TRUSTED_PROXY_COUNT": "1",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "PROFINFO_VAR_DIR": str(tmp_path / "var"),
            "BACKUP_DIR": str(tmp_path / "backups"),
            "METRICS_TOKEN": TOKEN,
            "LOG_FORMAT": "json",
        }
    )
    python = _production_python()
    _flush(redis)
    with SmtpSink() as sink:
        env.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port), "EMAIL_USE_TLS": "0"})
        yield {
            "env": env,
            "port": port,
            "tmp": tmp_path,
            "redis": redis,
            "python": python,
            "sink": sink,
        }
    _flush(redis)


def _manage(installation, *args: str, env=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [installation["python"], "manage.py", *args],
        cwd=BASE_DIR,
        env={**installation["env"], **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,  # a guard only: a loaded machine is slow, not wrong
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def _start(installation, name: str, *command: str, env=None) -> subprocess.Popen:
    log = open(installation["tmp"] / f"{name}.log", "w")  # noqa: SIM115 - closed by the OS at exit
    return subprocess.Popen(
        [installation["python"], "-m", *command],
        cwd=BASE_DIR,
        env={**installation["env"], **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _logs(installation) -> str:
    return "\n".join(
        f"--- {log.name}\n{log.read_text()[-3000:]}"
        for log in sorted(installation["tmp"].glob("*.log"))
    )


def _phase(started: float, what: str) -> None:
    print(f"{time.monotonic() - started:6.1f} s  {what}")


def _value(body: str, name: str) -> float:
    for line in body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the metrics")


@pytest.mark.celery_worker
def test_a_bare_server_as_the_readme_says(installation, world):
    from portal.infrastructure.health import BEAT_HEARTBEAT
    from portal.models import Heartbeat, OutboxEmail, User

    started = time.monotonic()
    port = installation["port"]
    _manage(installation, "prepare_release")
    assert (installation["tmp"] / "static" / "staticfiles.json").exists()
    _phase(started, "prepare_release")
    checked = _manage(installation, "check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in checked.stdout, checked.stdout + checked.stderr

    processes = [
        _start(
            installation,
            "web",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # As the web's unit in docs/operations.md: only gunicorn adds up its workers' counts.
            env={"PROMETHEUS_MULTIPROC_DIR": str(installation["tmp"] / "metrics")},
        ),
        _start(installation, "worker", "celery", "-A", "config", "worker", "--concurrency=1"),
        _start(installation, "beat", "celery", "-A", "config", "beat", "--loglevel=INFO"),
    ]
    try:
        # The people, from the command line, while the processes start.
        _manage(
            installation,
            "create_user",
            "--role=press",
            f"--region={world.region.short_name}",
            "--email=aigul@example.kz",
            "--leader",
        )
        _manage(
            installation,
            "create_user",
            "--role=chair",
            f"--branch={world.branch2.name}",
            "--email=chair.ridder@example.kz",
        )
        _phase(started, "create_user ×2")
        press = User.objects.get(email="aigul@example.kz")
        assert (press.role, press.region, press.is_leader) == ("press", world.region, True)
        assert not press.has_usable_password()

        site = Site(port)
        _wait("gunicorn", lambda: _get_or_none(site, "/healthz"), seconds=60, processes=processes)
        _phase(started, "gunicorn answers")
        # The worker delivers the letter over SMTP and the beat's every-minute
        # sweep writes its heartbeat: both processes work.
        sink = installation["sink"]
        _wait(
            "the worker to send the invitation",
            lambda: sink.to("aigul@example.kz"),
            seconds=60,
            processes=processes,
        )
        assert OutboxEmail.objects.get(to="aigul@example.kz").sent_at is not None
        _phase(started, "the letter sent")
        _wait(
            "the beat's sweep",
            lambda: Heartbeat.objects.filter(name=BEAT_HEARTBEAT).exists(),
            seconds=75,
            processes=processes,
        )

        _phase(started, "the beat's heartbeat")
        status, _headers, body = site.get("/readyz", headers={"Authorization": f"Bearer {TOKEN}"})
        ready = json.loads(body)
        assert status == 200, ready
        assert set(ready["checks"]) >= {"database", "migrations", "static", "broker", "beat"}
        # Without the token: the status alone.
        assert site.get("/readyz")[::2] == (200, '{"status": "ok"}')

        # The press secretary chooses her password from the letter, logs in.
        letter = sink.to("aigul@example.kz")[0]
        body = letter.get_body(("plain",)).get_content()
        link = re.search(r"https://127\.0\.0\.1:\d+(/accounts/password/reset/\S+/)", body)
        status, headers, _page = site.get(link.group(1))
        assert status == 302, status
        status, headers, _page = site.post_form(
            headers["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD}
        )
        assert status == 302 and headers["Location"].endswith("/accounts/password/reset/complete/")
        status, headers, _page = site.post_form(
            "/accounts/login/", {"username": "aigul@example.kz", "password": PASSWORD}
        )
        assert status == 302, "the login was refused"
        status, _headers, page = site.get("/organisations/")
        assert status == 200
        assert "Школа-лицей № 1" in page  # her region's organisation
        assert "Школа № 3" not in page  # the other region's
        status, _headers, _page = site.get(f"/regions/{world.other_region.pk}/")
        assert status == 404

        # Metrics, for the token only: the portal's gauges and the requests
        # counted by both gunicorn workers.
        assert site.get("/metrics")[0] == 404
        status, headers, metrics = site.get(
            "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        for gauge in (
            "profinfo_celery_queue_length",
            "profinfo_outbox_waiting",
            "profinfo_outbox_given_up",
            "profinfo_report_job_oldest_waiting_seconds",
        ):
            assert _value(metrics, gauge) >= 0, gauge
        assert _value(metrics, "profinfo_outbox_given_up") == 0
        assert 0 <= _value(metrics, "profinfo_beat_last_run_age_seconds") < 120
        assert 'profinfo_connections{status="failing"} 0.0' in metrics
        assert "profinfo_metric_errors{" not in metrics
        requests = [
            line
            for line in metrics.splitlines()
            if line.startswith("django_http_requests_total_by_view_transport_method_total{")
        ]
        assert any('view="portal:organisation_list"' in line for line in requests), requests
        assert "django_db_execute_total" in metrics
    except BaseException:
        _stop(processes)
        print(_logs(installation))
        raise
    _stop(processes)
    _phase(started, "logged in, scraped, stopped")
    assert all(process.returncode is not None for process in processes)

    # Backup, then restore into a new empty database and media folder.
    _manage(installation, "backup")
    archives = sorted((installation["tmp"] / "backups").glob("profinfo-*.tar.gz"))
    assert archives
    with tarfile.open(archives[-1]) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["engine"] == "postgresql"
    assert manifest["tables"]["portal_user"] == User.objects.count()

    _phase(started, "backup")
    name = f"profinfo_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        target = urllib.parse.urlsplit(installation["env"]["DATABASE_URL"])._replace(
            path=f"/{name}"
        )
        restored_media = installation["tmp"] / "restored-media"
        _manage(
            installation,
            "restore",
            str(archives[-1]),
            env={
                "DATABASE_URL": urllib.parse.urlunsplit(target),
                "MEDIA_ROOT": str(restored_media),
            },
        )
        from portal.infrastructure import backup

        wrapper = backup.database_wrapper({**connection.settings_dict, "NAME": name}, alias="r")
        try:
            with wrapper.cursor() as cursor:
                cursor.execute(
                    "SELECT role, is_leader, password FROM portal_user WHERE email = %s",
                    ["aigul@example.kz"],
                )
                role, leader, password = cursor.fetchone()
        finally:
            wrapper.close()
        assert (role, leader) == ("press", True)
        press.refresh_from_db()
        assert password == press.password  # the password she chose came along
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _phase(started, "restored")
