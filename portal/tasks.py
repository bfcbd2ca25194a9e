"""Background tasks of the portal: thin wrappers around services."""

from celery import shared_task

from . import outbox, services


@shared_task
def housekeeping_task() -> dict:
    return services.housekeeping_run()


@shared_task
def deliver_outbox_task() -> dict:
    """Send the e-mails that are due (after a commit, and every minute)."""
    return outbox.deliver_due()
