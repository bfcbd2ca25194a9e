"""Shared test set-up: services that may be absent, and the people of every test.

A test that needs a service which is not running (Redis, a Celery worker on
it, Chromium) is skipped with the reason on a bare machine. With ``CI`` set,
the same absence fails the test: CI always runs everything.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from portal.models import Branch, PrimaryOrganisation, Region, User

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config) -> None:
    """Under pytest-xdist (`make test`) each worker has a test database of its
    own (pytest-django's suffix) and here a cache of its own too, so that no
    worker reads what another cached from its own rows."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from django.conf import settings

    cache = settings.CACHES["default"]
    cache["KEY_PREFIX"] = f"{cache.get('KEY_PREFIX', '')}-{worker}"
    if "FileBasedCache" in cache["BACKEND"]:
        cache["LOCATION"] = f"{cache['LOCATION']}-{worker}"


def require(condition: bool, reason: str) -> None:
    """Skip (or, under CI, fail) the current test unless `condition` holds."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run every test, but: {reason}", pytrace=False)
    pytest.skip(reason)


def wait_until(condition, seconds: float, *, step: float = 0.05) -> bool:
    """Poll `condition` until it holds or `seconds` have passed; whether it
    holds. Tests wait on what they expect, never for a guessed time."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def redis_url() -> str:
    from django.conf import settings

    url = settings.REDIS_URL
    require(bool(url), "REDIS_URL is not set: Redis is not available")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(False, f"Redis at {url} does not answer: {exc}")
    return url


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    require(bool(path), "Chromium is not installed (apt-get install chromium)")
    return path


@contextmanager
def broker_at(url: str):
    """Point the Celery app (its broker and its result store, as in production
    one Redis) at another Redis, and back afterwards, so later tests reach the
    real one again."""
    from config.celery import app

    saved = app.conf.broker_url, app.conf.result_backend

    def reset():
        # Only forget the pools: kombu keeps one pool per broker address for
        # the whole process, and a closed one would be handed out again.
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    reset()
    app.conf.broker_url = app.conf.result_backend = url
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.result_backend = saved
        reset()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free port, to stop, hang and start
    again without touching the shared one. With `folder`, it keeps its data
    there in an append-only file, as production does, so what it held (a
    beat's lock) is there again after a restart."""

    def __init__(self, folder=None):
        self.path = shutil.which("redis-server")
        require(bool(self.path), "redis-server is not installed (apt-get install redis-server)")
        self.port = _free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import subprocess
        import time

        command = [self.path, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        if self.folder is not None:
            command += ["--dir", str(self.folder), "--appendonly", "yes", "--appendfsync", "always"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        import redis

        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                client.ping()
                return
            except redis.ConnectionError:  # starting, or loading its file
                time.sleep(0.05)
        pytest.fail("the test's redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def hang(self) -> None:
        """Freeze the server (SIGSTOP): connections are still accepted by the
        system, but nothing answers, like a Redis behind a dead link."""
        import signal

        self.process.send_signal(signal.SIGSTOP)

    def wake(self) -> None:
        import signal

        self.process.send_signal(signal.SIGCONT)

    def queued(self, queue: str = "celery") -> int:
        import redis

        return redis.Redis.from_url(self.url).llen(queue)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.wake()
        server.stop()


@pytest.fixture
def redis_available() -> str:
    return redis_url()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files of each test go to a folder of its own; passwords hash fast;
    nothing cached by an earlier test's rows is read (the cache outlives them)."""
    from portal import freshness

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    freshness.forget_all()
    # A collection's threads would not see the rows a test keeps in its
    # transaction: the tests collect in one thread (the worker's test, in
    # channels/tests/test_collect_parts.py, runs the threads).
    settings.CHANNELS_COLLECT_THREADS = 1
    yield
    # A request in another language leaves it active in the thread (the
    # locale middleware does not put it back): the next test speaks Russian.
    from django.utils import translation

    translation.deactivate()


@dataclass
class World:
    """Two regions; in the first, the branches of `chair` and `chair2`."""

    region: Region
    other_region: Region
    branch: Branch  # chair's
    branch2: Branch  # chair2's
    other_branch: Branch  # in the other region
    organisation: PrimaryOrganisation  # in chair's branch
    organisation2: PrimaryOrganisation  # in chair2's branch
    other_organisation: PrimaryOrganisation  # in the other region
    users: dict[str, User]


def build_world() -> World:
    from portal.models import Branch, User
    from portal.tests.factories import (
        BranchFactory,
        OrganisationFactory,
        RegionFactory,
        UserFactory,
    )

    region = RegionFactory(short_name="Восточно-Казахстанская область")
    other_region = RegionFactory(short_name="Павлодарская область")
    branch = BranchFactory(region=region, name="г. Усть-Каменогорск", kind=Branch.Kind.CITY)
    branch2 = BranchFactory(region=region, name="г. Риддер", kind=Branch.Kind.CITY)
    other_branch = BranchFactory(region=other_region, name="г. Экибастуз")
    users = {
        "press": UserFactory(username="press", role=User.Role.PRESS, region=region),
        "chair": UserFactory(username="chair", role=User.Role.CHAIR, branch=branch),
        "chair2": UserFactory(username="chair2", role=User.Role.CHAIR, branch=branch2),
        "central": UserFactory(username="central", role=User.Role.CENTRAL),
        "other_press": UserFactory(
            username="other_press", role=User.Role.PRESS, region=other_region
        ),
    }
    return World(
        region=region,
        other_region=other_region,
        branch=branch,
        branch2=branch2,
        other_branch=other_branch,
        organisation=OrganisationFactory(branch=branch, name="Школа-лицей № 1", members=120),
        organisation2=OrganisationFactory(branch=branch2, name="Школа № 7", members=60),
        other_organisation=OrganisationFactory(branch=other_branch, name="Школа № 3"),
        users=users,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker) -> World:
    """The world built once for a whole module whose tests only read it.

    It lives in a transaction opened here and rolled back when the module is
    done; each test (the `db` fixture, never `transactional_db`) runs in a
    savepoint inside it, so what a test writes is gone before the next one.
    A module uses it by defining ``world`` as ``world_once`` plus ``db``.
    """
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # The test settings (fast hashing) are per test; the world comes first.
            with override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
            ):
                world = build_world()
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def client_for(client, settings):
    """A test client logged in as the given user (None: anonymous)."""

    def login(user):
        # Logging out drops every cookie; a language the test chose stays.
        language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        client.logout()
        if language is not None:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value
        if user is not None:
            client.force_login(user, backend="portal.backends.ScopedModelBackend")
        return client

    return login


BASE_DIR = os.path.dirname(os.path.abspath(__file__))


def _database_url_of_test_database() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    from urllib.parse import quote

    return (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}"
        f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@dataclass
class WorkerProcess:
    queue: str
    name: str
    process: object = None


def _worker_command(worker: WorkerProcess) -> list[str]:
    import sys

    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "-Q",
        worker.queue,
        "-n",
        worker.name,
    ]


def _wait_until_answering(worker: WorkerProcess) -> None:
    """Until the worker answers a ping; fail with its output if it exits or
    does not answer within a minute."""
    import time

    from config.celery import app

    process = worker.process
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[worker.name], timeout=1):
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stdout.read() if process.poll() is not None else ""
            pytest.fail(f"the Celery worker did not start:\n{output}")


def _stop(process) -> None:
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def running_worker(redis: str, *, queue: str | None = None):
    """Start a real Celery worker on Redis and the test database; stop it after.

    It listens on a queue of its own (or the given one), so a developer's
    running worker never takes the test's tasks.
    """
    import subprocess
    import uuid

    token = uuid.uuid4().hex[:8]
    worker = WorkerProcess(queue=queue or f"profinfo-test-{token}", name=f"test-{token}@localhost")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_of_test_database(),
        "REDIS_URL": redis,
    }
    worker.process = process = subprocess.Popen(
        _worker_command(worker),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_answering(worker)
        yield worker
    finally:
        _stop(process)


@pytest.fixture
def celery_worker(transactional_db, redis_available):
    """A real Celery worker process on Redis, using the test database.

    Tests send tasks with ``queue=worker.queue``.
    """
    with running_worker(redis_available) as worker:
        yield worker


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright from PyPI."""
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed")
    from playwright.sync_api import expect

    # Every `expect` waits for its condition up to 15 s, as every action does
    # (the page fixture's default), not Playwright's 5 s: the suite runs a
    # browser on each of two busy cores, and a condition met late is still met.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose browser asks for English, to prove Russian is the default."""
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


# --- Browser journeys: the people and how they log in -----------------------------


@pytest.fixture
def demo(transactional_db, settings) -> Region:
    """The region from the report with its rubrics and its demo people (press,
    leader, chair, chair2, central, admin), for a journey on the live server.

    The journeys run with DEBUG off, as in production, where demo accounts
    cannot log in: here they stand for real accounts. An app that needs more
    of the report asks for it in a `demo` fixture of its own built on this one.
    """
    from contentplan.seed import load_rubrics
    from portal.models import User
    from portal.seed import load_demo_users, load_region

    region = load_region()
    load_rubrics()
    settings.DEBUG = True  # demo users exist only in the embedded default
    load_demo_users(region=region)
    settings.DEBUG = False
    User.objects.update(is_demo=False)
    return region


def submit_login(page, username: str, password: str) -> None:
    """Fill in and send the login form, whatever the answer."""
    page.goto("/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.get_by_label("Имя пользователя").fill(username)
    form.get_by_label("Пароль").fill(password)
    form.get_by_role("button", name="Войти").click()


def log_in(page, username: str) -> None:
    """Log in as one of the `demo` people and wait until the portal lets them in."""
    from django.conf import settings
    from playwright.sync_api import expect

    submit_login(page, username, settings.DEMO_PASSWORD)
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Выйти").click()


def click_menu(page, name: str) -> None:
    """Follow the top menu's entry `name`, opening its group first if it is in one."""
    menu = page.get_by_test_id("main-menu")
    entry = page.locator("a").filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))
    link = menu.locator(entry)
    link.wait_for(state="attached")
    if not link.is_visible():
        menu.locator("li.dropdown", has=entry).locator("button").click()
    link.click()
