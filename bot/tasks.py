"""The bot's background work: thin wrappers around its services."""

from celery import shared_task
from django.utils import timezone

from . import outbox, services


@shared_task
def deliver_telegram_task() -> dict:
    """Send the Telegram messages that are due (after a commit, and every minute)."""
    return outbox.deliver_due()


@shared_task
def tidy_task() -> dict:
    """Nightly: old update ids, link codes, forgotten drafts and sent messages go."""
    return services.bot_tidy(now=timezone.now())
