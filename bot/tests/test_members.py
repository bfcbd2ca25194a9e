"""Members in the bot: /ask puts a question into the region's queue (the web
form's rules and limits, counted per Telegram user), its answer comes back in
the bot; /surveys lists the region's open surveys with their links."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from bot import outbox
from bot.models import TelegramLink, TelegramMessage, TelegramQuestion
from materials.models import Submission
from questions import services as questions
from questions.models import TEXT_MAX, Question
from surveys.tests.conftest import make_survey

from .test_bot import handle_all, linked

pytestmark = pytest.mark.django_db


def buttons(telegram) -> list[dict]:
    markup = telegram.sent()[-1].get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def press_button(telegram, person, label_part: str) -> None:
    (button,) = [b for b in buttons(telegram) if label_part in b["text"]]
    telegram.press(person, button["callback_data"])
    handle_all(telegram)


def test_a_stranger_chooses_the_region_and_topic_and_the_question_is_queued(world, telegram):
    person = telegram.user(601)
    telegram.message(person, text="/ask")
    handle_all(telegram)
    labels = [b["text"] for b in buttons(telegram)]
    assert "Восточно-Казахстанская область" in labels and "Павлодарская область" in labels
    press_button(telegram, person, "Восточно-Казахстанская")
    assert TelegramLink.objects.get(telegram_id=601).region == world.region
    topics = {b["callback_data"] for b in buttons(telegram)}
    assert {"topic:pay", "topic:other"} <= topics
    telegram.press(person, "topic:pay")
    handle_all(telegram)
    telegram.message(person, text="Почему не доплатили за классное руководство?")
    handle_all(telegram)

    question = Question.objects.get()
    assert question.region == world.region and question.topic == "pay"
    assert question.text == "Почему не доплатили за классное руководство?"
    assert question.sender == questions.sender_of("telegram:601")
    assert question.reference in telegram.texts()[-1]
    # The region's press secretary is told, as for the web form.
    assert world.users["press"].notifications.filter(key=f"question-new:{question.pk}").exists()
    # The next text is no question any more.
    telegram.message(person, text="Спасибо")
    handle_all(telegram)
    assert Question.objects.count() == 1


def test_the_answer_comes_back_in_the_bot_once(world, telegram):
    person = telegram.user(602)
    TelegramLink.objects.create(telegram_id=602, chat_id=602, region=world.region)
    telegram.press(person, "topic:leave")
    handle_all(telegram)
    telegram.message(person, text="Можно ли взять отпуск зимой?")
    handle_all(telegram)
    question = Question.objects.get()
    press = world.users["press"]
    questions.question_take(question=question, user=press, version=question.version)
    question.refresh_from_db()
    questions.question_answer(
        question=question,
        user=press,
        version=question.version,
        answer="Да, по согласованию с работодателем.",
    )
    assert outbox.deliver_due()["sent"] == 1
    sent = telegram.sent()[-1]
    assert sent["chat_id"] == 602
    assert question.reference in sent["text"]
    assert "Да, по согласованию с работодателем." in sent["text"]
    # The tie between the Telegram user and the question is not kept past it.
    assert not TelegramQuestion.objects.exists()
    question.refresh_from_db()
    questions.question_close(
        question=question, user=press, version=question.version, closure="resolved"
    )
    assert outbox.deliver_due() == {"due": 0, "sent": 0}
    assert TelegramMessage.objects.count() == 1


def test_the_hourly_limit_counts_per_telegram_user(world, telegram):
    person = telegram.user(603)
    TelegramLink.objects.create(telegram_id=603, chat_id=603, region=world.region)
    for n in range(questions.ASK_LIMIT):
        telegram.press(person, "topic:other")
        telegram.message(person, text=f"Вопрос {n}")
        handle_all(telegram)
    assert Question.objects.count() == questions.ASK_LIMIT
    telegram.press(person, "topic:other")
    telegram.message(person, text="Ещё вопрос")
    handle_all(telegram)
    assert Question.objects.count() == questions.ASK_LIMIT
    assert "Вы уже задали 5 вопросов за последний час" in telegram.texts()[-1]
    # Another Telegram user is not held back by the first one's questions.
    other = telegram.user(604)
    TelegramLink.objects.create(telegram_id=604, chat_id=604, region=world.region)
    telegram.press(other, "topic:other")
    telegram.message(other, text="Мой вопрос")
    handle_all(telegram)
    assert Question.objects.count() == questions.ASK_LIMIT + 1


def test_a_question_too_long_is_refused_in_words(world, telegram):
    person = telegram.user(605)
    TelegramLink.objects.create(telegram_id=605, chat_id=605, region=world.region)
    telegram.press(person, "topic:other")
    telegram.message(person, text="а" * (TEXT_MAX + 1))
    handle_all(telegram)
    assert not Question.objects.exists()
    assert str(TEXT_MAX) in telegram.texts()[-1]


def test_a_linked_chair_asks_in_the_region_of_their_branch(world, telegram):
    person = linked(telegram, world.users["chair"])
    telegram.message(person, text="/ask")
    handle_all(telegram)
    assert "topic:pay" in {b.get("callback_data") for b in buttons(telegram)}
    telegram.press(person, "topic:safety")
    telegram.message(person, text="Кто проверяет охрану труда?")
    handle_all(telegram)
    assert Question.objects.get().region == world.region
    # The text was the question, not the start of a material.
    assert not Submission.objects.exists()


def test_surveys_lists_the_open_surveys_of_the_region(world, telegram):
    press = world.users["press"]
    today = timezone.localdate()
    open_one = make_survey(press, title_ru="Где вы читаете новости?")
    # A survey that closed yesterday (no form makes one closed: it got old).
    past = make_survey(press, title_ru="Прошлый опрос")
    type(past).objects.filter(pk=past.pk).update(
        closes_on=today - datetime.timedelta(days=1),
        opens_on=today - datetime.timedelta(days=10),
    )
    make_survey(world.users["other_press"], title_ru="Опрос соседей")
    person = telegram.user(606)
    telegram.message(person, text="/surveys")
    handle_all(telegram)
    press_button(telegram, person, "Восточно-Казахстанская")
    text = telegram.texts()[-1]
    assert "Где вы читаете новости?" in text
    assert "Прошлый опрос" not in text and "Опрос соседей" not in text
    assert [b["url"] for b in buttons(telegram)] == [open_one.public_url()]
    # The region is remembered.
    telegram.message(person, text="/surveys")
    handle_all(telegram)
    assert "Где вы читаете новости?" in telegram.texts()[-1]
