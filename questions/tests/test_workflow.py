"""The queue: new → in progress → answered → closed, who may take each step, who sees whom."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from portal import freshness
from portal.exceptions import Conflict, Refused
from portal.infrastructure import outbox
from portal.models import OutboxEmail
from questions import services
from questions.models import Question

from .conftest import ask

S = Question.Status


def test_assign_answer_email_close(world, lawyer, django_capture_on_commit_callbacks):
    press = world.users["press"]
    question = ask(world, name="Айгуль", email="aigul@example.kz", consent=True)
    question = services.question_assign(
        question=question, user=press, version=0, assignee=lawyer, comment="Правовой вопрос"
    )
    assert question.status == S.IN_PROGRESS and question.assignee == lawyer
    assert lawyer.notifications.filter(key__startswith=f"question-assigned:{question.pk}:").exists()

    with django_capture_on_commit_callbacks() as callbacks:
        question = services.question_answer(
            question=question, user=lawyer, version=question.version, answer="Да, можно."
        )
    assert question.status == S.ANSWERED and question.answered_by == lawyer
    own = [hook for hook in callbacks if not freshness.is_own_hook(hook)]
    assert len(own) == 1  # the e-mail goes only after the commit
    assert mail.outbox == []
    answer_letters = OutboxEmail.objects.filter(key=f"question-answer:{question.pk}")
    assert answer_letters.count() == 1
    outbox.deliver_due()
    assert outbox.deliver_due() == {"due": 0, "sent": 0}
    letters = [letter for letter in mail.outbox if letter.to == ["aigul@example.kz"]]
    assert len(letters) == 1
    question.refresh_from_db()
    assert question.answer_emailed_at is not None
    letter = letters[0]
    assert letter.to == ["aigul@example.kz"]
    assert question.reference in letter.subject
    assert "Да, можно." in letter.body

    question = services.question_close(
        question=question, user=press, version=question.version, closure="resolved"
    )
    assert question.status == S.CLOSED and question.closed_at
    steps = [(e.from_status, e.to_status, e.user) for e in question.events.all()]
    assert steps == [
        ("", S.NEW, None),
        (S.NEW, S.IN_PROGRESS, press),
        (S.IN_PROGRESS, S.ANSWERED, lawyer),
        (S.ANSWERED, S.CLOSED, press),
    ]
    assert "Правовой вопрос" in question.events.all()[1].comment


def test_no_email_without_an_address_or_consent(world, django_capture_on_commit_callbacks):
    question = ask(world, phone="+7 701 123 45 67", consent=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.question_answer(
            question=question, user=world.users["press"], version=0, answer="Ответ"
        )
    assert [hook for hook in callbacks if not freshness.is_own_hook(hook)] == []
    assert mail.outbox == []
    assert not OutboxEmail.objects.filter(key__startswith="question-answer:").exists()


def test_a_closed_question_is_not_answered_and_stale_versions_are_refused(world):
    press = world.users["press"]
    question = ask(world)
    question = services.question_close(question=question, user=press, version=0, closure="spam")
    assert question.closure == "spam"
    with pytest.raises(Refused):
        services.question_answer(question=question, user=press, version=None, answer="Ответ")
    with pytest.raises(Refused):
        services.question_close(question=question, user=press, version=None, closure="duplicate")
    other = ask(world)
    with pytest.raises(Conflict, match="после того как вы открыли страницу"):
        services.question_take(question=other, user=press, version=5)
    with pytest.raises(Refused):
        services.question_close(question=other, user=press, version=0, closure="resolved")
    with pytest.raises(Refused):
        services.question_answer(question=other, user=press, version=0, answer="  ")
    assert Question.objects.get(pk=other.pk).status == S.NEW


@pytest.mark.parametrize("who", ["central", "chair", "other_press"])
def test_only_the_regions_press_service_works_on_its_questions(world, who):
    question = ask(world)
    with pytest.raises(Refused):
        services.question_answer(
            question=question, user=world.users[who], version=0, answer="Ответ"
        )
    with pytest.raises(Refused):
        services.question_take(question=question, user=world.users[who], version=0)
    assert Question.objects.get(pk=question.pk).status == S.NEW


@pytest.mark.parametrize("assignee", ["chair", "central", "other_press"])
def test_questions_are_assigned_only_within_the_regions_press_service(world, assignee):
    question = ask(world)
    with pytest.raises(Refused):
        services.question_assign(
            question=question,
            user=world.users["press"],
            version=0,
            assignee=world.users[assignee],
        )


def test_the_queue_shows_only_the_users_scope(world, client_for):
    own = ask(world, text="Вопрос из своей области")
    other = ask(world, region=world.other_region, text="Вопрос из другой области")
    press = client_for(world.users["press"]).get(reverse("questions:queue")).content.decode()
    assert own.reference in press and other.reference not in press
    central = client_for(world.users["central"]).get(reverse("questions:queue")).content.decode()
    assert own.reference in central and other.reference in central
    assert client_for(world.users["chair"]).get(reverse("questions:queue")).status_code == 404
    assert client_for(world.users["press"]).get(other.get_absolute_url()).status_code == 404


def test_the_asker_is_seen_by_the_press_service_only(world, client_for):
    question = ask(
        world,
        name="Айгуль Серикова",
        email="aigul@example.kz",
        phone="+7 701 123 45 67",
        consent=True,
    )
    press = client_for(world.users["press"]).get(question.get_absolute_url()).content.decode()
    for value in ("Айгуль Серикова", "aigul@example.kz", "+7 701 123 45 67"):
        assert value in press
    central = client_for(world.users["central"]).get(question.get_absolute_url())
    page = central.content.decode()
    assert central.status_code == 200
    for value in ("Айгуль", "aigul@example.kz", "701 123"):
        assert value not in page
    assert 'data-testid="asker-hidden"' in page
    assert 'data-testid="answer-form"' not in page  # central reads only
    queue = client_for(world.users["central"]).get(reverse("questions:queue")).content.decode()
    assert "Айгуль" not in queue


def test_phone_only_the_press_secretary_is_told_to_call(world, client_for):
    question = ask(world, phone="+7 701 123 45 67", consent=True)
    page = client_for(world.users["press"]).get(question.get_absolute_url()).content.decode()
    assert 'data-testid="asker-phone">+7 701 123 45 67<' in page


def test_the_views_take_the_steps(world, lawyer, client_for):
    question = ask(world)
    client = client_for(world.users["press"])
    client.post(
        reverse("questions:assign", args=[question.pk]),
        {"version": 0, "assignee": lawyer.pk, "comment": ""},
    )
    question.refresh_from_db()
    assert question.assignee == lawyer and question.status == S.IN_PROGRESS
    client.post(
        reverse("questions:answer", args=[question.pk]),
        {"version": question.version, "answer": "Ответ <b>юриста</b>"},
    )
    question.refresh_from_db()
    assert question.status == S.ANSWERED and question.answer == "Ответ <b>юриста</b>"
    # The same form sent again is refused: the question moved on meanwhile.
    response = client.post(
        reverse("questions:answer", args=[question.pk]),
        {"version": 0, "answer": "Другой ответ"},
        follow=True,
    )
    assert Question.objects.get(pk=question.pk).answer == "Ответ <b>юриста</b>"
    assert "&lt;b&gt;юриста&lt;/b&gt;" in response.content.decode()
    client.post(
        reverse("questions:close", args=[question.pk]),
        {"version": question.version, "closure": "resolved"},
    )
    assert Question.objects.get(pk=question.pk).status == S.CLOSED
    assert (
        client_for(world.users["central"])
        .post(reverse("questions:take", args=[question.pk]), {"version": 0})
        .status_code
        == 403
    )


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("The mail server is down.")


def test_a_failed_answer_email_is_sent_on_a_later_try(world, settings):
    question = ask(world, email="aigul@example.kz", consent=True)
    question = services.question_answer(
        question=question, user=world.users["press"], version=0, answer="Да, можно."
    )
    OutboxEmail.objects.exclude(key=f"question-answer:{question.pk}").delete()
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    assert outbox.deliver_due() == {"due": 1, "sent": 0}
    question.refresh_from_db()
    assert question.answer_emailed_at is None
    letter = OutboxEmail.objects.get()
    assert letter.attempts == 1 and "The mail server is down." in letter.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver_due() == {"due": 0, "sent": 0}  # it waits for its next try
    OutboxEmail.objects.update(next_try_at=timezone.now())
    assert outbox.deliver_due() == {"due": 1, "sent": 1}
    assert outbox.deliver_due() == {"due": 0, "sent": 0}
    assert len(mail.outbox) == 1
    question.refresh_from_db()
    assert question.answer_emailed_at is not None


def test_the_asker_is_not_seen_in_the_free_text_by_central(world, client_for):
    press = world.users["press"]
    question = ask(
        world,
        name="Айгуль Серикова",
        phone="+7 701 123 45 67",
        consent=True,
        text="Я Айгуль Серикова, мой номер +7 701 123 45 67. Вопрос про отпуск.",
    )
    question = services.question_assign(
        question=question, user=press, version=0, assignee=press, comment="Позвонить Айгуль"
    )
    question = services.question_answer(
        question=question, user=press, version=question.version, answer="Айгуль, да, можно."
    )
    services.question_close(
        question=question,
        user=press,
        version=question.version,
        closure="resolved",
        comment="Серикова довольна",
    )
    central = client_for(world.users["central"])
    page = central.get(question.get_absolute_url()).content.decode()
    assert "отпуск" in page and "да, можно" in page
    for value in ("Айгуль", "Серикова", "701 123"):
        assert value not in page
    queue = central.get(reverse("questions:queue"), {"status": "all"}).content.decode()
    assert "отпуск" in queue and "Айгуль" not in queue and "701 123" not in queue
    # Central searches the reference and the public wording, not the asker's words.
    found = central.get(reverse("questions:queue"), {"status": "all", "q": "Серикова"})
    assert question.reference not in found.content.decode()
    found = central.get(reverse("questions:queue"), {"status": "all", "q": question.reference})
    assert question.reference in found.content.decode()
    own = client_for(press).get(reverse("questions:queue"), {"status": "all", "q": "Серикова"})
    assert question.reference in own.content.decode()
    press_page = client_for(press).get(question.get_absolute_url()).content.decode()
    assert "Позвонить Айгуль" in press_page and "Серикова довольна" in press_page
