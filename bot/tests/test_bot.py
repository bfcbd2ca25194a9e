"""The bot against a Bot API on loopback: linking, every update once, a chair's
material from text, photos and an album, refusals in words, 403 and 429."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from bot import services
from bot.models import Draft, LinkCode, ProcessedUpdate, TelegramLink
from materials.models import Submission
from materials.tests.images import encode, sharp_image

from .botapi import TOKEN, refusal

pytestmark = pytest.mark.django_db


def handle_all(telegram) -> None:
    """What `telegram_bot --once` does with a batch: each update in order."""
    with telegram.lock:
        batch = list(telegram.updates)
        telegram.updates.clear()
    for update in batch:
        services.update_handle(update)


def linked(telegram, user, person=None) -> dict:
    person = person or telegram.user()
    code = services.link_code_create(user=user)
    telegram.message(person, text=f"/start {code.code}")
    handle_all(telegram)
    return person


def jpeg_bytes() -> bytes:
    return encode(sharp_image(1200, 900), "JPEG", quality=85)


# --- Linking and strangers ---------------------------------------------------------


def test_start_with_a_code_links_the_person_once(telegram, chair):
    person = linked(telegram, chair)
    link = TelegramLink.objects.get(telegram_id=person["id"])
    assert link.user == chair and link.active
    assert "Айгуль Сапарова" in telegram.texts()[-1]
    code = LinkCode.objects.get(user=chair)
    assert code.used_at is not None

    # The same code again, from someone else: refused, nothing changes.
    stranger = telegram.user(777)
    telegram.message(stranger, text=f"/start {code.code}")
    handle_all(telegram)
    assert "not valid" in telegram.texts()[-1] or "недействительна" in telegram.texts()[-1]
    assert TelegramLink.objects.get(telegram_id=777).user is None


def test_a_code_older_than_15_minutes_links_nobody(telegram, chair):
    code = services.link_code_create(user=chair)
    LinkCode.objects.filter(pk=code.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    telegram.message(telegram.user(), text=f"/start {code.code}")
    handle_all(telegram)
    assert not TelegramLink.objects.filter(user=chair).exists()


def test_stop_unlinks(telegram, chair):
    person = linked(telegram, chair)
    telegram.message(person, text="/stop")
    handle_all(telegram)
    assert TelegramLink.objects.get(telegram_id=person["id"]).user is None


def test_a_stranger_is_answered_in_kazakh_and_lang_switches_to_russian(telegram, db):
    person = telegram.user(900, language="kk")
    telegram.message(person, text="Сәлем")
    handle_all(telegram)
    assert "кәсіподақ" in telegram.texts()[-1].lower()
    assert "/ask/" in telegram.texts()[-1]
    telegram.message(person, text="/lang")
    handle_all(telegram)
    assert "профсоюз" in telegram.texts()[-1].lower()
    assert TelegramLink.objects.get(telegram_id=900).language == "ru"


def test_every_update_is_handled_once(telegram, chair):
    person = linked(telegram, chair)
    update = telegram.message(person, text="Субботник\nВышли всем коллективом.")
    services.update_handle(update)
    services.update_handle(update)  # delivered again (a webhook retried)
    assert len(Draft.objects.get().messages) == 1
    assert ProcessedUpdate.objects.filter(update_id=update["update_id"]).count() == 1


# --- A chair's material ------------------------------------------------------------


def test_a_text_becomes_a_draft_and_send_submits_it(telegram, chair):
    person = linked(telegram, chair)
    telegram.message(
        person,
        text="Субботник в школе № 5\nПрошёл 14.11.2026, вышли все учителя.\nСпасибо всем.",
    )
    handle_all(telegram)
    summary = telegram.sent()[-1]
    assert "Субботник в школе № 5" in summary["text"]
    labels = [b["text"] for row in summary["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Отправить на рассмотрение", "Изменить", "Отменить"]
    draft = Draft.objects.get()
    telegram.press(person, f"send:{draft.pk}")
    handle_all(telegram)

    submission = Submission.objects.get()
    assert submission.title == "Субботник в школе № 5"
    assert submission.text == "Прошёл 14.11.2026, вышли все учителя.\nСпасибо всем."
    assert submission.event_date == datetime.date(2026, 11, 14)
    assert submission.branch == chair.branch and submission.author == chair
    assert submission.status == Submission.Status.NEW
    assert not Draft.objects.exists()
    assert telegram.sent("answerCallbackQuery")
    assert "Субботник в школе № 5" in telegram.texts()[-1]


def test_change_replaces_the_text_and_cancel_deletes_the_draft(telegram, chair):
    person = linked(telegram, chair)
    telegram.message(person, text="Старый заголовок\nстарый текст")
    handle_all(telegram)
    draft = Draft.objects.get()
    telegram.press(person, f"edit:{draft.pk}")
    telegram.message(person, text="Новый заголовок\nновый текст")
    handle_all(telegram)
    assert Draft.objects.get().messages == ["Новый заголовок\nновый текст"]
    telegram.press(person, f"cancel:{draft.pk}")
    handle_all(telegram)
    assert not Draft.objects.exists() and not Submission.objects.exists()


def test_an_album_arrives_as_several_messages_and_becomes_one_material(telegram, chair):
    person = linked(telegram, chair)
    before = len(telegram.sent())
    telegram.photo(person, jpeg_bytes(), media_group_id="13579", caption="Турнир\nКоманды школ.")
    telegram.photo(person, jpeg_bytes(), media_group_id="13579")
    telegram.photo(person, jpeg_bytes(), media_group_id="13579")
    handle_all(telegram)
    # One summary, edited as the album's photos come, not three.
    assert len(telegram.sent()) == before + 1
    edits = telegram.sent("editMessageText")
    assert len(edits) == 2 and "3" in edits[-1]["text"]
    draft = Draft.objects.get()
    assert len(draft.photos) == 3

    telegram.press(person, f"send:{draft.pk}")
    handle_all(telegram)
    submission = Submission.objects.get()
    assert submission.title == "Турнир"
    assert submission.photos.count() == 3
    assert len(telegram.sent("getFile")) == 3


def test_a_file_that_is_not_an_image_is_refused_in_words(telegram, chair):
    person = linked(telegram, chair)
    telegram.message(
        person,
        document={
            "file_id": "BQAC1",
            "file_unique_id": "d",
            "file_name": "отчёт.pdf",
            "mime_type": "application/pdf",
            "file_size": 20000,
        },
    )
    handle_all(telegram)
    assert "«отчёт.pdf»" in telegram.texts()[-1]
    assert Draft.objects.get().photos == []


def test_a_file_over_20_mb_is_refused_in_words(telegram, chair):
    person = linked(telegram, chair)
    telegram.photo(person, jpeg_bytes(), size=21 * 1024 * 1024, caption="Большое фото")
    handle_all(telegram)
    assert "20" in telegram.texts()[-1]
    assert Draft.objects.get().photos == []


def test_a_photo_whose_content_is_not_an_image_is_refused_and_nothing_is_saved(telegram, chair):
    person = linked(telegram, chair)
    telegram.photo(person, b"<!doctype html><html>not a photo</html>", caption="Заголовок\nТекст")
    handle_all(telegram)
    telegram.press(person, f"send:{Draft.objects.get().pk}")
    handle_all(telegram)
    assert not Submission.objects.exists()
    assert "HTML" in telegram.texts()[-1]
    assert Draft.objects.exists()  # kept: the chair may cancel or change it


def test_someone_who_is_not_a_chair_sends_no_material(telegram, db):
    from portal.models import User
    from portal.tests.factories import RegionFactory, UserFactory

    press = UserFactory(role=User.Role.PRESS, region=RegionFactory())
    person = linked(telegram, press)
    telegram.message(person, text="Заголовок\nТекст")
    handle_all(telegram)
    assert not Draft.objects.exists()


# --- Safety -------------------------------------------------------------------------


def test_a_403_blocked_by_the_user_marks_the_link_inactive(telegram, chair):
    person = linked(telegram, chair)
    telegram.refusals["sendMessage"] = [refusal(403, "Forbidden: bot was blocked by the user")]
    telegram.message(person, text="Заголовок\nТекст")
    handle_all(telegram)
    assert not TelegramLink.objects.get(telegram_id=person["id"]).active


def test_a_429_is_waited_out_as_long_as_asked(telegram, chair, settings):
    settings.CHANNELS_MAX_WAIT_SECONDS = 5
    person = linked(telegram, chair)
    telegram.refusals["sendMessage"] = [
        refusal(429, "Too Many Requests: retry after 1", retry_after=1)
    ]
    telegram.message(person, text="Заголовок\nТекст")
    started = time.monotonic()
    handle_all(telegram)
    assert time.monotonic() - started >= 1
    # Asked twice: refused, then sent after the wait.
    assert len([t for t in telegram.texts() if "Заголовок" in t]) == 2
    assert Draft.objects.get().summary_message_id is not None


def test_the_token_is_in_no_log(telegram, chair, caplog):
    person = linked(telegram, chair)
    telegram.refusals["sendMessage"] = [refusal(400, "Bad Request: chat not found")]
    telegram.message(person, text="Заголовок\nТекст")
    with caplog.at_level("DEBUG"):
        handle_all(telegram)
    # The portal's own records (the loopback server's access log is not ours).
    ours = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith(("bot", "networks"))
    )
    assert "not delivered" in ours
    assert TOKEN not in ours and TOKEN.split(":")[1] not in ours
