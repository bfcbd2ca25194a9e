"""Background tasks of the portal: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task
def housekeeping_task() -> dict:
    return services.housekeeping_run()


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    return services.notifications_send_emails(ids=ids)


@shared_task
def generate_report_task(job_id: int) -> str:
    """Write the report of a `ReportJob` (see portal.dashboards.report)."""
    from .dashboards.report import report_generate

    return report_generate(job_id=job_id)
