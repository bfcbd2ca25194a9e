"""Surveys and answers shared by the surveys app's tests."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from contentplan.seed import load_rubrics
from surveys import selectors, services
from surveys.models import Survey


@pytest.fixture
def rubrics(db) -> dict:
    return {rubric.name: rubric for rubric in load_rubrics()}


def make_survey(user, template="news", **fields) -> Survey:
    today = timezone.localdate()
    data = {
        "title_ru": "",
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=13),
    }
    data.update(fields)
    return services.survey_create(user=user, data=services.SurveyData(**data), template=template)


def form(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [str(value)])
    return data


def answer(survey: Survey, *, branch=None, region=None, address=None, **values):
    """Answer through the service as the public page does."""
    questions = selectors.questions_of(survey)
    read = services.read_answers(questions, form(**values))
    return services.response_submit(
        survey=survey, read=read, language="ru", address=address, region=region, branch=branch
    )
