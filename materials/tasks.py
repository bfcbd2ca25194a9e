"""Reminders about materials from branches: thin tasks around the services."""

from __future__ import annotations

from celery import shared_task

from portal.dates import day_or_today

from . import services


@shared_task
def submission_reminders_task(today: str | None = None) -> dict[str, int]:
    """Materials waiting over three days; from the 20th, branches that sent nothing."""
    return services.reminders_submissions(today=day_or_today(today))
