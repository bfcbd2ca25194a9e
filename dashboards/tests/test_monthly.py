"""The «Справка» writes itself: on the 1st at 09:00 (Asia/Almaty) last month's
report of every region is written and sent, once per region and month, to the
region's press secretaries and leader and to the central committee.

The clock is passed in (`now`); no test waits for a real 1st of the month.
"""

from __future__ import annotations

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import broker_at, require
from dashboards import jobs, monthly
from dashboards.models import ReportJob
from dashboards.report.blocks import plain_text
from dashboards.report.generate import report_generate, report_request
from dashboards.tasks import monthly_reports_task
from portal.infrastructure import outbox
from portal.models import Notification, OutboxEmail, User
from portal.tests.factories import UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ALMATY)
NOVEMBER = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


@pytest.fixture
def leader(world) -> User:
    return UserFactory(username="leader", role=User.Role.PRESS, region=world.region, is_leader=True)


def expected_recipients(world, leader) -> dict[int, set[str]]:
    central = {world.users["central"].email}
    return {
        world.region.pk: {world.users["press"].email, leader.email} | central,
        world.other_region.pk: {world.users["other_press"].email} | central,
        None: central,  # the whole union's report
    }


def write_all(job_ids) -> None:
    for job_id in job_ids:
        report_generate(job_id=job_id)


@pytest.mark.parametrize(
    ("moment", "owed"),
    [
        (datetime.datetime(2026, 12, 1, 8, 59, tzinfo=ALMATY), None),
        (datetime.datetime(2026, 12, 1, 9, 0, tzinfo=ALMATY), datetime.date(2026, 11, 1)),
        # 09:00 in Almaty is 04:00 UTC: the moment counts in Almaty's time.
        (datetime.datetime(2026, 12, 1, 4, 0, tzinfo=datetime.UTC), datetime.date(2026, 11, 1)),
        (datetime.datetime(2026, 12, 1, 3, 59, tzinfo=datetime.UTC), None),
        (datetime.datetime(2026, 12, 6, 15, 0, tzinfo=ALMATY), datetime.date(2026, 11, 1)),
        (datetime.datetime(2027, 1, 1, 9, 0, tzinfo=ALMATY), datetime.date(2026, 12, 1)),
    ],
)
def test_the_month_owed_is_the_last_one_from_nine_on_the_first(moment, owed):
    assert monthly.owed_month(moment) == owed


def test_last_months_report_is_written_and_sent_once_per_region_and_month(world, leader):
    first = monthly.monthly_reports_request(now=NOW)
    assert {job.region_id for job in first} == {world.region.pk, world.other_region.pk, None}
    for job in first:
        assert (job.period_start, job.period_end) == NOVEMBER
        assert job.status == ReportJob.Status.QUEUED and job.requested_by is None
    # A second beat, a rerun an hour later, a retried task: nothing new.
    assert monthly.monthly_reports_request(now=NOW) == []
    assert monthly.monthly_reports_request(now=NOW + datetime.timedelta(hours=5)) == []
    assert monthly_reports_task.apply(kwargs={"now": NOW.isoformat()}).get() == 0
    assert ReportJob.objects.count() == 3

    write_all(job.pk for job in first)
    write_all(job.pk for job in first)  # a task delivered twice finds nothing to take
    for job in first:
        job.refresh_from_db()
        assert job.status == ReportJob.Status.DONE and job.attempts == 1 and job.file
        assert monthly.monthly_report_announce(job=job) == 0  # told already

    for region_id, addresses in expected_recipients(world, leader).items():
        job = ReportJob.objects.get(region_id=region_id)
        link = reverse("dashboards:report_detail", args=[job.pk])
        notes = Notification.objects.filter(key=f"report:{job.monthly_key}")
        assert sorted(note.user.email for note in notes) == sorted(addresses)
        assert {note.url for note in notes} == {link}
        assert all("ноябрь 2026" in note.title.lower() for note in notes)
        letters = OutboxEmail.objects.filter(notification__in=notes)
        assert sorted(letter.to for letter in letters) == sorted(addresses)
        assert all(link in letter.body for letter in letters)
    # Nobody without the region: the other region's press secretary hears
    # only of their own region's report, a chair of nothing.
    assert not Notification.objects.filter(user=world.users["chair"]).exists()
    assert Notification.objects.filter(user=world.users["other_press"]).count() == 1


def test_the_next_month_brings_the_next_report(world, leader):
    write_all(job.pk for job in monthly.monthly_reports_request(now=NOW))
    january = datetime.datetime(2027, 1, 1, 9, 0, tzinfo=ALMATY)
    december = monthly.monthly_reports_request(now=january)
    assert len(december) == 3
    assert {(job.period_start, job.period_end) for job in december} == {
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    }
    write_all(job.pk for job in december)
    assert Notification.objects.filter(user=world.users["central"]).count() == 6


def test_before_nine_on_the_first_nothing_is_asked_for(world):
    assert monthly.monthly_reports_request(now=NOW - datetime.timedelta(minutes=1)) == []
    assert not ReportJob.objects.exists()


def test_a_report_people_asked_for_announces_nothing(world, leader):
    job = report_request(
        user=world.users["press"], region=world.region, start=NOVEMBER[0], end=NOVEMBER[1]
    )
    assert report_generate(job_id=job.pk) == "done"
    assert not Notification.objects.exists() and not OutboxEmail.objects.exists()


