"""`load_demo`: the demo of the union of every first `make run`, dated to the
day it runs, loaded once, and never without DEBUG."""

from __future__ import annotations

import datetime
import io
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max, Min, Sum
from django.urls import reverse
from django.utils import timezone

from branches.models import PageAudit, PageSnapshot, SocialPage
from branches.rules import THRESHOLDS
from branches.seed import REPORT_DATE
from contentplan.models import MonthlyPlan, PlannedPost
from dashboards.models import DemoPart
from dashboards.selectors import followers_by_day, last_months, percent, plan_figures
from materials.models import Submission
from portal import dates
from portal.models import PrimaryOrganisation, Region, User
from portal.seed import REGION_NAME
from questions.models import Question

BASE_DIR = Path(__file__).resolve().parents[2]
# A day far from the machine's clock: whatever the demo dates, it dates from here.
TODAY = datetime.date(2027, 3, 10)


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True  # the embedded default of `make run`
    call_command("load_seed", stdout=io.StringIO())
    call_command("load_demo_users", stdout=io.StringIO())
    return Region.objects.get(name=REGION_NAME)


def test_the_demo_is_dated_to_the_day_it_runs(seeded):
    _load("--today", TODAY.isoformat())
    demo_regions = Region.objects.filter(is_demo=True)
    assert demo_regions.count() >= 5
    for region in demo_regions:
        # Marked demo by name (the badge follows is_demo), with believable sizes.
        assert region.short_name.endswith("(демо)")
        members = PrimaryOrganisation.objects.filter(branch__region=region).aggregate(
            total=Sum("members")
        )["total"]
        assert 10_000 <= members <= 80_000, region
        assert 8 <= region.branches.count() <= 20
        assert region.pages.count() >= 10
    year_ago = TODAY - datetime.timedelta(days=366)
    for region in Region.objects.all():
        # Plans: the year up to this month, and the next one ahead.
        months = region.plans.filter(is_demo=True).aggregate(first=Min("month"), last=Max("month"))
        assert months == {
            "first": dates.add_months(TODAY, -11),
            "last": dates.add_months(TODAY, 1),
        }, region
        posts = PlannedPost.objects.filter(plan__region=region, plan__month__lte=TODAY)
        assert posts.filter(status=PlannedPost.Status.PUBLISHED).exists()
        # Materials and questions of the year, none from the future.
        sent = Submission.objects.filter(branch__region=region).aggregate(
            first=Min("sent_at"), last=Max("sent_at")
        )
        assert year_ago <= timezone.localdate(sent["first"]) <= timezone.localdate(sent["last"])
        assert timezone.localdate(sent["last"]) < TODAY
        received = Question.objects.filter(region=region).aggregate(
            first=Min("received_at"), last=Max("received_at")
        )
        assert year_ago <= timezone.localdate(received["first"])
        assert timezone.localdate(received["last"]) < TODAY
        # Every open page measured today and audited as of today.
        for page in region.pages.exclude(lifecycle=SocialPage.Lifecycle.CLOSED):
            assert page.snapshots.aggregate(last=Max("measured_on"))["last"] == TODAY, page
            assert page.audits.order_by("-as_of").first().as_of == TODAY, page
        # The 90-day chart moves.
        table, _chart = followers_by_day(region=region, today=TODAY)
        totals = [row["total"] for row in table.rows]
        assert len(set(totals)) > 5, region
        # «Plan fulfilment, 12 months» is what the posts say.
        due = PlannedPost.objects.filter(
            plan__region=region, date__gte=last_months(TODAY)[0], date__lte=TODAY
        )
        published = due.filter(status=PlannedPost.Status.PUBLISHED).count()
        assert plan_figures(region=region, today=TODAY).fulfilment == percent(
            published, due.count()
        )
    assert not PageSnapshot.objects.filter(measured_on__gt=TODAY).exists()
    # The report's own figures keep their date and their source.
    report = PageSnapshot.objects.filter(measured_on=REPORT_DATE)
    assert report.count() == 14
    assert set(report.values_list("source", flat=True)) == {PageSnapshot.Source.REPORT}
    regional = report.filter(page__platform=SocialPage.Platform.FACEBOOK_PAGE, page__branch=None)
    assert regional.get().followers == 6200
    demo = PageSnapshot.objects.filter(page__region=seeded).exclude(measured_on=REPORT_DATE)
    assert set(demo.values_list("source", flat=True)) == {PageSnapshot.Source.DEMO}


