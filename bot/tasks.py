"""The bot's background work: thin wrappers around its services."""

from celery import shared_task

from . import outbox


@shared_task
def deliver_telegram_task() -> dict:
    """Send the Telegram messages that are due (after a commit, and every minute)."""
    return outbox.deliver_due()
