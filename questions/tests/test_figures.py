"""Figures for the dashboard: per month and topic, and the median days to answer."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions import services
from questions.models import Question
from questions.selectors import question_figures

from .conftest import ask


def at(day: int, month: int = 3, hour: int = 10) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime(2026, month, day, hour, tzinfo=tz)


def received(world, when, *, topic="pay", answered_after_days=None, region=None, spam=False):
    question = ask(world, topic=topic, region=region or world.region)
    fields = {"received_at": when}
    if answered_after_days is not None:
        fields["answered_at"] = when + datetime.timedelta(days=answered_after_days)
        fields["answer_days"] = answered_after_days
        fields["status"] = Question.Status.ANSWERED
    Question.objects.filter(pk=question.pk).update(**fields)
    if spam:
        services.question_close(
            question=question, user=world.users["press"], version=None, closure="spam"
        )
    return question


def test_counts_per_month_and_topic_and_the_median(world):
    received(world, at(2), topic="pay", answered_after_days=1)
    received(world, at(10), topic="pay", answered_after_days=3)
    received(world, at(20), topic="leave", answered_after_days=8)
    received(world, at(5, month=4), topic="leave")  # not answered yet
    received(world, at(6, month=4), topic="leave", spam=True)  # left out
    received(world, at(7, month=4), region=world.other_region)  # other region
    received(world, at(1, month=5), topic="pay")  # after the period

    with CaptureQueriesContext(connection) as queries:
        figures = question_figures(
            world.region, datetime.date(2026, 3, 1), datetime.date(2026, 4, 30)
        )
    assert len(queries) == 2  # counts by topic; the days to an answer with their month
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    assert figures["months"] == [march, april]
    assert figures["counts"][march]["pay"] == 2
    assert figures["counts"][march]["leave"] == 1
    assert figures["counts"][april]["leave"] == 1
    assert figures["per_month"] == {march: 3, april: 1}
    assert figures["per_topic"]["pay"] == 2 and figures["per_topic"]["leave"] == 2
    assert figures["total"] == 4 and figures["answered"] == 3
    assert figures["median_days"] == 3.0
    assert figures["median_days_per_month"] == {march: 3.0, april: None}
    assert figures["topics"][0][0] == "pay"

    every = question_figures(None, datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
    assert every["total"] == 5


def test_the_median_of_an_even_number_of_waits_is_the_mean_of_the_middle_two(world):
    for day, waited in ((2, 1), (3, 6), (4, 2), (5, 10)):
        received(world, at(day), answered_after_days=waited)
    received(world, at(2, month=4), answered_after_days=7)
    figures = question_figures(world.region, datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    assert figures["median_days_per_month"] == {march: 4.0, april: 7.0}  # (2 + 6) / 2
    assert figures["median_days"] == 6.0 and figures["answered"] == 5  # 1 2 6 7 10


def test_answering_keeps_the_days_to_an_answer(world):
    question = ask(world)
    Question.objects.filter(pk=question.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=2, hours=12)
    )
    question.refresh_from_db()
    answered = services.question_answer(
        question=question, user=world.users["press"], version=None, answer="Ответ"
    )
    answered.refresh_from_db()
    assert answered.answer_days == pytest.approx(2.5, abs=0.01)