def test_the_beat_asks_at_nine_on_the_first_and_again_until_the_seventh():
    from config.celery import app

    entry = app.conf.beat_schedule["monthly-reports"]
    assert entry["task"] == "dashboards.tasks.monthly_reports_task"
    schedule = entry["schedule"]
    assert schedule.day_of_month == set(range(1, 8))
    assert min(schedule.hour) == 9 and schedule.minute == {0}
    assert app.conf.timezone == "Asia/Almaty"


def test_redis_down_delays_the_monthly_report_and_loses_nothing(
    world, leader, redis_server, django_capture_on_commit_callbacks
):
    with broker_at(redis_server.url):
        redis_server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            created = monthly.monthly_reports_request(now=NOW)
        assert len(created) == 3  # recorded, though nothing could be sent
        # The sweep sends them again for as long as the broker is away (the
        # jobs were queued by the machine's clock, which the sweep reads).
        later = timezone.now() + datetime.timedelta(minutes=3)
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.sweep(now=later) == {"requeued": 3, "failed": 0}
        # A worker takes them once Redis is back; the letters wait in the outbox.
        with django_capture_on_commit_callbacks(execute=True):
            write_all(job.pk for job in created)
        letters = OutboxEmail.objects.filter(sent_at__isnull=True)
        assert letters.count() == 6  # 3 for the first region, 2 for the other, 1 union's
        redis_server.start()
        assert outbox.deliver_due() == {"due": 6, "sent": 6}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        address
        for addresses in expected_recipients(world, leader).values()
        for address in addresses
    )


def run_together(target, times: int = 2) -> list:
    """Run `target` in `times` threads released at the same moment, each on its
    own database connection; their results, or the first error raised."""
    barrier = threading.Barrier(times)
    results: list = []
    errors: list = []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(target())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]
    return results


def test_two_runs_at_once_write_one_report_and_one_letter_per_recipient(
    transactional_db, world, leader, redis_server
):
    require(connection.vendor == "postgresql", "concurrent runs need PostgreSQL")
    with broker_at(redis_server.url):
        runs = run_together(lambda: monthly.monthly_reports_request(now=NOW))
        assert sum(len(created) for created in runs) == 3  # each by one run
        assert ReportJob.objects.count() == 3
        # One task message per job, though two runs asked for them.
        assert redis_server.queued() == 3
        ids = list(ReportJob.objects.values_list("pk", flat=True))
        run_together(lambda: write_all(ids))
    assert ReportJob.objects.filter(status=ReportJob.Status.DONE).count() == 3
    for region_id, addresses in expected_recipients(world, leader).items():
        job = ReportJob.objects.get(region_id=region_id)
        notes = Notification.objects.filter(key=f"report:{job.monthly_key}")
        assert sorted(note.user.email for note in notes) == sorted(addresses)
        letters = OutboxEmail.objects.filter(notification__in=notes)
        assert sorted(letter.to for letter in letters) == sorted(addresses)


def test_the_command_asks_once_and_refuses_a_moment_that_is_not_one(world):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("request_monthly_reports", "--now", "2026-12-01T09:00", stdout=out)
    call_command("request_monthly_reports", "--now", "2026-12-01T09:30", stdout=out)
    assert out.getvalue().splitlines() == [
        "Справок за 11.2026 запрошено: 3.",
        "Справок за 11.2026 запрошено: 0.",
    ]
    with pytest.raises(CommandError, match="Не дата и время ISO"):
        call_command("request_monthly_reports", "--now", "1 декабря")
    assert ReportJob.objects.count() == 3


def test_the_whole_unions_report_is_for_the_central_committee(world, leader, client_for, settings):
    write_all(job.pk for job in monthly.monthly_reports_request(now=NOW))
    union = ReportJob.objects.get(region__isnull=True)
    assert union.status == ReportJob.Status.DONE and union.monthly_key == "monthly:2026-11:union"
    text = plain_text(union.content)
    assert "об организации информационной работы в областных организациях Профсоюза" in text
    assert "Профсоюз объединяет 2 областные организации, 3 филиала" in text
    for region in (world.region, world.other_region):
        assert f"{region.short_name}: подписчики страниц областной организации не измерены" in text
    assert "Контент-план в портале за период не вёлся в 2 областных организациях из 2" in text
    central = client_for(world.users["central"])
    for language, whole in (
        ("ru", "весь профсоюз"),
        ("kk", "бүкіл кәсіподақ"),
        ("en", "the whole union"),
    ):
        central.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        detail = central.get(reverse("dashboards:report_detail", args=[union.pk]))
        assert detail.status_code == 200 and whole in detail.content.decode()
        printable = central.get(reverse("dashboards:report_print", args=[union.pk]))
        assert printable.status_code == 200
        # The document itself is Russian whatever the reader's language.
        assert "Профсоюз объединяет 2 областные организации" in printable.content.decode()
    download = central.get(reverse("dashboards:report_download", args=[union.pk]))
    assert download.status_code == 200
    assert "spravka-union-20261101-20261130.docx" in download["Content-Disposition"]
    press = client_for(world.users["press"])
    assert press.get(reverse("dashboards:report_detail", args=[union.pk])).status_code == 404
    # The region's own report stays the press secretary's to open.
    own = ReportJob.objects.get(region=world.region)
    assert press.get(reverse("dashboards:report_detail", args=[own.pk])).status_code == 200