def test_a_later_run_loads_nothing_and_loses_nothing(seeded, client_for):
    # An interrupted first run: two regions made it.
    _load("--regions", "2")
    assert Region.objects.filter(is_demo=True).count() == 2
    _load()
    assert Region.objects.filter(is_demo=True).count() == 6
    assert DemoPart.objects.count() == 7  # six regions and the report region's year
    post = PlannedPost.objects.filter(plan__region__is_demo=True).first()
    post.title = "Правка пресс-секретаря"
    post.save()
    counted = [Region, MonthlyPlan, PlannedPost, PageSnapshot, PageAudit, Submission, Question]
    before = [model.objects.count() for model in counted]

    assert "уже загружены" in _load()

    assert [model.objects.count() for model in counted] == before
    post.refresh_from_db()
    assert post.title == "Правка пресс-секретаря"
    # On the clock of the run, no verdict is stale and the plan's card agrees.
    press = User.objects.get(username="press")
    page = client_for(press).get(reverse("branches:audit_table"))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 14
    assert 'data-testid="stale"' not in page.content.decode()
    limit = timezone.localdate() - datetime.timedelta(days=THRESHOLDS.measurement_valid_days)
    assert not SocialPage.objects.exclude(audits__as_of__gte=limit).exists()


def test_without_debug_it_refuses_and_loads_nothing(seeded, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _load()
    assert not Region.objects.filter(is_demo=True).exists()
    assert not DemoPart.objects.exists()


def test_a_wrong_day_is_refused_in_russian_and_loads_nothing(seeded):
    with pytest.raises(CommandError, match=re.escape("ГГГГ-ММ-ДД, а не «10.03.2027»")):
        _load("--today", "10.03.2027")
    assert not Region.objects.filter(is_demo=True).exists()


def _prepare_recipe() -> list[str]:
    """The command lines of the Makefile's `prepare` target."""
    lines = (BASE_DIR / "Makefile").read_text().splitlines()
    start = lines.index(next(line for line in lines if line.startswith("prepare:")))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def _run_prepare(folder: Path, demo: str | None, *, only: str = "") -> None:
    """Run `prepare` as make would (its lines that contain `only`), over an
    embedded database of its own."""
    variables = {"PY": sys.executable, "DEMO": demo or "1"}
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(PROFINFO_VAR_DIR=str(folder), DEBUG="1")
    for line in _prepare_recipe():
        if only not in line:
            continue
        command = re.sub(r"\$\((\w+)\)", lambda m: variables[m.group(1)], line)
        done = subprocess.run(  # noqa: S602 - the Makefile's own lines
            command, shell=True, cwd=BASE_DIR, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def _regions(folder: Path) -> tuple[int, int]:
    with sqlite3.connect(folder / "profinfo.sqlite3") as database:
        regions = database.execute("SELECT count(*) FROM portal_region").fetchone()[0]
        parts = database.execute("SELECT count(*) FROM dashboards_demopart").fetchone()[0]
    return regions, parts


def test_make_run_with_demo_0_starts_with_the_reports_region_alone(tmp_path):
    _run_prepare(tmp_path, demo="0")
    assert _regions(tmp_path) == (1, 0)
    # The default, later: the demo joins the report's region (the other lines
    # of `prepare` have run above and change nothing when run again).
    _run_prepare(tmp_path, demo=None, only="DEMO")
    assert _regions(tmp_path) == (7, 7)
