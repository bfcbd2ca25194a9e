"""The weekly audit: idempotent, telling people once about a worse verdict."""

from datetime import date

import pytest
from django.core.management import call_command

from branches import services
from branches.models import PageAudit
from branches.tasks import run_audit_task
from config.celery import app
from portal.models import Notification

from .factories import SnapshotFactory, SocialPageFactory

WEEK1, WEEK2 = date(2025, 12, 1), date(2025, 12, 8)


@pytest.fixture
def branch_page(world):
    page = SocialPageFactory(branch=world.branch)
    SnapshotFactory(page=page, measured_on=WEEK1, last_own_post=date(2025, 11, 30))
    return page


def test_running_twice_for_a_date_makes_one_audit(branch_page):
    services.audit_run(as_of=WEEK1)
    services.audit_run(as_of=WEEK1)
    assert PageAudit.objects.filter(page=branch_page).count() == 1
    services.audit_run(as_of=WEEK2)
    assert PageAudit.objects.filter(page=branch_page).count() == 2


def test_a_worse_verdict_tells_press_and_the_branch_chair_once(world, branch_page):
    services.audit_run(as_of=WEEK1)
    assert not Notification.objects.exists()
    SnapshotFactory(
        page=branch_page,
        measured_on=WEEK2,
        posts_30d=10,
        own_posts=1,
        reposts=9,
        last_own_post=date(2025, 12, 7),
    )
    run = services.audit_run(as_of=WEEK2)
    assert [audit.verdict for audit in run.worse] == ["irregular"]
    services.audit_run(as_of=WEEK2)
    told = Notification.objects.order_by("user__username")
    assert [n.user.username for n in told] == ["chair", "press"]
    assert "стала хуже" in told[0].title and "активная → нерегулярная" in told[0].title
    assert told[0].url == branch_page.get_absolute_url()
    # chair2 and the other region's press secretary are not told.


def test_a_better_verdict_tells_nobody(world, branch_page):
    SnapshotFactory(page=branch_page, measured_on=date(2025, 11, 1), own_posts=0, reposts=10)
    services.audit_run(as_of=date(2025, 11, 1))
    services.audit_run(as_of=WEEK1)
    assert not Notification.objects.exists()


def test_closed_pages_are_not_audited(branch_page):
    branch_page.lifecycle = "closed"
    branch_page.save()
    assert services.audit_run(as_of=WEEK1).audited == 0


def test_the_command_runs_the_same_code(branch_page, capsys):
    call_command("run_audit", "--as-of", "2025-12-01")
    assert "страниц — 1" in capsys.readouterr().out
    assert PageAudit.objects.get(page=branch_page).as_of == WEEK1


def test_the_command_refuses_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("run_audit", "--as-of", "01.12.2025")


def test_the_audit_is_scheduled_every_monday():
    entry = app.conf.beat_schedule["page-audit-weekly"]
    assert entry["task"] == run_audit_task.name
    assert entry["schedule"].day_of_week == {1}


@pytest.mark.celery_worker
def test_the_weekly_task_on_a_real_worker(celery_worker, branch_page):
    result = run_audit_task.apply_async(args=["2025-12-01"], queue=celery_worker.queue)
    assert result.get(timeout=60) == {"as_of": "2025-12-01", "audited": 1, "worse": 0}
    again = run_audit_task.apply_async(args=["2025-12-01"], queue=celery_worker.queue)
    assert again.get(timeout=60)["audited"] == 1
    assert PageAudit.objects.filter(page=branch_page).count() == 1
