"""Small things a member and a press secretary tripped over (issue 18)."""

import pytest
from django.urls import reverse

from questions.models import Question

from .conftest import ask
from .test_faq import published, texts


def test_the_ask_form_chooses_no_topic_for_the_member(world, client):
    page = client.get(reverse("questions:ask")).content.decode()
    assert '<option value="" selected>— выберите тему —</option>' in page
    response = client.post(
        reverse("questions:ask"),
        {"region": world.region.pk, "text": "Как оформить отпуск без содержания?"},
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["topic"]
    assert not Question.objects.exists()


def test_a_short_faq_question_is_not_repeated_under_itself(world, client):
    published(world, question="Можно ли разделить отпуск?", answer="Да, по заявлению.")
    page = texts(client)
    assert page.count("Можно ли разделить отпуск?") == 1
    assert 'data-testid="faq-full-question"' not in page
    long_question = "Как оплачивается работа в каникулы, " + "если " * 40 + "я воспитатель?"
    published(world, question=long_question, answer="По среднему заработку.")
    page = texts(client)
    assert 'data-testid="faq-full-question"' in page


@pytest.mark.parametrize("answered", [False, True])
def test_closing_presets_a_reason_only_for_an_answered_question(world, client_for, answered):
    from questions import services

    question = ask(world)
    if answered:
        question = services.question_answer(
            question=question, user=world.users["press"], version=None, answer="Так-то."
        )
    page = client_for(world.users["press"]).get(question.get_absolute_url())
    form = page.context["close_form"]
    assert form["closure"].value() == ("resolved" if answered else "")
    if not answered:
        assert "— выберите причину —" in page.content.decode()
