"""The outbox: a letter commits with its change, is sent once, survives failures."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from conftest import broker_at
from portal import services
from portal.infrastructure import outbox
from portal.models import Notification, OutboxEmail


class RefusingOneBackend(BaseEmailBackend):
    """A mail server that refuses one address and takes the others."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if "refused@" in message.to[0]:
                raise SMTPException("550 mailbox unavailable")
            mail.outbox.append(message)
        return len(email_messages)


def test_a_rolled_back_change_owes_no_letter(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(users=[world.users["press"]], key="gone", title="Никогда")
        raise RuntimeError
    assert not Notification.objects.exists() and not OutboxEmail.objects.exists()


def test_a_title_with_line_breaks_cannot_add_headers(world):
    services.notify(
        users=[world.users["press"]], key="evil", title="HDR\r\nBcc: x@example.com", url="/"
    )
    assert outbox.deliver_due()["sent"] == 1
    (letter,) = mail.outbox
    assert letter.subject == "Profinfo: HDR Bcc: x@example.com"
    assert letter.bcc == [] and "Bcc" not in letter.extra_headers
    assert "\n" not in letter.message()["Subject"]


def test_one_bad_letter_never_stops_the_others(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneBackend"
    world.users["chair"].email = "refused@example.kz"
    world.users["chair"].save()
    people = [world.users["chair"], world.users["press"], world.users["central"]]
    services.notify(users=people, key="k", title="Всем")
    assert outbox.deliver_due() == {"due": 3, "sent": 2}
    assert sorted(m.to[0] for m in mail.outbox) == ["central@example.kz", "press@example.kz"]
    refused = Notification.objects.get(user=world.users["chair"])
    assert refused.emailed_at is None  # marked only once the server took it
    letter = OutboxEmail.objects.get(to="refused@example.kz")
    assert letter.sent_at is None and "550 mailbox unavailable" in letter.last_error
    assert letter.next_try_at > timezone.now()


def test_a_letter_is_given_up_after_the_last_attempt(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOneBackend"
    world.users["chair"].email = "refused@example.kz"
    world.users["chair"].save()
    services.notify(users=[world.users["chair"]], key="k", title="Раз")
    for _attempt in range(outbox.MAX_ATTEMPTS):
        OutboxEmail.objects.update(next_try_at=timezone.now())
        outbox.deliver_due()
    letter = OutboxEmail.objects.get()
    assert letter.attempts == outbox.MAX_ATTEMPTS and letter.failed_at is not None
    OutboxEmail.objects.update(next_try_at=timezone.now())
    assert outbox.deliver_due() == {"due": 0, "sent": 0}


def test_without_a_broker_the_change_commits_and_the_sweep_sends_later(
    world, django_capture_on_commit_callbacks
):
    # A broker nobody listens on: asking for delivery fails at once.
    with broker_at("redis://127.0.0.1:1/0"):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(users=[world.users["press"]], key="k", title="Позже")
        assert outbox.request_delivery() is False
    assert Notification.objects.filter(key="k").exists()
    assert outbox.deliver_due() == {"due": 1, "sent": 1}
