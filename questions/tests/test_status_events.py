"""A material's and a question's steps are one model (`portal.events.StatusEvent`)
over their own tables: one set of fields and one «who changed it last»."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from materials.models import Submission, SubmissionEvent
from materials.tests.test_workflow import send
from portal.events import StatusEvent
from questions import services
from questions.models import QuestionEvent

from .conftest import ask

pytestmark = pytest.mark.django_db


def test_both_apps_events_are_the_one_model_over_their_own_tables():
    for model, table, owner in (
        (SubmissionEvent, "materials_submissionevent", "submission"),
        (QuestionEvent, "questions_questionevent", "question"),
    ):
        assert issubclass(model, StatusEvent)
        # The tables, their columns and their rows stay where they were.
        assert model._meta.db_table == table
        columns = {
            c.name
            for c in connection.introspection.get_table_description(connection.cursor(), table)
        }
        assert columns == {
            "id",
            f"{owner}_id",
            "user_id",
            "at",
            "from_status",
            "to_status",
            "comment",
        }
        assert model._meta.ordering == ["at", "pk"]
    # Each keeps the statuses of its own workflow.
    assert SubmissionEvent._meta.get_field("to_status").choices == Submission.Status.choices


def test_the_last_step_names_who_changed_a_material_or_a_question(world):
    press = world.users["press"]
    submission = send(world)
    question = ask(world)
    later = timezone.now() + datetime.timedelta(minutes=5)
    SubmissionEvent.objects.create(
        submission=submission, user=press, to_status="in_review", at=later
    )
    QuestionEvent.objects.create(question=question, user=press, to_status="in_progress", at=later)
    for owner in (submission, question):
        step = owner.events.latest_step()
        assert (step.user, step.at) == (press, later)
    # A stale version's refusal names that step's person and time.
    with pytest.raises(services.Conflict) as conflict:
        services.question_take(question=question, user=press, version=5)
    assert str(press) in conflict.value.message
    assert date_format(timezone.localtime(later), "j E, H:i") in conflict.value.message
