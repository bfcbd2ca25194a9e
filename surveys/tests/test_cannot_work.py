"""A survey that could not work is refused or kept from members (issue 32, item 8):
a closing date already past, and a survey with no questions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.exceptions import Refused
from surveys import services
from surveys.models import Survey

from .conftest import answer, make_survey

PAST = "Дата закрытия уже прошла"


def test_a_closing_date_in_the_past_is_refused_and_nothing_is_saved(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(Refused, match=PAST):
        make_survey(
            world.users["press"],
            "blank",
            title_ru="Прошлогодний опрос",
            opens_on=yesterday - datetime.timedelta(days=5),
            closes_on=yesterday,
        )
    assert not Survey.objects.filter(title_ru="Прошлогодний опрос").exists()


def test_the_form_names_the_field(client, world):
    client.force_login(world.users["press"])
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:create"),
        {
            "template": "blank",
            "title_ru": "Опрос о вчерашнем дне",
            "opens_on": (today - datetime.timedelta(days=3)).isoformat(),
            "closes_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert PAST in response.content.decode()
    assert not Survey.objects.filter(title_ru="Опрос о вчерашнем дне").exists()


def test_moving_the_closing_date_into_the_past_is_refused(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    data = services.SurveyData(
        title_ru=survey.title_ru,
        opens_on=survey.opens_on,
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(Refused, match=PAST):
        services.survey_update(survey=survey, user=world.users["press"], data=data)
    survey.refresh_from_db()
    assert survey.closes_on > timezone.localdate()


def test_a_survey_closed_by_its_date_still_takes_edits_of_its_words(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    past = timezone.localdate() - datetime.timedelta(days=1)
    Survey.objects.filter(pk=survey.pk).update(opens_on=past, closes_on=past)
    survey.refresh_from_db()
    data = services.SurveyData(
        title_ru="Итоги форума", opens_on=past, closes_on=past, intro_ru="Спасибо всем"
    )
    services.survey_update(survey=survey, user=world.users["press"], data=data)
    survey.refresh_from_db()
    assert (survey.title_ru, survey.closes_on) == ("Итоги форума", past)


def test_a_survey_without_questions_opens_to_nobody(client, world):
    survey = make_survey(world.users["press"], "blank", title_ru="Пустой опрос")
    assert survey.state() == "draft"
    page = client.get(reverse("surveys:public", args=[survey.code])).content.decode()
    assert "Опрос ещё готовится" in page
    assert 'data-testid="survey-answer-form"' not in page

    client.force_login(world.users["press"])
    detail = client.get(survey.get_absolute_url()).content.decode()
    assert 'data-testid="no-questions"' in detail
    listing = client.get(reverse("surveys:list")).content.decode()
    assert "нет вопросов" in listing

    services.question_add(
        survey=survey,
        user=world.users["press"],
        data=services.QuestionData(kind="scale", text_ru="Как вам работа профсоюза?"),
    )
    client.logout()
    page = client.get(reverse("surveys:public", args=[survey.code])).content.decode()
    assert 'data-testid="survey-answer-form"' in page
    question = survey.questions.get()
    answer(survey, **{f"q{question.pk}": 4})
    assert survey.responses.count() == 1
