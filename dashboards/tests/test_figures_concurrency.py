"""Rebuilds of one region's month at the same time: one after the other, never
an error; and a rebuild that fails after commit never fails the change.

Each rebuild deletes the month's rows and writes them again. Two at once on
PostgreSQL both inserted the same keys (`month_figure_unique`), and the error
escaped from the commit hook: a web edit answered 500 and a publication
already recorded as sent raised. On SQLite every writing transaction begins
IMMEDIATE (settings), which serialises the rebuilds there already; the tests
run on both.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from conftest import BASE_DIR, _database_url_of_test_database
from contentplan.models import PlannedPost
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from dashboards.models import MonthFigure
from portal.models import User
from portal.tests.factories import UserFactory

Status = PlannedPost.Status
MARCH = datetime.date(2026, 3, 1)
ROUNDS = 30

# A process of its own, as a web worker or a Celery worker is: it rebuilds the
# month `ROUNDS` times once the test says go, and prints the errors it met.
REBUILDER = """
import datetime, json, sys
import django
django.setup()
from dashboards import figures
region_id, rounds = int(sys.argv[1]), int(sys.argv[3])
month = datetime.date.fromisoformat(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
errors = []
for _ in range(rounds):
    try:
        figures.rebuild(region_id, month)
    except Exception as error:
        errors.append(repr(error))
print(json.dumps(errors), flush=True)
"""


def stored(region, month) -> dict:
    return {
        (row.kind, row.key): (row.posts, row.published, row.missed)
        for row in MonthFigure.objects.filter(region=region, month=month)
    }


@pytest.fixture
def month_of_posts(transactional_db, world):
    """A plan of March with posts of two rubrics on two days, committed."""
    events, advice = RubricFactory(name="Эфиры"), RubricFactory(name="Советы")
    plan = PlanFactory(region=world.region, month=MARCH)
    first = PostFactory(plan=plan, rubric=events, status=Status.IN_WORK, date=MARCH.replace(day=3))
    second = PostFactory(plan=plan, rubric=advice, status=Status.IN_WORK, date=MARCH.replace(day=9))
    PostFactory(plan=plan, rubric=advice, status=Status.MISSED, date=MARCH.replace(day=9))
    return world.region, (first, second), (events, advice)


def test_two_processes_rebuild_one_month_at_once_without_an_error(month_of_posts):
    region, _posts, (events, advice) = month_of_posts
    MonthFigure.objects.all().delete()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url_of_test_database(),
    }
    command = [sys.executable, "-c", REBUILDER, str(region.pk), MARCH.isoformat(), str(ROUNDS)]
    processes = [
        subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        # Both are set up and connected before either begins: the rebuilds overlap.
        for process in processes:
            line = process.stdout.readline()
            assert line == "ready\n", process.stderr.read()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    errors = []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        errors += json.loads(out)
    assert errors == [], f"{len(errors)} of {2 * ROUNDS} rebuilds failed: {errors[:3]}"
    assert stored(region, MARCH) == {
        ("rubric", events.pk): (1, 0, 0),
        ("rubric", advice.pk): (2, 0, 1),
        ("day", 3): (1, 0, 0),
        ("day", 9): (2, 0, 1),
    }


def test_two_people_change_posts_of_one_month_at_once(month_of_posts, world):
    """Two press secretaries' browsers, each moving a post of the same month
    between «in work» and «missed» at the same moment, round after round."""
    region, posts, (events, advice) = month_of_posts
    second_press = UserFactory(username="press2", role=User.Role.PRESS, region=region)
    people = [world.users["press"], second_press]
    rounds = 16
    barrier = threading.Barrier(2, timeout=60)
    answers: list[list[int]] = [[], []]
    failures: list[BaseException] = []
    clients = []
    for person, post in zip(people, posts, strict=True):
        client = Client(raise_request_exception=False)
        client.force_login(person, backend="portal.backends.ScopedModelBackend")
        # Each opens its post first, here: the first request of a client sets
        # up its middleware, which two threads must not do at once.
        assert client.get(post.get_absolute_url()).status_code == 200
        clients.append(client)

    def edit(index: int) -> None:
        post, client = posts[index], clients[index]
        try:
            for _ in range(rounds):
                version, status = PlannedPost.objects.values_list("version", "status").get(
                    pk=post.pk
                )
                target = Status.MISSED if status == Status.IN_WORK else Status.IN_WORK
                barrier.wait()
                response = client.post(
                    reverse("contentplan:post_status", args=[post.pk]),
                    {"version": version, "status": target},
                )
                answers[index].append(response.status_code)
        except BaseException as error:  # reported by the test's own thread
            failures.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    assert not failures, failures
    assert answers == [[302] * rounds, [302] * rounds]
    # An even number of moves each: both posts are back «in work».
    statuses = PlannedPost.objects.filter(pk__in=[post.pk for post in posts])
    assert set(statuses.values_list("status", flat=True)) == {Status.IN_WORK}
    assert stored(region, MARCH) == {
        ("rubric", events.pk): (1, 0, 0),
        ("rubric", advice.pk): (2, 0, 1),
        ("day", 3): (1, 0, 0),
        ("day", 9): (2, 0, 1),
    }


@contextmanager
def figures_refused():
    """The database refuses every figure written, so a rebuild fails for real
    (a trigger; the test's database must be committed to, `transactional_db`)."""
    table = MonthFigure._meta.db_table
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute(
                "CREATE FUNCTION test_refuse_figures() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'figures refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse_figures BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_figures()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuse_figures BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'figures refused'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if postgresql:
                cursor.execute(f"DROP TRIGGER test_refuse_figures ON {table}")
                cursor.execute("DROP FUNCTION test_refuse_figures()")
            else:
                cursor.execute("DROP TRIGGER test_refuse_figures")


def test_a_failing_rebuild_after_commit_leaves_the_change_and_the_answer(
    month_of_posts, world, client_for, caplog
):
    region, (post, _second), _rubrics = month_of_posts
    before = stored(region, MARCH)
    client = client_for(world.users["press"])
    client.raise_request_exception = False
    with figures_refused(), caplog.at_level(logging.ERROR, logger="dashboards.figures"):
        response = client.post(
            reverse("contentplan:post_status", args=[post.pk]),
            {"version": post.version, "status": Status.MISSED},
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.MISSED
    logged = [r for r in caplog.records if r.name == "dashboards.figures"]
    assert [r.levelno for r in logged] == [logging.ERROR]
    assert logged[0].exc_info and "figures refused" in str(logged[0].exc_info[1])
    assert f"plan {post.plan_id}" in logged[0].getMessage()
    # The failed rebuild is rolled back whole: the month keeps its rows until the night.
    assert stored(region, MARCH) == before
