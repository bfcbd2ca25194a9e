"""The outbox's Telegram side: what the portal owes people in the bot.

It follows the letters' rules (`portal.infrastructure.outbox`): a message is stored in the
transaction of the change that owes it, once per key; after the commit a
worker is asked by name to deliver it, and the beat's every-minute sweep
delivers whatever a broker outage left. Each is sent while its row is
locked and marked sent only after Telegram accepted it; a failure is written
down (its code, never the network's words or the token) and tried again
with a growing pause, at most `MAX_ATTEMPTS` times; Telegram's 429 is
waited out as asked. A person who blocked the bot has their link made
inactive, and the notification goes by e-mail instead: nothing is lost.

A new notification (`portal.services.notification_created`) is taken here
for whoever linked Telegram and chose Telegram or both; for Telegram only
no letter is queued.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from networks import telegram_bot as api
from networks.errors import NetworkError
from portal.infrastructure import broker
from portal.infrastructure import outbox as letters

from .models import NotifyBy, TelegramLink, TelegramMessage

log = logging.getLogger(__name__)

DELIVER_TASK = "bot.tasks.deliver_telegram_task"
MAX_ATTEMPTS = 10
FIRST_PAUSE = datetime.timedelta(minutes=1)
LONGEST_PAUSE = datetime.timedelta(hours=6)


def queue_message(*, key: str, link: TelegramLink, text: str, url: str = "", notification=None):
    """Store a message for `link`'s chat; a key is sent at most once. The new row,
    or None when the key was queued before."""
    message, created = TelegramMessage.objects.get_or_create(
        key=key[:200],
        defaults={
            "link": link,
            "text": api.bounded(text),
            "url": url[:500],
            "notification": notification,
            "next_try_at": timezone.now(),
        },
    )
    if not created:
        return None
    transaction.on_commit(request_delivery)
    return message


def request_delivery() -> bool:
    return broker.send_now(DELIVER_TASK)


def notification_taken(sender, notification, **kwargs) -> bool:
    """A new notification, for someone who gets them in Telegram: queued here.
    True when Telegram replaces the letter (they chose Telegram only)."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return False  # no bot in this installation: letters as ever
    link = (
        TelegramLink.objects.filter(user_id=notification.user_id, active=True)
        .exclude(notify_by=NotifyBy.EMAIL)
        .first()
    )
    if link is None:
        return False
    text = notification.title + (f"\n\n{notification.body}" if notification.body else "")
    queue_message(
        key=f"notification:{notification.pk}",
        link=link,
        text=text,
        url=notification.url,
        notification=notification,
    )
    return link.notify_by == NotifyBy.TELEGRAM


def _pause(attempts: int) -> datetime.timedelta:
    return min(FIRST_PAUSE * 2 ** max(attempts - 1, 0), LONGEST_PAUSE)


def _buttons(message: TelegramMessage) -> dict | None:
    if not message.url:
        return None
    address = message.url if message.url.startswith("http") else settings.SITE_URL + message.url
    with translation.override(message.link.language):
        return api.keyboard([[(_("Open on the portal"), address)]])


def _instead_by_email(message: TelegramMessage) -> None:
    notification = message.notification
    if notification is None:
        return
    letters.queue_email(
        key=f"notification:{notification.pk}",
        to=notification.user.email,
        template="emails/notification",
        context={"notification": notification},
        notification=notification,
    )


def deliver(message_id: int) -> bool:
    """Send one message if it is still due; True if it went out now."""
    with transaction.atomic():
        message = (
            # Only the message's row is locked: its notification is the nullable
            # side of an outer join, which PostgreSQL refuses to lock.
            TelegramMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("link", "notification__user")
            .filter(pk=message_id, sent_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        now = timezone.now()
        try:
            _send(message)
        except NetworkError as error:
            _record_failure(message, error, now)
            return False
        message.sent_at = now
        message.attempts += 1
        message.save(update_fields=["sent_at", "attempts"])
        return True


def _send(message: TelegramMessage) -> None:
    """The message to its chat, or `NetworkError`."""
    link = message.link
    # A notification is for a person: not to a chat they unlinked since.
    # (An answer to a question goes to the chat that asked it.)
    unlinked = message.notification is not None and (link.user_id != message.notification.user_id)
    if not link.active or unlinked:
        raise NetworkError("no_permission", blocked=True)
    api.send_message(
        token=settings.TELEGRAM_BOT_TOKEN,
        chat_id=link.chat_id,
        text=message.text,
        buttons=_buttons(message),
    )


def _record_failure(message: TelegramMessage, error: NetworkError, now) -> None:
    """A message not sent: given up (the letter instead) or tried again later."""
    message.attempts += 1
    message.last_error = error.code
    if api.blocked(error):
        # They blocked the bot (or unlinked): the letter instead, now.
        TelegramLink.objects.filter(pk=message.link.pk).update(active=False)
        message.failed_at = now
        _instead_by_email(message)
    elif message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
        _instead_by_email(message)
    elif error.code == "rate_limited" and error.params.get("seconds"):
        message.next_try_at = now + datetime.timedelta(seconds=error.params["seconds"])
    else:
        message.next_try_at = now + _pause(message.attempts)
    message.save(update_fields=["attempts", "last_error", "failed_at", "next_try_at"])
    log.warning("Telegram outbox: message %s not sent (%s)", message.pk, error.code)


def deliver_due(*, limit: int = 200) -> dict[str, int]:
    """Send every message that is due, oldest first; each on its own."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return {"due": 0, "sent": 0}
    due = list(
        TelegramMessage.objects.filter(
            sent_at__isnull=True, failed_at__isnull=True, next_try_at__lte=timezone.now()
        )
        .order_by("next_try_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(deliver(pk) for pk in due)
    return {"due": len(due), "sent": sent}
