"""Report jobs never hang: taken once, swept when nobody works on them, retried."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import jobs
from dashboards.models import ReportJob
from dashboards.report.generate import report_generate
from dashboards.tasks import generate_report_task

Status = ReportJob.Status


def make_job(world, **fields) -> ReportJob:
    job = ReportJob.objects.create(
        region=world.region,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        requested_by=world.users["press"],
    )
    if fields:
        ReportJob.objects.filter(pk=job.pk).update(**fields)
        job.refresh_from_db()
    return job


def minutes_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=n)


def test_a_job_is_taken_once(world):
    job = make_job(world)
    assert jobs.take(job.pk) is not None
    assert jobs.take(job.pk) is None  # running, with a live worker
    assert report_generate(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == Status.RUNNING and job.attempts == 1


def test_a_redelivered_task_finishes_the_job_of_a_dead_worker(world):
    # What a killed worker leaves: running, its last sign of life long ago.
    job = make_job(world, status=Status.RUNNING, heartbeat_at=minutes_ago(5), attempts=1)
    assert generate_report_task.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert job.status == Status.DONE and job.attempts == 2 and job.file


def test_the_sweep_requeues_what_nobody_works_on(world):
    waiting = make_job(world, queued_at=minutes_ago(3))
    silent = make_job(world, status=Status.RUNNING, heartbeat_at=minutes_ago(4), attempts=1)
    fresh = make_job(world)
    working = make_job(world, status=Status.RUNNING, heartbeat_at=timezone.now(), attempts=1)
    assert jobs.sweep() == {"requeued": 2, "failed": 0}
    for job in (waiting, silent, fresh, working):
        job.refresh_from_db()
    assert (waiting.status, silent.status) == (Status.QUEUED, Status.QUEUED)
    assert silent.progress == 0 and silent.queued_at > minutes_ago(1)
    assert fresh.status == Status.QUEUED and working.status == Status.RUNNING
    assert jobs.sweep() == {"requeued": 0, "failed": 0}  # nothing is stale any more
    assert report_generate(job_id=silent.pk) == "done"


def test_after_three_starts_or_the_deadline_the_job_fails_with_a_message(world):
    tried = make_job(world, status=Status.RUNNING, heartbeat_at=minutes_ago(4), attempts=3)
    old = make_job(world, status=Status.RUNNING, heartbeat_at=minutes_ago(4), attempts=1)
    ReportJob.objects.filter(pk=old.pk).update(created_at=minutes_ago(11))
    assert jobs.sweep() == {"requeued": 0, "failed": 2}
    tried.refresh_from_db()
    old.refresh_from_db()
    assert tried.status == Status.FAILED and "3" in tried.error and tried.finished_at
    assert old.status == Status.FAILED and old.error
    assert jobs.take(tried.pk) is None


def test_a_job_nobody_takes_waits_and_is_sent_again_never_failed(world):
    # A broker outage or no worker: the beat sweeps every five minutes for
    # an hour and a half; the job stays queued, sent again each time.
    job = make_job(world)
    start = timezone.now()
    for minute in range(5, 91, 5):
        assert jobs.sweep(now=start + datetime.timedelta(minutes=minute)) == {
            "requeued": 1,
            "failed": 0,
        }
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.attempts == 0
    # The worker comes back: the report is written.
    assert report_generate(job_id=job.pk) == "done"


def test_a_started_job_outlives_the_deadline_only_while_its_worker_lives(world):
    job = make_job(world)
    start = timezone.now()
    assert jobs.take(job.pk) is not None  # a worker took it, then died
    for minute in range(0, 16, 5):
        jobs.sweep(now=start + datetime.timedelta(minutes=minute))
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_a_failed_job_offers_to_try_again(world, client_for):
    job = make_job(world, status=Status.FAILED, error="x")
    client = client_for(world.users["press"])
    page = client.get(reverse("dashboards:report_status", args=[job.pk])).content.decode()
    assert 'data-testid="report-retry"' in page
    response = client.post(reverse("dashboards:report_retry", args=[job.pk]))
    again = ReportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("dashboards:report_detail", args=[again.pk])
    assert again.status == Status.QUEUED and again.period_start == job.period_start
    job.refresh_from_db()
    assert job.status == Status.FAILED  # the failed one stays as it was


@pytest.mark.celery_worker
def test_a_swept_job_is_written_by_a_real_worker(celery_worker, world, settings):
    settings.REPORT_TASK_QUEUE = celery_worker.queue
    # The worker that had it died: running, silent for four minutes.
    job = make_job(world, status=Status.RUNNING, heartbeat_at=minutes_ago(4), attempts=1)
    assert jobs.sweep() == {"requeued": 1, "failed": 0}
    deadline = timezone.now() + datetime.timedelta(seconds=60)
    while timezone.now() < deadline:
        job.refresh_from_db()
        if job.status == Status.DONE:
            break
        time.sleep(0.2)
    assert job.status == Status.DONE and job.attempts == 2


@pytest.mark.celery_worker
def test_a_worker_killed_in_the_middle_leaves_no_job_hanging(
    transactional_db, world, settings, redis_available
):
    """A real worker is killed (SIGKILL) right after it got the job; wherever the
    kill lands (before, during or after the job), the sweep and a new worker
    bring the job to its end, and it is written once."""
    import signal

    from django.db import transaction

    from conftest import running_worker

    with running_worker(redis_available) as first:
        settings.REPORT_TASK_QUEUE = first.queue
        with transaction.atomic():
            job = make_job(world)
            jobs.enqueue(job)
        time.sleep(0.3)
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=20)
    job.refresh_from_db()
    killed_at = job.status
    with running_worker(redis_available, queue=first.queue):
        later = timezone.now() + datetime.timedelta(minutes=4)
        with transaction.atomic():
            result = jobs.sweep(now=later)
        assert result["failed"] == 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == Status.DONE:
                break
            time.sleep(0.2)
    assert job.status == Status.DONE, f"killed while {killed_at}, now {job.status}"
    assert job.attempts <= 2 and job.file
