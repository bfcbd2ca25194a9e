"""Notifications in the bot: the outbox's Telegram side, the chair told of a
decision, the choice of e-mail, Telegram or both, and the profile page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from bot import outbox, services
from bot.models import LinkCode, NotifyBy, TelegramLink, TelegramMessage
from conftest import broker_at
from materials import services as materials
from materials.models import Submission
from portal import services as portal_services
from portal.models import OutboxEmail

from .botapi import refusal

pytestmark = pytest.mark.django_db


def link(user, *, notify_by=NotifyBy.BOTH, telegram_id=501) -> TelegramLink:
    return TelegramLink.objects.create(
        telegram_id=telegram_id, chat_id=telegram_id, user=user, notify_by=notify_by
    )


def send(world) -> Submission:
    return materials.submission_create(
        user=world.users["chair"],
        data=materials.SubmissionData(
            title="Турнир по волейболу",
            text="Команды школ города сыграли турнир.",
            event_date=datetime.date(2026, 11, 20),
            consent=True,
        ),
    )


@pytest.mark.parametrize(
    ("choice", "messages", "letters"),
    [(NotifyBy.BOTH, 1, 1), (NotifyBy.TELEGRAM, 1, 0), (NotifyBy.EMAIL, 0, 1)],
)
def test_the_choice_decides_where_a_notification_goes(world, telegram, choice, messages, letters):
    press = world.users["press"]
    link(press, notify_by=choice)
    portal_services.notify(users=[press], key="k1", title="План ждёт", url="/plan/")
    assert TelegramMessage.objects.count() == messages
    assert OutboxEmail.objects.filter(to=press.email).count() == letters


def test_without_a_bot_letters_go_as_ever(world, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    press = world.users["press"]
    link(press, notify_by=NotifyBy.TELEGRAM)
    portal_services.notify(users=[press], key="k1", title="План ждёт")
    assert not TelegramMessage.objects.exists()
    assert OutboxEmail.objects.filter(to=press.email).count() == 1


def test_the_chair_reads_accepted_with_its_date_in_the_bot(world, telegram, rubrics):
    chair = world.users["chair"]
    link(chair, notify_by=NotifyBy.TELEGRAM)
    submission = send(world)
    materials.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 12, 15),
        rubric=rubrics["Освещение мероприятий"],
    )
    assert outbox.deliver_due() == {"due": 1, "sent": 1}
    (sent,) = telegram.sent()
    assert sent["chat_id"] == 501
    assert "принят" in sent["text"] and "15" in sent["text"]
    button = sent["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"].endswith(submission.get_absolute_url())
    # Sent once: the sweep again finds nothing due.
    assert outbox.deliver_due() == {"due": 0, "sent": 0}
    assert len(telegram.sent()) == 1


def test_the_chair_reads_the_reason_of_a_return(world, telegram):
    chair = world.users["chair"]
    link(chair, notify_by=NotifyBy.TELEGRAM)
    submission = send(world)
    materials.submission_return(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        comment="Добавьте фото с места событий.",
    )
    outbox.deliver_due()
    assert "Добавьте фото с места событий." in telegram.texts()[-1]


def test_a_person_who_blocked_the_bot_gets_the_letter_instead(world, telegram):
    press = world.users["press"]
    link(press, notify_by=NotifyBy.TELEGRAM)
    portal_services.notify(users=[press], key="k1", title="Материал ждёт")
    assert not OutboxEmail.objects.exists()
    telegram.refusals["sendMessage"] = [refusal(403, "Forbidden: bot was blocked by the user")]
    assert outbox.deliver_due()["sent"] == 0
    assert not TelegramLink.objects.get(user=press).active
    assert TelegramMessage.objects.get().failed_at is not None
    assert OutboxEmail.objects.filter(to=press.email).count() == 1
    # Further notifications go by e-mail while the bot is blocked.
    portal_services.notify(users=[press], key="k2", title="Ещё материал")
    assert TelegramMessage.objects.count() == 1
    assert OutboxEmail.objects.filter(to=press.email).count() == 2


def test_a_failure_is_tried_again_later_and_not_lost(world, telegram, settings):
    settings.CHANNELS_RETRIES = 0
    press = world.users["press"]
    link(press)
    portal_services.notify(users=[press], key="k1", title="Материал ждёт")
    telegram.refusals["sendMessage"] = [refusal(500, "Internal Server Error")]
    assert outbox.deliver_due() == {"due": 1, "sent": 0}
    message = TelegramMessage.objects.get()
    assert message.attempts == 1 and message.last_error == "server_error"
    assert message.sent_at is None and message.failed_at is None
    TelegramMessage.objects.update(next_try_at=message.created_at)  # its pause has passed
    assert outbox.deliver_due() == {"due": 1, "sent": 1}


def test_without_a_broker_the_message_is_kept_and_the_sweep_sends_it(
    world, telegram, django_capture_on_commit_callbacks
):
    press = world.users["press"]
    link(press)
    with broker_at("redis://127.0.0.1:1/0"):
        with django_capture_on_commit_callbacks(execute=True):
            portal_services.notify(users=[press], key="k", title="Позже")
        assert outbox.request_delivery() is False
    assert TelegramMessage.objects.get().sent_at is None
    assert outbox.deliver_due()["sent"] == 1


# --- The profile page ---------------------------------------------------------------


def test_the_page_gives_a_deep_link_with_a_qr_code(world, telegram, client_for):
    chair = world.users["chair"]
    client = client_for(chair)
    page = client.get(reverse("bot:account"))
    assert page.status_code == 200 and b"t.me/" not in page.content
    client.post(reverse("bot:account"), {"action": "code"})
    page = client.get(reverse("bot:account")).content.decode()
    code = LinkCode.objects.get(user=chair).code
    assert f"https://t.me/union_test_bot?start={code}" in page
    assert "<svg" in page
    # The bot's name is asked once, then remembered.
    client.get(reverse("bot:account"))
    assert len(telegram.sent("getMe")) <= 1
    assert TelegramLink.objects.count() == 0


def test_the_page_sets_the_choice_and_unlinks(world, telegram, client_for):
    chair = world.users["chair"]
    link(chair)
    client = client_for(chair)
    client.post(reverse("bot:account"), {"action": "notify_by", "notify_by": "telegram"})
    assert TelegramLink.objects.get().notify_by == NotifyBy.TELEGRAM
    response = client.post(reverse("bot:account"), {"action": "notify_by", "notify_by": "x"})
    assert response.status_code == 302
    assert TelegramLink.objects.get().notify_by == NotifyBy.TELEGRAM
    client.post(reverse("bot:account"), {"action": "unlink"})
    assert TelegramLink.objects.get().user is None
    assert services.current_code(user=chair) is None


def test_a_notification_is_not_sent_to_a_chat_unlinked_since(world, telegram):
    press = world.users["press"]
    link(press, notify_by=NotifyBy.TELEGRAM)
    portal_services.notify(users=[press], key="k1", title="Материал ждёт")
    services.link_remove(user=press)
    assert outbox.deliver_due()["sent"] == 0
    assert telegram.sent() == []
    # Not lost: it goes by e-mail.
    assert OutboxEmail.objects.filter(to=press.email).count() == 1
