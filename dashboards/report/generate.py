"""The report job's one write path: `report_request` makes the job,
`report_generate` writes it (the Celery task calls it, and so do the tests)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.models import Region, User

from .. import jobs, monthly
from ..models import ReportJob
from .regional import build_report
from .union import build_union_report

logger = logging.getLogger(__name__)


def report_request(
    *, user: User, region: Region, start: datetime.date, end: datetime.date
) -> ReportJob:
    """Create a report job; the caller enqueues it after the commit."""
    if start > end:
        raise ValueError("the period ends before it starts")
    return ReportJob.objects.create(
        region=region, period_start=start, period_end=end, requested_by=user
    )


def _set(job_id: int, **fields) -> None:
    """Record progress; every write is also the job's sign of life."""
    ReportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def _blocks(job: ReportJob, progress: Callable[[int], None]) -> list[dict]:
    if job.region_id is None:  # the whole union's (the monthly one)
        return build_union_report(start=job.period_start, end=job.period_end, progress=progress)
    return build_report(
        region=job.region, start=job.period_start, end=job.period_end, progress=progress
    )


def _finish(job: ReportJob, blocks: list[dict], content: bytes) -> None:
    """Save the DOCX and mark the job done, in one transaction."""
    with transaction.atomic():
        job.file.save(f"{job.uuid}.docx", ContentFile(content), save=False)
        _set(
            job.pk,
            file=job.file.name,
            content=blocks,
            status=ReportJob.Status.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
        # The monthly report is announced with its being done, or not at all.
        monthly.monthly_report_announce(job=job)


def _fail(job_id: int, exc: Exception) -> None:
    logger.exception("report job %s failed", job_id)
    try:
        _set(
            job_id,
            status=ReportJob.Status.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
    except Exception:
        # The database itself failed: the job stays "running" without a
        # sign of life, and the sweep re-queues or fails it.
        logger.exception("report job %s: its failure could not be recorded", job_id)


def report_generate(*, job_id: int) -> str:
    """Write the report of a job: text, then DOCX; progress on the way.

    Safe to deliver twice: a job is taken by a conditional update only while
    it is queued, or running with a silent worker (`jobs.take`); a second
    delivery of the task finds nothing to take.
    """
    from ..docx import report_docx

    job = jobs.take(job_id)
    if job is None:
        return "skipped"
    try:
        blocks = _blocks(job, lambda percent: _set(job_id, progress=percent))
        content = report_docx(blocks)
        _set(job_id, progress=90)
        _finish(job, blocks, content)
    except Exception as exc:
        _fail(job_id, exc)
        return "failed"
    return "done"
