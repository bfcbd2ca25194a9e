"""Background work of members' questions: thin tasks around the services, safe to repeat."""

from __future__ import annotations

import datetime
from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import services


def _day(today: str | None) -> datetime.date:
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_answer_email_task(question_id: int) -> bool:
    """E-mail a question's answer to the asker (once); a failed send is tried again
    later, a few times, with growing pauses."""
    return services.answer_send_email(question_id=question_id)


@shared_task
def question_reminders_task(today: str | None = None) -> int:
    """Questions without an answer for five days remind the press service, once each."""
    return services.reminders_questions_unanswered(today=_day(today))


@shared_task
def purge_personal_data_task(today: str | None = None) -> int:
    """Blank the askers' names and contacts a year after their question was closed
    (or answered, if never closed)."""
    return services.questions_purge_personal_data(today=_day(today))
