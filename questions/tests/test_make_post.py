"""«Make a post»: an answered question becomes a planned post without the asker."""

import datetime

import pytest
from django.urls import reverse

from contentplan.models import MonthlyPlan
from portal import dates
from questions import services
from questions.models import Question
from questions.services import Refused

from .conftest import ask

DAY = datetime.date(2026, 5, 14)
NAME = "Айгуль Серикова"
EMAIL = "aigul.serikova@example.kz"
PHONE = "+7 (701) 123-45-67"


def answered(world) -> Question:
    question = ask(
        world,
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        consent=True,
        branch=world.branch,
        organisation=world.organisation,
        text=(
            f"Меня зовут {NAME}, пишите на {EMAIL.upper()} или звоните 8 701 123 45 67. "
            "Могу ли я разделить отпуск на две части? Моя коллега тоже спрашивает: "
            "other.teacher@example.kz"
        ),
    )
    return services.question_answer(
        question=question,
        user=world.users["press"],
        version=0,
        answer=f"Уважаемая Айгуль! Да, отпуск можно разделить. Звоните {PHONE}.",
    )


def test_the_post_carries_no_personal_data(world, rubrics):
    question = answered(world)
    post = services.question_make_post(
        question=question,
        user=world.users["press"],
        version=question.version,
        date=DAY,
        rubric=rubrics["Ответы на частые вопросы"],
    )
    assert post.plan == MonthlyPlan.objects.get(region=world.region, month=dates.first_day(DAY))
    assert post.rubric.name == "Ответы на частые вопросы"
    assert post.date == DAY and post.responsible == world.users["press"]
    assert post.branch is None  # the branch could point at the asker too
    text = f"{post.title}\n{post.brief}".lower()
    for personal in (
        "айгуль",
        "серикова",
        EMAIL,
        "other.teacher@example.kz",
        "701",
        "123-45-67",
        "123 45 67",
        world.organisation.name.lower(),
    ):
        assert personal.lower() not in text, personal
    assert "разделить отпуск на две части" in post.brief
    assert "отпуск можно разделить" in post.brief
    question.refresh_from_db()
    assert question.post == post


def test_a_question_becomes_one_post_of_an_allowed_rubric(world, rubrics):
    press = world.users["press"]
    question = ask(world)
    with pytest.raises(Refused):  # not answered yet
        services.question_make_post(
            question=question,
            user=press,
            version=0,
            date=DAY,
            rubric=rubrics["Правовые разъяснения"],
        )
    question = services.question_answer(question=question, user=press, version=0, answer="Ответ")
    with pytest.raises(Refused):
        services.question_make_post(
            question=question, user=press, version=None, date=DAY, rubric=rubrics["Прямые эфиры"]
        )
    with pytest.raises(Refused):
        services.question_make_post(
            question=question,
            user=world.users["central"],
            version=None,
            date=DAY,
            rubric=rubrics["Правовые разъяснения"],
        )
    services.question_make_post(
        question=question,
        user=press,
        version=None,
        date=DAY,
        rubric=rubrics["Правовые разъяснения"],
    )
    with pytest.raises(Refused, match="уже сделан пост"):
        services.question_make_post(
            question=question,
            user=press,
            version=None,
            date=DAY,
            rubric=rubrics["Правовые разъяснения"],
        )


def test_the_view_makes_the_post(world, rubrics, client_for):
    question = answered(world)
    response = client_for(world.users["press"]).post(
        reverse("questions:make_post", args=[question.pk]),
        {
            "version": question.version,
            "date": DAY.isoformat(),
            "rubric": rubrics["Правовые разъяснения"].pk,
        },
        follow=True,
    )
    question.refresh_from_db()
    assert question.post is not None
    assert 'data-testid="became-post"' in response.content.decode()


def test_the_public_wording_is_depersonalised_too(world):
    question = answered(world)
    question = services.question_publish(
        question=question,
        user=world.users["press"],
        version=question.version,
        publish=True,
        public_question=f"{NAME} спрашивает про отпуск, {EMAIL}",
        public_answer="Да, можно, Айгуль.",
    )
    assert question.faq_published
    assert "Айгуль" not in question.public_question + question.public_answer
    assert EMAIL not in question.public_question


def test_the_name_is_removed_at_word_starts_in_any_form(world):
    question = ask(world, name="Анна Али")
    text = "Анна спрашивает. Передайте Анне, поговорите с Анной и с АЛИ про реализацию."
    cleaned = services.depersonalise(text, question)
    assert "Анн" not in cleaned and "АЛИ" not in cleaned
    assert "реализацию" in cleaned and "спрашивает" in cleaned and "поговорите" in cleaned
    assert cleaned.count(services.REMOVED) == 4
