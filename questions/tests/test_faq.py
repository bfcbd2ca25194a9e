"""The public FAQ: published answers only, searchable in Cyrillic, by topic, paginated."""

from django.urls import reverse

from questions import services
from questions.models import Question

from .conftest import ask


def published(
    world, *, topic="leave", question="Можно ли разделить Отпуск?", answer="Да."
) -> Question:
    item = ask(world, topic=topic, text=question)
    item = services.question_answer(
        question=item, user=world.users["press"], version=None, answer=answer
    )
    return services.question_publish(
        question=item,
        user=world.users["press"],
        version=None,
        publish=True,
        public_question=question,
        public_answer=answer,
    )


def texts(client, query: str = "") -> str:
    response = client.get(reverse("questions:faq") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_only_published_answers_are_shown(world, client):
    shown = published(world, question="Как оплачивается классное руководство?")
    hidden = ask(world, text="Неопубликованный вопрос")
    services.question_answer(
        question=hidden, user=world.users["press"], version=None, answer="Ответ"
    )
    page = texts(client)
    assert "Как оплачивается классное руководство?" in page
    assert "Неопубликованный вопрос" not in page
    services.question_publish(
        question=shown, user=world.users["press"], version=None, publish=False
    )
    assert "Как оплачивается классное руководство?" not in texts(client)


def test_search_ignores_case_in_cyrillic_and_topic_filters(world, client):
    published(world, topic="leave", question="Можно ли разделить Отпуск?")
    published(world, topic="pay", question="Когда выплачивают премию?", answer="В декабре.")
    page = texts(client, "?q=ОТПУСК")
    assert "разделить Отпуск" in page and "премию" not in page
    page = texts(client, "?q=декабре")  # the answer is searched too
    assert "премию" in page and "разделить" not in page
    page = texts(client, "?topic=pay")
    assert "премию" in page and "разделить" not in page
    assert 'data-testid="faq-item"' not in texts(client, "?q=аттестация")


def test_spam_and_markup_never_show(world, client):
    item = published(world, question="<script>alert(1)</script> вопрос", answer="<img src=x>")
    page = texts(client)
    assert "<script>alert(1)</script>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    services.question_close(question=item, user=world.users["press"], version=None, closure="spam")
    assert "alert(1)" not in texts(client)


def test_pages_of_twenty(world, client):
    for n in range(21):
        published(world, question=f"Вопрос номер {n:02d}")
    first = texts(client)
    assert first.count('data-testid="faq-item"') == 20
    assert texts(client, "?page=2").count('data-testid="faq-item"') == 1
