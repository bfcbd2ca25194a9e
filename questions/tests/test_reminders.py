"""A question without an answer for five days reminds the press service once."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from portal.models import Notification
from questions import services
from questions.models import Question
from questions.tasks import question_reminders_task

from .conftest import ask

RECEIVED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def test_reminded_after_five_days_once(world, lawyer):
    question = ask(world)
    Question.objects.filter(pk=question.pk).update(received_at=RECEIVED, assignee=lawyer)
    answered = ask(world)
    Question.objects.filter(pk=answered.pk).update(received_at=RECEIVED)
    services.question_answer(
        question=answered, user=world.users["press"], version=None, answer="Ответ"
    )
    received = timezone.localtime(RECEIVED).date()

    assert services.reminders_questions_unanswered(today=received + datetime.timedelta(days=4)) == 0
    sent = services.reminders_questions_unanswered(today=received + datetime.timedelta(days=5))
    assert sent == 2  # the region's press secretary and the assignee
    reminded = Notification.objects.filter(key=f"question-unanswered:{question.pk}")
    assert {n.user for n in reminded} == {world.users["press"], lawyer}
    assert not Notification.objects.filter(key=f"question-unanswered:{answered.pk}").exists()
    assert not world.users["other_press"].notifications.exists()
    # Again, the next day, by the task and by the command: nothing new.
    assert (
        question_reminders_task.apply(
            args=[(received + datetime.timedelta(days=6)).isoformat()]
        ).get()
        == 0
    )
    call_command(
        "send_question_reminders", today=(received + datetime.timedelta(days=7)).isoformat()
    )
    assert reminded.count() == 2


def test_the_schedule():
    from config.celery import app
    from questions.tasks import purge_personal_data_task

    daily = app.conf.beat_schedule["questions-reminders-daily"]
    assert daily["task"] == question_reminders_task.name
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({8}, {15})
    nightly = app.conf.beat_schedule["questions-purge-personal-data-nightly"]
    assert nightly["task"] == purge_personal_data_task.name


def test_an_assignee_no_longer_of_the_press_service_is_not_reminded(world, lawyer):
    question = ask(world)
    Question.objects.filter(pk=question.pk).update(received_at=RECEIVED, assignee=lawyer)
    lawyer.region = world.other_region
    lawyer.save()
    received = timezone.localtime(RECEIVED).date()

    assert services.reminders_questions_unanswered(today=received + datetime.timedelta(days=5)) == 1
    reminded = Notification.objects.filter(key=f"question-unanswered:{question.pk}")
    assert {n.user for n in reminded} == {world.users["press"]}
