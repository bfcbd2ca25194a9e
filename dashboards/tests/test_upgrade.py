"""An installation running de607df upgrades to this tree with every row and file kept.

Commit ef7d1e3 moved models between apps without moving data: the
submissions, their photos and events from `contentplan` to `materials`, the
monthly figures from `contentplan` and the report jobs from `portal` to
`dashboards`; their tables are renamed, their content types relabelled.
de607df is the layout installations run today, so this is the upgrade they
will make.

The test builds such an installation for real: it exports the tree of
de607df, and with that code, in a database and a media folder of their own,
runs `migrate`, `load_seed`, `load_demo --scale 1` and then sends materials
with real JPEG photos through the old services, reviews one, checks one
against the standard and writes a report (a DOCX) — so that files exist under
MEDIA_ROOT and rows point at them. It records every table (row count and a
digest of its rows), every foreign key, the content types, permissions and
applied migrations, and every stored file (size and SHA-256).

Then this tree's `manage.py migrate` runs against the same database and
folder, and the test proves:

- no table is lost: each old table exists under its name, or under its new
  name for the five renamed ones, and no table keeps an old name;
- every table holds the same rows (count and content digest); only the
  monthly figures are counted again by `dashboards` 0002 and may change their
  keys — their content must not change; Django's own bookkeeping
  (migrations, content types, permissions) only grows;
- the content types are relabelled, not duplicated: the moved models keep
  their content type ids (so their permissions and admin history), under
  the new app label, and no content type of a moved model is made anew;
- every foreign key still exists and points at the renamed table, and the
  database finds no broken reference;
- every file is still there with the same size and content;
- the new code reads the moved rows through the ORM (the photos open as
  images, the report's file exists, the standard check reaches its
  submission, the figures are there) and writes new ones with fresh keys;
- `migrate --check` and `makemigrations --check` are clean afterwards.

It runs on SQLite, or on PostgreSQL when the test run's database is
PostgreSQL: then in a throw-away database (same server and role) that is
dropped at the end. It needs git and the commit de607df in the clone (a CI
checkout must fetch the history).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import require

pytestmark = pytest.mark.upgrade

ROOT = Path(__file__).resolve().parents[2]
OLD_COMMIT = "de607df"

# Old table -> new table (ef7d1e3).
RENAMED = {
    "contentplan_submission": "materials_submission",
    "contentplan_submissionphoto": "materials_submissionphoto",
    "contentplan_submissionevent": "materials_submissionevent",
    "contentplan_monthfigure": "dashboards_monthfigure",
    "portal_reportjob": "dashboards_reportjob",
}
# Old content type -> new content type.
RELABELLED = {
    ("contentplan", "submission"): ("materials", "submission"),
    ("contentplan", "submissionphoto"): ("materials", "submissionphoto"),
    ("contentplan", "submissionevent"): ("materials", "submissionevent"),
    ("contentplan", "monthfigure"): ("dashboards", "monthfigure"),
    ("portal", "reportjob"): ("dashboards", "reportjob"),
}
# Django's bookkeeping, which the new tree's migrations and models add to.
GROWING = {"django_migrations", "django_content_type", "auth_permission"}

# Environment of the test run that must not reach the installation's processes.
NOT_PASSED_ON = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "PROFINFO_VAR_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

# What an installation of de607df holds besides the demo data: materials sent
# by a chair with photos (through the old services), one taken into review
# and accepted into the plan, one checked against the standard, and a
# finished report job with its DOCX.
FILL_OLD = r"""
import datetime
import io
import json

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from brand.models import StandardItem
from brand.services import standard_check_save
from contentplan import services
from contentplan.models import Rubric
from portal.dashboards.report import report_generate, report_request
from portal.models import User

call_command("load_demo_users", stdout=io.StringIO())


