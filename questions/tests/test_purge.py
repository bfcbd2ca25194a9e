"""The askers' personal data goes a year after closing; nothing else changes."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from portal.models import Notification
from questions import services
from questions.models import Question
from questions.tasks import purge_personal_data_task

from .conftest import ask

TODAY = datetime.date(2027, 6, 1)


def closed(world, *, days_ago: int) -> Question:
    question = ask(
        world,
        name="Айгуль Серикова",
        email="aigul@example.kz",
        phone="+7 701 123 45 67",
        consent=True,
        text="Я Айгуль Серикова, мой номер +7 701 123 45 67. Вопрос про отпуск.",
    )
    question = services.question_answer(
        question=question, user=world.users["press"], version=None, answer="Ответ для Айгуль"
    )
    question = services.question_close(
        question=question, user=world.users["press"], version=None, closure="resolved"
    )
    when = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    Question.objects.filter(pk=question.pk).update(
        closed_at=when - datetime.timedelta(days=days_ago)
    )
    return question


def test_personal_data_is_removed_a_year_after_closing(world):
    old = closed(world, days_ago=366)
    recent = closed(world, days_ago=300)
    still_open = ask(world, name="Ерлан", email="erlan@example.kz", consent=True)
    Question.objects.filter(pk=still_open.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=800)
    )

    assert services.questions_purge_personal_data(today=TODAY) == 1
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.consent) == ("", "", "", False)
    assert old.personal_data_removed_at is not None
    assert "Айгуль" not in old.text and "701" not in old.text and "отпуск" in old.text
    assert "Айгуль" not in old.answer
    recent.refresh_from_db()
    assert recent.name == "Айгуль Серикова" and recent.email
    still_open.refresh_from_db()
    assert still_open.email == "erlan@example.kz"
    # A second run (the task, the command) changes nothing.
    assert purge_personal_data_task.apply(args=[TODAY.isoformat()]).get() == 0
    call_command("purge_question_personal_data", today=TODAY.isoformat())
    assert Question.objects.get(pk=old.pk).personal_data_removed_at == old.personal_data_removed_at


def test_the_history_and_the_notifications_lose_the_asker_too(world, lawyer):
    question = ask(
        world,
        name="Айгуль Серикова",
        phone="+7 701 123 45 67",
        consent=True,
        text="Я Айгуль Серикова, мой номер +7 701 123 45 67. Вопрос про отпуск.",
    )
    question = services.question_assign(
        question=question,
        user=world.users["press"],
        version=None,
        assignee=lawyer,
        comment="Перезвонить Айгуль на +7 701 123 45 67",
    )
    question = services.question_answer(
        question=question, user=lawyer, version=None, answer="Ответ для Айгуль"
    )
    services.question_close(
        question=question,
        user=lawyer,
        version=None,
        closure="resolved",
        comment="Серикова довольна",
    )
    other = ask(world, name="Айгуль Серикова", text="Я Айгуль Серикова, вопрос про оплату.")
    when = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    Question.objects.filter(pk=question.pk).update(closed_at=when - datetime.timedelta(days=366))

    assert services.questions_purge_personal_data(today=TODAY) == 1
    comments = " ".join(question.events.values_list("comment", flat=True))
    assert "Перезвонить" in comments and "довольна" in comments
    assert "Айгуль" not in comments and "Серикова" not in comments and "701" not in comments
    notes = Notification.objects.filter(
        key__in=[f"question-new:{question.pk}", f"question-assigned:{question.pk}:{lawyer.pk}:1"]
    )
    assert notes.count() == 3  # new: two press secretaries; assigned: the lawyer
    assert all(note.body == "" and question.reference in note.title for note in notes)
    # Another question's notifications keep their text.
    assert "Айгуль" in Notification.objects.filter(key=f"question-new:{other.pk}").first().body


def test_an_answered_question_never_closed_is_purged_a_year_after_the_answer(world):
    question = ask(world, name="Ерлан", email="erlan@example.kz", consent=True)
    question = services.question_answer(
        question=question, user=world.users["press"], version=None, answer="Ответ, Ерлан"
    )
    when = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    Question.objects.filter(pk=question.pk).update(answered_at=when - datetime.timedelta(days=300))
    assert services.questions_purge_personal_data(today=TODAY) == 0
    Question.objects.filter(pk=question.pk).update(answered_at=when - datetime.timedelta(days=366))

    assert services.questions_purge_personal_data(today=TODAY) == 1
    question.refresh_from_db()
    assert (question.name, question.email, question.consent) == ("", "", False)
    assert "Ерлан" not in question.answer
