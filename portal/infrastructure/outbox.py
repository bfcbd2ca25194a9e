"""The outbox: every e-mail the portal owes someone, kept in the database.

A service that must tell someone by e-mail calls `queue_email()` inside its
transaction: the letter is rendered from templates (in the portal's language)
and stored as an `OutboxEmail` row that commits or rolls back with the change
itself. After the commit, a Celery task is asked by name to deliver it; if the
broker is down at that moment, nothing is lost and nothing fails: the beat's
`deliver_outbox` sweep (every minute; by hand, `manage.py deliver_outbox`)
sends whatever is due once the broker and the mail server are back.

Delivery, the one policy for every letter:
- each row is sent while it is locked, and marked sent only after the mail
  server accepted it, so a second delivery run skips it;
- a failure (SMTP down, a refused address) is written down in plain words and
  the row is tried again later, with a growing pause, at most `MAX_ATTEMPTS`
  times; one bad letter never stops the others;
- the subject is one line: a title with line breaks cannot add headers.

What follows a letter being sent (a notification marked e-mailed, a question
whose answer went out) listens to the `email_sent` signal with the row's key.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import OutboxEmail
from . import broker

log = logging.getLogger(__name__)

DELIVER_TASK = "portal.tasks.deliver_outbox_task"
MAX_ATTEMPTS = 10
# The pause after the n-th failure: 1, 2, 4 … minutes, at most six hours.
FIRST_PAUSE = datetime.timedelta(minutes=1)
LONGEST_PAUSE = datetime.timedelta(hours=6)

# Sent (inside the delivery's transaction) with `key` once a letter is accepted.
email_sent = Signal()


def one_line(text: str, limit: int = 255) -> str:
    """A header value: every run of whitespace (line breaks included) is one space."""
    return re.sub(r"\s+", " ", text).strip()[:limit]


def queue_email(
    *, key: str, to: str, template: str, context: dict, notification=None
) -> OutboxEmail | None:
    """Store the letter `template`_subject.txt / `template`_body.txt for `to`.

    `key` names what the letter is about; a key is sent at most once, so a
    service that runs twice queues nothing new. Returns the new row, or None
    when there is no address or the key was queued before.
    """
    if not to:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    return queue_letter(key=key, to=to, subject=subject, body=body, notification=notification)


def queue_letter(
    *, key: str, to: str, subject: str, body: str, notification=None
) -> OutboxEmail | None:
    """Store a letter already rendered (`queue_email` renders ours; Django's
    password reset renders its own); the same rules for the key and sending."""
    if not to:
        return None
    subject = one_line(subject)
    body = body.strip() + "\n"
    letter, created = OutboxEmail.objects.get_or_create(
        key=key[:200],
        defaults={
            "to": to,
            "subject": subject,
            "body": body,
            "notification": notification,
        },
    )
    if not created:
        return None
    transaction.on_commit(request_delivery)
    return letter


def request_delivery() -> bool:
    """Ask a worker to deliver what is due; False if the broker cannot be
    reached (the sweep will deliver it later)."""
    return broker.send_now(DELIVER_TASK)


def _pause(attempts: int) -> datetime.timedelta:
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def _describe(error: Exception) -> str:
    """The failure in a line for the administrator; the mail server's words,
    never the settings (no password can be in it)."""
    return one_line(f"{type(error).__name__}: {error}", 500)


def deliver(letter_id: int) -> bool:
    """Send one letter if it is still due; True if it went out now."""
    with transaction.atomic():
        letter = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=letter_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if letter is None:
            return False
        now = timezone.now()
        try:
            EmailMessage(subject=one_line(letter.subject), body=letter.body, to=[letter.to]).send()
        except Exception as error:
            letter.attempts += 1
            letter.last_error = _describe(error)
            if letter.attempts >= MAX_ATTEMPTS:
                letter.failed_at = now
            else:
                letter.next_try_at = now + _pause(letter.attempts)
            letter.save(update_fields=["attempts", "last_error", "failed_at", "next_try_at"])
            log.warning("Outbox: letter %s not sent: %s", letter.pk, letter.last_error)
            return False
        letter.sent_at = now
        letter.attempts += 1
        letter.save(update_fields=["sent_at", "attempts"])
        if letter.notification_id:
            letter.notification.__class__.objects.filter(pk=letter.notification_id).update(
                emailed_at=now
            )
        email_sent.send(sender=OutboxEmail, key=letter.key)
        return True


def deliver_due(*, limit: int = 200) -> dict[str, int]:
    """Send every letter that is due, oldest first; each on its own."""
    due = list(
        OutboxEmail.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_try_at__lte=timezone.now()
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(deliver(pk) for pk in due)
    return {"due": len(due), "sent": sent}
