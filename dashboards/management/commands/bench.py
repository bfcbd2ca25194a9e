"""`make bench`: time the dashboards and the busiest pages at 1× and 10× demo data.

For each scale the command builds a fresh database in a temporary folder
(SQLite), or a dedicated database on the PostgreSQL server named by
DATABASE_URL, runs `migrate`, `load_seed` and `load_demo --scale N` in a
subprocess, and measures there with Django's test client: two warm-up
requests, then repeated requests, the median time and the number of queries
of one request. The developer's own database is never touched. It prints
what it measured, nothing else.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.core.management.base import BaseCommand

SCALES = (1, 10)
WARMUP = 2
REPEAT = 15
# Addresses that may not exist yet in this installation; measured when they do.
REVIEW_QUEUE_NAMES = (
    "submissions:queue",
    "contentplan:review_queue",
    "contentplan:submission_queue",
    "contentplan:submission_review",
    "contentplan:review",
)


def _measure(repeat: int) -> list[dict]:
    """Inside the bench database: time each page, return rows of figures."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from portal.models import Region, User

    setup_test_environment()
    region = Region.objects.filter(is_demo=True).order_by("short_name").first()
    press, _created = User.objects.get_or_create(
        username="bench-press", defaults={"role": User.Role.PRESS, "region": region}
    )
    central, _created = User.objects.get_or_create(
        username="bench-central", defaults={"role": User.Role.CENTRAL}
    )
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    today = timezone.localdate()
    pages = [
        ("region dashboard (press)", press, reverse("dashboards:region", args=[region.pk])),
        ("region dashboard (central)", central, reverse("dashboards:region", args=[region.pk])),
        ("central dashboard", central, reverse("dashboards:central")),
        (
            "calendar (press)",
            press,
            reverse("contentplan:calendar", args=[f"{today:%Y}", f"{today:%m}"]),
        ),
        ("audit table (press)", press, reverse("branches:audit_table")),
        (
            "admin: planned posts",
            admin,
            reverse("admin:contentplan_plannedpost_changelist"),
        ),
    ]
    # Members' questions (when the app is installed): the press queue and the
    # public answers, which an anonymous visitor reads.
    for label, user, name in (
        ("questions queue (press)", press, "questions:queue"),
        ("public FAQ (anonymous)", None, "questions:faq"),
    ):
        with contextlib.suppress(NoReverseMatch):
            pages.insert(-1, (label, user, reverse(name)))
    for name in REVIEW_QUEUE_NAMES:
        try:
            pages.insert(4, ("review queue (press)", press, reverse(name)))
            break
        except NoReverseMatch:
            continue
    rows = []
    for label, user, address in pages:
        client = Client()
        if user is not None:
            client.force_login(user, backend="portal.backends.ScopedModelBackend")
        for _ in range(WARMUP):
            status = client.get(address).status_code
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(address)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        rows.append(
            {
                "page": label,
                "status": status,
                "median_ms": statistics.median(times),
                "queries": len(queries),
            }
        )
    return rows


class Command(BaseCommand):
    help = "Time the dashboards at 1× and 10× demo data in throw-away databases."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=REPEAT)
        parser.add_argument("--scales", default=",".join(str(s) for s in SCALES))
        # Internal: run inside the bench database and print JSON.
        parser.add_argument("--measure", action="store_true", help="(internal)")

    def handle(self, *args, repeat: int, scales: str, measure: bool, **options):
        if measure:
            self.stdout.write(json.dumps(_measure(repeat)))
            return
        self.repeat = repeat
        results = {}
        for scale in [int(s) for s in scales.split(",")]:
            results[scale] = self._run_scale(scale, repeat)
        self._print(results)

    def _run_scale(self, scale: int, repeat: int) -> dict:
        folder = tempfile.mkdtemp(prefix=f"profinfo-bench-{scale}x-")
        env = {**os.environ, "PROFINFO_VAR_DIR": folder, "DEBUG": "1"}
        env.pop("REDIS_URL", None)  # the embedded file cache and broker, in the folder
        url = os.environ.get("DATABASE_URL", "")
        dropper = None
        if url.startswith("postgres"):
            parsed = urlparse(url)
            name = f"profinfo_bench_{scale}x"
            env["DATABASE_URL"] = urlunparse(parsed._replace(path=f"/{name}"))
            dropper = self._postgres_database(parsed, name)
        else:
            env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

        def run(*command: str) -> str:
            done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
                [*manage, *command], env=env, capture_output=True, text=True, check=False
            )
            if done.returncode:
                raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
            return done.stdout

        try:
            self.stdout.write(f"scale {scale}×: building a fresh database in {folder} …")
            run("migrate", "--noinput", "-v0")
            run("load_seed")
            started = time.monotonic()
            run("load_demo", "--scale", str(scale))
            loaded = time.monotonic() - started
            self.stdout.write(f"scale {scale}×: demo data loaded in {loaded:.0f} s; measuring …")
            rows = json.loads(run("bench", "--measure", "--repeat", str(repeat)).splitlines()[-1])
        finally:
            if dropper:
                dropper()
        return {"rows": rows, "load_s": loaded}

    def _postgres_database(self, parsed, name: str):
        import psycopg2

        def connect():
            connection = psycopg2.connect(
                dbname="postgres",
                user=parsed.username,
                password=parsed.password,
                host=parsed.hostname,
                port=parsed.port or 5432,
            )
            connection.autocommit = True
            return connection

        def execute(*statements: str) -> None:
            # Not `with connection`: psycopg2 opens a transaction block there,
            # and CREATE/DROP DATABASE refuse to run inside one.
            connection = connect()
            try:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
            finally:
                connection.close()

        execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')

        def drop():
            execute(f'DROP DATABASE IF EXISTS "{name}"')

        return drop

    def _print(self, results: dict) -> None:
        scales = list(results)
        low, high = scales[0], scales[-1]
        vendor = (
            "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        )
        self.stdout.write("")
        self.stdout.write(
            f"Benchmark {time.strftime('%Y-%m-%d')} on {platform.node()} "
            f"({platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, {vendor}); "
            f"median of {self.repeat} requests after {WARMUP} warm-ups."
        )
        self.stdout.write(
            "demo load: " + ", ".join(f"{s}× {results[s]['load_s']:.0f} s" for s in scales)
        )
        header = (
            f"| page | ms at {low}× | ms at {high}× | ratio | queries at {low}× "
            f"| queries at {high}× |"
        )
        self.stdout.write(header)
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: |")
        by_page = {s: {row["page"]: row for row in results[s]["rows"]} for s in scales}
        for page, row in by_page[low].items():
            other = by_page[high].get(page)
            if other is None:
                continue
            ratio = other["median_ms"] / row["median_ms"] if row["median_ms"] else 0
            self.stdout.write(
                f"| {page} | {row['median_ms']:.1f} | {other['median_ms']:.1f} | {ratio:.2f} "
                f"| {row['queries']} | {other['queries']} |"
            )
        bad = [r["page"] for s in scales for r in results[s]["rows"] if r["status"] != 200]
        if bad:
            self.stdout.write(f"not answered with 200: {sorted(set(bad))}")
        for scale in scales:
            dashboard = by_page[scale]["region dashboard (press)"]["median_ms"]
            admin = by_page[scale]["admin: planned posts"]["median_ms"]
            verdict = "no slower" if dashboard <= admin else "SLOWER"
            self.stdout.write(
                f"at {scale}×: region dashboard {dashboard:.1f} ms vs admin change list of "
                f"planned posts {admin:.1f} ms — {verdict}"
            )
