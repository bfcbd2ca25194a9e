"""Background work of the dashboards: the report and the nightly figures."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from portal import dates

from . import figures, jobs, monthly


@shared_task(acks_late=True, reject_on_worker_lost=True)
def generate_report_task(job_id: int) -> str:
    """Write the report of a `ReportJob` (see dashboards.report.generate); safe to deliver twice."""
    from .report.generate import report_generate

    return report_generate(job_id=job_id)


@shared_task
def sweep_jobs_task() -> dict[str, int]:
    """Re-queue report jobs nobody works on; fail those past their attempts."""
    return jobs.sweep()


@shared_task
def month_figures_task(today: str | None = None) -> int:
    """Recount the stored figures of this month and the last for every region."""
    return figures.rebuild_recent(dates.day_or_today(today))


@shared_task
def monthly_reports_task(now: str | None = None) -> int:
    """Ask for last month's «Справка» of every region (once per region and
    month, however often it runs); `now` (ISO 8601) fixes the clock for tests."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # Asia/Almaty, the portal's time
    return len(monthly.monthly_reports_request(now=moment))
