"""Background work of members' questions: thin tasks around the services, safe to repeat."""

from __future__ import annotations

from celery import shared_task

from portal import dates

from . import services


@shared_task
def question_reminders_task(today: str | None = None) -> int:
    """Questions without an answer for five days remind the press service, once each."""
    return services.reminders_questions_unanswered(today=dates.day_or_today(today))


@shared_task
def purge_personal_data_task(today: str | None = None) -> int:
    """Blank the askers' names and contacts a year after their question was closed
    (or answered, if never closed)."""
    return services.questions_purge_personal_data(today=dates.day_or_today(today))
