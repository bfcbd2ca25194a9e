"""Reminders of the content plan: thin tasks around the services, safe to repeat."""

from __future__ import annotations

from celery import shared_task

from portal import dates

from . import services


@shared_task
def post_reminders_task(today: str | None = None) -> dict[str, int]:
    """Posts due soon remind their responsible person; past ones become missed."""
    day = dates.day_or_today(today)
    return {
        "due": services.reminders_posts_due(today=day),
        "missed": services.reminders_posts_missed(today=day),
    }


@shared_task
def plan_reminders_task(today: str | None = None) -> int:
    """From the 25th: next month's plan is not approved yet."""
    return services.reminders_plans_unapproved(today=dates.day_or_today(today))
