"""The nightly tidying: what the bot no longer needs goes, what it needs stays."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from bot import services, tasks
from bot.models import Draft, LinkCode, ProcessedUpdate, TelegramLink, TelegramMessage

pytestmark = pytest.mark.django_db


def aged(model, days: int, field: str, **values):
    row = model.objects.create(**values)
    model.objects.filter(pk=row.pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )
    return row


def test_old_rows_go_and_the_polls_offset_stays(chair):
    now = timezone.now()
    link = TelegramLink.objects.create(telegram_id=501, chat_id=501, user=chair)
    aged(ProcessedUpdate, 30, "at", update_id=10)
    aged(ProcessedUpdate, 1, "at", update_id=11)
    # Telegram started its ids afresh: the last handled is old and low, and stays.
    last = aged(ProcessedUpdate, 20, "at", update_id=3)
    old_code = LinkCode.objects.create(
        user=chair, code="old", created_at=now - datetime.timedelta(days=2)
    )
    LinkCode.objects.create(user=chair, code="new", created_at=now)
    aged(Draft, 31, "created_at", link=link)
    sent = {"link": link, "text": "t", "next_try_at": now}
    aged(TelegramMessage, 91, "sent_at", key="a", **sent)
    aged(TelegramMessage, 91, "failed_at", key="b", **sent)
    aged(TelegramMessage, 10, "sent_at", key="c", **sent)
    TelegramMessage.objects.create(key="d", **sent)  # still due

    assert tasks.tidy_task() == {"updates": 1, "codes": 1, "drafts": 1, "messages": 2}
    assert services.next_offset() == last.update_id + 1
    assert set(ProcessedUpdate.objects.values_list("update_id", flat=True)) == {11, 3}
    assert not LinkCode.objects.filter(pk=old_code.pk).exists()
    assert not Draft.objects.exists()
    assert set(TelegramMessage.objects.values_list("key", flat=True)) == {"c", "d"}
    assert services.bot_tidy(now=now) == {"updates": 0, "codes": 0, "drafts": 0, "messages": 0}
