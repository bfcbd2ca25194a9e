"""Reminders of the content plan: thin tasks around the services, safe to repeat."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from . import figures, services


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task
def post_reminders_task(today: str | None = None) -> dict[str, int]:
    """Posts due soon remind their responsible person; past ones become missed."""
    day = _day(today)
    return {
        "due": services.reminders_posts_due(today=day),
        "missed": services.reminders_posts_missed(today=day),
    }


@shared_task
def plan_reminders_task(today: str | None = None) -> int:
    """From the 25th: next month's plan is not approved yet."""
    return services.reminders_plans_unapproved(today=_day(today))


@shared_task
def submission_reminders_task(today: str | None = None) -> dict[str, int]:
    """Materials waiting over three days; from the 20th, branches that sent nothing."""
    return services.reminders_submissions(today=_day(today))


@shared_task
def month_figures_task(today: str | None = None) -> int:
    """Recount the stored figures of this month and the last for every region."""
    day = _day(today).replace(day=1)
    previous = (day - datetime.timedelta(days=1)).replace(day=1)
    return figures.rebuild_all(months=[previous, day])
