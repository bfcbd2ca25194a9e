"""The nightly task that deletes the address hashes of closed surveys."""

from __future__ import annotations

import datetime

import pytest

from config.celery import app
from surveys import services
from surveys.models import AddressCount
from surveys.tasks import purge_addresses_task

from .conftest import form, make_survey


def test_the_schedule_runs_the_purge_every_night():
    entry = app.conf.beat_schedule["surveys-purge-addresses-nightly"]
    assert entry["task"] == purge_addresses_task.name
    assert entry["schedule"].hour == {3}


@pytest.mark.celery_worker
def test_the_purge_on_a_real_worker(celery_worker, world):
    from contentplan.seed import load_rubrics

    load_rubrics()
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    read = services.read_answers(list(survey.questions.all()), form(**{f"q{scale.pk}": "5"}))
    services.response_submit(survey=survey, read=read, language="ru", address="192.0.2.1")
    assert AddressCount.objects.count() == 1
    day = (survey.closes_on + datetime.timedelta(days=1)).isoformat()
    result = purge_addresses_task.apply_async(kwargs={"today": day}, queue=celery_worker.queue)
    assert result.get(timeout=60) == 1
    assert not AddressCount.objects.exists()
    again = purge_addresses_task.apply_async(kwargs={"today": day}, queue=celery_worker.queue)
    assert again.get(timeout=60) == 0