def jpeg(name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


chair = User.objects.get(username="chair")
press = User.objects.get(username="press")
rubric = Rubric.objects.order_by("pk").first()
today = datetime.date.today()
sent = [
    services.submission_create(
        user=chair,
        data=services.SubmissionData(
            title=f"Upgrade material {n}",
            text="A material sent before the upgrade.",
            event_date=today - datetime.timedelta(days=n),
            consent=True,
            rubric=rubric,
        ),
        uploads=[jpeg(f"photo-{n}-{k}.jpg", (60 * n, 90, 120 * k)) for k in range(2)],
    )
    for n in range(3)
]
taken = services.submission_take(submission=sent[0], user=press, version=sent[0].version)
services.submission_accept(
    submission=taken, user=press, version=taken.version, date=today, rubric=rubric
)
items = {item.pk: True for item in StandardItem.objects.filter(is_active=True)}
check = standard_check_save(user=press, answers=items, submission=sent[1]) if items else None
job = report_request(user=press, region=press.region, start=today.replace(day=1), end=today)
print(json.dumps({
    "report": report_generate(job_id=job.pk),
    "submissions": [s.title for s in sent],
    "standard_check": bool(check),
}))
"""

# Everything the database holds, the same way in either tree. argv[1] (JSON)
# names, per table, the columns whose rows are digested (the old tree's, so
# that a column a migration adds does not count); without it, all columns.
SNAPSHOT = r"""
import hashlib
import json
import sys

import django

django.setup()

from django.db import connection

# Counted again by `dashboards` 0002 (delete and insert): same rows, new keys.
REBUILT = {"contentplan_monthfigure", "dashboards_monthfigure"}
# Values a data migration renames (`contentplan` 0009: the plan's Facebook
# channel takes its network's code), read as the new name on both sides.
RECODED = {"contentplan_channel": {"code": {"facebook": "facebook_page"}}}
wanted = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
qn = connection.ops.quote_name
introspection = connection.introspection
out = {"tables": {}, "foreign_keys": []}
with connection.cursor() as cursor:
    for table in sorted(introspection.table_names(cursor)):
        present = sorted(c.name for c in introspection.get_table_description(cursor, table))
        columns = wanted.get(table, present)
        if table in REBUILT:
            columns = [c for c in columns if c != "id"]
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
        count = cursor.fetchone()[0]
        digest = None
        if set(columns) <= set(present):
            cursor.execute(f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(table)}")
            recoded = RECODED.get(table, {})
            rows = sorted(
                repr(tuple(recoded.get(c, {}).get(v, v) for c, v in zip(columns, row)))
                for row in cursor.fetchall()
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        out["tables"][table] = {"rows": count, "columns": columns, "digest": digest}
        for constraint in introspection.get_constraints(cursor, table).values():
            if constraint["foreign_key"]:
                out["foreign_keys"].append(
                    [table, constraint["columns"], *constraint["foreign_key"]]
                )
    cursor.execute("SELECT id, app_label, model FROM django_content_type")
    out["content_types"] = sorted(cursor.fetchall())
    cursor.execute("SELECT content_type_id, codename FROM auth_permission")
    out["permissions"] = sorted(cursor.fetchall())
    cursor.execute("SELECT app, name FROM django_migrations")
    out["migrations"] = sorted(cursor.fetchall())
print(json.dumps(out))
"""

# The new code reads what the old one wrote, and writes after it.
READ_NEW = r"""
import datetime
import io
import json

import django

django.setup()

from django.db import connection, transaction
from django.db.models import Max
from PIL import Image

from brand.models import StandardCheck
from dashboards.models import MonthFigure, ReportJob
from materials.models import Submission, SubmissionEvent, SubmissionPhoto
from portal.models import User

facts = {
    "submissions": Submission.objects.count(),
    "events": SubmissionEvent.objects.count(),
    "month_figures": MonthFigure.objects.count(),
    "demo_users": sorted(User.objects.filter(is_demo=True).values_list("username", flat=True)),
}
uploaded = Submission.objects.filter(title__startswith="Upgrade material")
facts["uploaded"] = {
    s.title: {
        "status": s.status,
        "events": s.events.count(),
        "post": s.post.title if s.post_id else None,
        "branch": s.branch.name,
    }
    for s in uploaded.select_related("branch", "post")
}
photos = []
for photo in SubmissionPhoto.objects.filter(submission__in=uploaded).select_related("submission"):
    for file in (photo.image, photo.thumbnail):
        with file.open("rb") as handle:
            data = handle.read()
        image = Image.open(io.BytesIO(data))
        image.verify()
        photos.append([photo.submission.title, file.name, len(data), image.format])
facts["photos"] = sorted(photos)
facts["photos_on_post"] = SubmissionPhoto.objects.filter(
    submission__in=uploaded, post__isnull=False
).count()
facts["reports"] = [
    [job.status, job.region.name, job.file.name, job.file.storage.exists(job.file.name),
     job.file.size if job.file else None]
    for job in ReportJob.objects.select_related("region")
]
facts["checks"] = [
    check.submission.title
    for check in StandardCheck.objects.filter(submission__isnull=False).select_related("submission")
]

# New rows get keys after the old ones (the sequences followed the tables).
before = {
    "submission": Submission.objects.aggregate(top=Max("pk"))["top"],
    "event": SubmissionEvent.objects.aggregate(top=Max("pk"))["top"],
    "report": ReportJob.objects.aggregate(top=Max("pk"))["top"],
}
with transaction.atomic():
    old = uploaded.select_related("branch").first()
    new = Submission.objects.create(
        branch=old.branch, title="After the upgrade", text="-",
        event_date=datetime.date.today(), consent=True,
    )
    event = SubmissionEvent.objects.create(submission=new, to_status=new.status)
    job = ReportJob.objects.create(
        region=old.branch.region, period_start=datetime.date.today(),
        period_end=datetime.date.today(),
    )
    facts["new_keys_after_old"] = (
        new.pk > before["submission"] and event.pk > before["event"] and job.pk > before["report"]
    )
    transaction.set_rollback(True)
connection.check_constraints()  # SQLite: PRAGMA foreign_key_check
print(json.dumps(facts))
"""


def _environment(database_url: str, var: Path) -> dict[str, str]:
    """The installation's environment, as its environment file holds it: no
    settings module, which each tree names for itself."""
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    return {
        **env,
        "DATABASE_URL": database_url,
        "PROFINFO_VAR_DIR": str(var),
        "MEDIA_ROOT": str(var / "media"),
        "DEBUG": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _settings_module(tree: Path) -> str:
    """The settings the tree's manage.py starts with: portal.settings in
    de607df, config.settings since the configuration moved to config/."""
    found = re.search(
        r"""["']DJANGO_SETTINGS_MODULE["'],\s*["']([\w.]+)["']""", (tree / "manage.py").read_text()
    )
    assert found, f"{tree}/manage.py names no settings module"
    return found[1]


def _run(tree: Path, env: dict[str, str], *args: str, timeout: int = 600) -> str:
    """Run `python <args>` in `tree` with the tree's own settings; its standard
    output, or the test fails with both."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, *args],
        cwd=tree,
        env={**env, "DJANGO_SETTINGS_MODULE": _settings_module(tree)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    label = " ".join(a if len(a) < 60 else "<script>" for a in args)
    print(f"[{tree.name}] {label}: {time.monotonic() - started:.1f} s")
    if result.returncode != 0:
        pytest.fail(
            f"`{label}` in {tree} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}",
            pytrace=False,
        )
    return result.stdout


def _last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def _files(media: Path) -> dict[str, list]:
    return {
        str(path.relative_to(media)): [
            path.stat().st_size,
            hashlib.sha256(path.read_bytes()).hexdigest(),
        ]
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def _old_tree(target: Path) -> Path:
    git = shutil.which("git")
    require(git is not None, "git is not installed")
    inside = subprocess.run(
        [git, "-C", str(ROOT), "rev-parse", "--show-toplevel"], capture_output=True, text=True
    )
    require(inside.returncode == 0, f"{ROOT} is not a git clone: {inside.stderr.strip()}")
    found = subprocess.run(
        [git, "-C", str(ROOT), "cat-file", "-e", f"{OLD_COMMIT}^{{commit}}"], capture_output=True
    )
    require(
        found.returncode == 0,
        f"commit {OLD_COMMIT} is not in the clone (a shallow checkout? fetch the history)",
    )
    top = Path(inside.stdout.strip())
    target.mkdir()
    archive = subprocess.run(
        [git, "-C", str(top), "archive", OLD_COMMIT], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


@pytest.fixture
def upgrade_database(tmp_path, settings):
    """A fresh database for the old installation: SQLite in the test's folder,
    or, when the test run uses PostgreSQL, a throw-away database on the same
    server with the same role (dropped at the end)."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith(".postgresql"):
        yield f"sqlite:///{tmp_path / 'installation.sqlite3'}"
        return

    import psycopg2
    from psycopg2 import sql

    credentials = {
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
    }

    def server():
        # The maintenance database, as Django's test runner does; or the run's own.
        try:
            connection = psycopg2.connect(dbname="postgres", **credentials)
        except psycopg2.OperationalError:
            connection = psycopg2.connect(dbname=db["NAME"], **credentials)
        connection.autocommit = True
        return connection

    name = f"profinfo_upgrade_{uuid.uuid4().hex[:10]}"
    connection = server()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    try:
        yield (
            f"postgres://{quote(credentials['user'], safe='')}:"
            f"{quote(credentials['password'], safe='')}"
            f"@{credentials['host']}:{credentials['port']}/{name}"
        )
    finally:
        connection = server()
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        finally:
            connection.close()


def test_an_installation_of_de607df_upgrades_with_every_row_and_file_kept(
    tmp_path, upgrade_database
):
    started = time.monotonic()
    old = _old_tree(tmp_path / "old")
    var = tmp_path / "var"
    media = var / "media"
    var.mkdir()
    env = _environment(upgrade_database, var)

    # --- The installation as it runs today ---------------------------------
    _run(old, env, "manage.py", "migrate", "--noinput", "-v0")
    _run(old, env, "manage.py", "load_seed")
    _run(old, env, "manage.py", "load_demo", "--scale", "1")
    filled = _last_json(_run(old, env, "-c", FILL_OLD))
    assert filled["report"] == "done"
    assert filled["standard_check"], "the seed has no standard items to check against"
    before = _last_json(_run(old, env, "-c", SNAPSHOT))
    files_before = _files(media)
    assert RENAMED.keys() <= before["tables"].keys()
    assert sum(1 for name in files_before if name.startswith("submissions/")) == 3 * 2 * 2
    assert sum(1 for name in files_before if name.startswith("reports/")) == 1

    # --- The upgrade -------------------------------------------------------
    _run(ROOT, env, "manage.py", "migrate", "--noinput")
    columns = {RENAMED.get(t, t): info["columns"] for t, info in before["tables"].items()}
    after = _last_json(_run(ROOT, env, "-c", SNAPSHOT, json.dumps(columns)))

    # No table lost, and no row.
    problems = []
    for table, old_info in before["tables"].items():
        new_table = RENAMED.get(table, table)
        new_info = after["tables"].get(new_table)
        if new_info is None:
            problems.append(f"{table}: lost (no {new_table})")
        elif table in GROWING:
            if new_info["rows"] < old_info["rows"]:
                problems.append(f"{table}: {old_info['rows']} rows, now {new_info['rows']}")
        elif new_info["rows"] != old_info["rows"]:
            problems.append(f"{new_table}: {old_info['rows']} rows before, {new_info['rows']} now")
        elif new_info["digest"] is None or new_info["digest"] != old_info["digest"]:
            problems.append(f"{new_table}: the rows' content changed")
    problems += [
        f"{table}: still under its old name" for table in RENAMED if table in after["tables"]
    ]
    assert not problems, "\n".join(problems)

    # Content types relabelled, with their ids; none made anew for a moved model.
    old_types = {(app, model): pk for pk, app, model in before["content_types"]}
    new_types = {(app, model): pk for pk, app, model in after["content_types"]}
    for key, pk in old_types.items():
        assert new_types.get(RELABELLED.get(key, key)) == pk, f"content type {key} lost its id"
    assert not RELABELLED.keys() & new_types.keys()
    made = new_types.keys() - {RELABELLED.get(key, key) for key in old_types}
    moved_models = {model for _, model in RELABELLED}
    assert not {model for _, model in made} & moved_models, f"made anew: {sorted(made)}"
    new_type_ids = {new_types[key] for key in made}
    old_permissions = {tuple(p) for p in before["permissions"]}
    new_permissions = {tuple(p) for p in after["permissions"]}
    assert old_permissions <= new_permissions
    assert {pk for pk, _ in new_permissions - old_permissions} <= new_type_ids
    assert {tuple(m) for m in before["migrations"]} <= {tuple(m) for m in after["migrations"]}

    # Every foreign key is still there, pointing at the renamed tables.
    def renamed(fk):
        table, columns, target, column = fk
        return (RENAMED.get(table, table), tuple(columns), RENAMED.get(target, target), column)

    old_keys = {renamed(fk) for fk in before["foreign_keys"]}
    new_keys = {renamed(fk) for fk in after["foreign_keys"]}
    assert old_keys <= new_keys, f"foreign keys lost: {sorted(old_keys - new_keys)}"
    assert not [fk for fk in after["foreign_keys"] if fk[2] in RENAMED]

    # Every file is still there, the same.
    assert _files(media) == files_before

    # The new code reads the moved rows, and writes after them.
    facts = _last_json(_run(ROOT, env, "-c", READ_NEW))
    assert facts["submissions"] == before["tables"]["contentplan_submission"]["rows"]
    assert facts["events"] == before["tables"]["contentplan_submissionevent"]["rows"]
    assert facts["month_figures"] == before["tables"]["contentplan_monthfigure"]["rows"] > 0
    assert set(facts["uploaded"]) == set(filled["submissions"])
    accepted = facts["uploaded"][filled["submissions"][0]]
    assert accepted["status"] == "accepted" and accepted["post"], accepted
    assert [item["events"] for item in facts["uploaded"].values()].count(1) == 2
    assert facts["photos_on_post"] == 2
    photo_files = {name for _, name, _, _ in facts["photos"]}
    assert photo_files == {name for name in files_before if name.startswith("submissions/")}
    assert all(size == files_before[name][0] for _, name, size, _ in facts["photos"])
    assert {fmt for *_, fmt in facts["photos"]} == {"JPEG"}
    [report] = facts["reports"]
    assert report[0] == "done", report
    assert report[3] and report[4] == files_before[report[2]][0], report
    assert facts["checks"] == [filled["submissions"][1]]
    assert facts["new_keys_after_old"]
    assert {"chair", "press"} <= set(facts["demo_users"])  # marked by portal 0010

    # Nothing left to migrate, nothing left out of the migrations.
    _run(ROOT, env, "manage.py", "migrate", "--check")
    _run(ROOT, env, "manage.py", "makemigrations", "--check", "--dry-run")
    print(f"upgrade test: {time.monotonic() - started:.0f} s on {upgrade_database.split(':')[0]}")
