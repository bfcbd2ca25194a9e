"""A demo survey: «where do you read union news», open for the last months,
with answers spread over them (clearly marked demo data), for each demo
region of `load_demo` and, in the embedded default (DEBUG), the report's
region through `load_seed`. A production installation gets nothing from here."""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone

from . import services, templates
from .models import Answer, Option, Question, Response, Survey

DEMO = " (демо)"
ANSWERS_PER_UNIT = 60
DAYS = 75


def load(*, region) -> None:
    if not settings.DEBUG or Survey.objects.filter(region=region, is_demo=True).exists():
        return
    load_demo_survey(
        region=region,
        branches=list(region.branches.all()),
        scale=1,
        today=timezone.localdate(),
        rng=random.Random(2025),
    )


def load_demo_survey(*, region, branches, scale: int, today: datetime.date, rng: random.Random):
    survey = _demo_survey(region=region, today=today)
    questions = list(Question.objects.filter(survey=survey))
    options = {q.pk: list(Option.objects.filter(question=q)) for q in questions}
    responses = _demo_responses(
        survey=survey, region=region, branches=branches, scale=scale, today=today, rng=rng
    )
    answers = []
    for response in responses:
        for question in questions:
            answer = _DEMO_ANSWERS.get(question.kind, _demo_text)
            answers += answer(response, question, options[question.pk], rng)
    Answer.objects.bulk_create(answers, batch_size=2000)
    return survey


def _demo_survey(*, region, today: datetime.date) -> Survey:
    """The news template's survey, marked demo, open for the last DAYS days."""
    spec = templates.spec_for(Survey.Template.NEWS)
    survey = Survey.objects.create(
        region=region,
        template=Survey.Template.NEWS,
        title_ru=spec.title_ru + DEMO,
        title_kk=spec.title_kk,
        intro_ru=spec.intro_ru,
        intro_kk=spec.intro_kk,
        opens_on=today - datetime.timedelta(days=DAYS),
        closes_on=today + datetime.timedelta(days=14),
        is_demo=True,
    )
    for q in spec.questions:
        services._add_question(
            survey,
            services.QuestionData(
                kind=q.kind,
                text_ru=q.ru,
                text_kk=q.kk,
                required=q.required,
                options=[(o.ru, o.kk) for o in q.options],
            ),
            links=[(o.channel, o.rubric) for o in q.options],
        )
    return survey


def _demo_responses(*, survey, region, branches, scale, today, rng) -> list[Response]:
    """ANSWERS_PER_UNIT × scale responses spread over the last DAYS days."""
    tz = timezone.get_current_timezone()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            region=region,
            branch=rng.choice(branches) if rng.random() < 0.7 else None,
            language="kk" if rng.random() < 0.4 else "ru",
            submitted_at=datetime.datetime.combine(
                today - datetime.timedelta(days=rng.randrange(DAYS)),
                datetime.time(8 + rng.randrange(12)),
                tzinfo=tz,
            ),
            is_demo=True,
        )
        for _n in range(ANSWERS_PER_UNIT * scale)
    )
    if not responses[0].pk:  # SQLite before 3.35 gives no ids back
        responses = list(Response.objects.filter(survey=survey))
    return responses


def _demo_multiple(response, question, options, rng) -> list[Answer]:
    # Facebook and Instagram first, as the report found them.
    weights = [5, 4, 1, 2, 2, 1, 3, 4, 1][: len(options)]
    weights += [1] * (len(options) - len(weights))
    chosen = {o.pk: o for o in rng.choices(options, weights, k=rng.randint(1, 3))}
    return [Answer(response=response, question=question, option=o) for o in chosen.values()]


def _demo_scale(response, question, options, rng) -> list[Answer]:
    return [Answer(response=response, question=question, value=rng.choice([3, 4, 4, 5, 5]))]


def _demo_text(response, question, options, rng) -> list[Answer]:
    if rng.random() < 0.2:
        return [Answer(response=response, question=question, text=f"Пожелание{DEMO}")]
    return []


# Each kind's demo answer; any other kind gets a wish now and then.
_DEMO_ANSWERS = {
    Question.Kind.MULTIPLE: _demo_multiple,
    Question.Kind.SCALE: _demo_scale,
}
