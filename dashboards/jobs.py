"""Report jobs that never hang: taken once, kept alive, swept when a worker dies.

A job is a row first (`queued`), then a Celery message. Whatever happens to
the message (the broker down when it was sent, the worker killed mid-job, the
database failing while the job records its failure), the row tells the truth
and the sweep acts on it every five minutes (by hand: `manage.py sweep_jobs`):

- a queued job nobody took within `QUEUE_WAIT` is sent again, however long
  that takes: a broker outage or no worker running delays a report, never
  loses it (the monthly «Справка» is requested by the beat, with nobody
  there to press «try again»); /metrics shows the oldest one's wait;
- a running job whose worker gave no sign of life for `SILENCE` (every
  progress step is one) is queued again — the task is safe to deliver twice,
  so `acks_late` with `reject_on_worker_lost` is right too;
- after `MAX_ATTEMPTS` starts, or once `DEADLINE` has passed since a started
  job was requested, the job is failed with a message and the page offers
  to try again: a report that kills its worker is not started for ever.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.infrastructure import broker

from .models import ReportJob

TASK = "dashboards.tasks.generate_report_task"
QUEUE_WAIT = datetime.timedelta(minutes=2)
SILENCE = datetime.timedelta(minutes=3)
DEADLINE = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 3

Status = ReportJob.Status


def enqueue(job: ReportJob) -> None:
    """Send the job's task after the commit; a broker outage leaves it queued."""
    # Tests send the task to their own worker's queue (see conftest.celery_worker).
    queue = getattr(settings, "REPORT_TASK_QUEUE", None)
    options = {"queue": queue} if queue else {}
    broker.send_after_commit(TASK, [job.pk], **options)


def take(job_id: int) -> ReportJob | None:
    """Start the job if it is queued, or running with a silent worker; None if
    someone else has it, it is finished, or it has had its attempts."""
    now = timezone.now()
    takeable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=now - SILENCE)
    taken = ReportJob.objects.filter(takeable, pk=job_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.RUNNING, progress=5, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not taken:
        return None
    return ReportJob.objects.select_related("region").get(pk=job_id)


def _give_up(job: ReportJob, now: datetime.datetime) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if job.attempts >= MAX_ATTEMPTS:
            error = _("The report was started %(n)s times and never finished.") % {
                "n": job.attempts
            }
        else:
            error = _("No worker wrote the report in time.")
    ReportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=Status.FAILED, error=error, finished_at=now
    )


def sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Re-queue the jobs nobody works on, fail the hopeless ones. Safe to repeat."""
    now = now or timezone.now()
    stuck = ReportJob.objects.filter(
        Q(status=Status.QUEUED, queued_at__lt=now - QUEUE_WAIT)
        | Q(status=Status.RUNNING, heartbeat_at__lt=now - SILENCE)
        | Q(status=Status.RUNNING, heartbeat_at__isnull=True)
    )
    requeued = failed = 0
    for job in stuck:
        with transaction.atomic():
            started = job.attempts > 0
            if job.attempts >= MAX_ATTEMPTS or (started and job.created_at < now - DEADLINE):
                _give_up(job, now)
                failed += 1
                continue
            changed = ReportJob.objects.filter(pk=job.pk, status=job.status).update(
                status=Status.QUEUED, progress=0, queued_at=now
            )
            if changed:
                enqueue(job)
                requeued += 1
    return {"requeued": requeued, "failed": failed}


def retry(*, job: ReportJob, user) -> ReportJob:
    """A new job for the same region and period (the failed one stays as it was)."""
    with transaction.atomic():
        again = ReportJob.objects.create(
            region=job.region,
            period_start=job.period_start,
            period_end=job.period_end,
            requested_by=user,
        )
        enqueue(again)
    return again


def oldest_waiting_age() -> float:
    """Seconds the oldest queued report job has waited (0: none waits); a
    gauge of /metrics."""
    oldest = (
        ReportJob.objects.filter(status=ReportJob.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return (timezone.now() - oldest).total_seconds() if oldest else 0.0
