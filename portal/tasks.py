"""Background tasks of the portal: thin wrappers around services."""

from celery import shared_task

from . import services


@shared_task
def housekeeping_task() -> dict:
    return services.housekeeping_run()


@shared_task
def send_notification_emails(ids: list[int]) -> int:
    return services.notifications_send_emails(ids=ids)
