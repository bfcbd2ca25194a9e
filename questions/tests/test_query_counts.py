"""The queue, a question's page and the public FAQ cost the same with 1× and 10× data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions import services
from questions.models import Question

from .conftest import ask


def fill(world, lawyer, times: int) -> None:
    """Per unit: in each region a new, an assigned, and an answered question on the FAQ."""
    press = world.users["press"]
    for _n in range(times):
        for region in (world.region, world.other_region):
            ask(world, region=region, branch=None, text="Новый вопрос")
        assigned = ask(world, branch=world.branch, organisation=world.organisation)
        services.question_assign(question=assigned, user=press, version=0, assignee=lawyer)
        answered = ask(world, name="Айгуль", email="a@example.kz", consent=True)
        services.question_answer(question=answered, user=press, version=0, answer="Ответ")
        services.question_publish(
            question=answered,
            user=press,
            version=None,
            publish=True,
            public_question="Вопрос",
            public_answer="Ответ",
        )


def count(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# (role, page, pinned). A logged-in page pays 6 for the session, the user and the bell.
PAGES = [
    # + the count of the page, its questions with region, branch, organisation, assignee
    ("press", "queue", 8),
    ("central", "queue", 8),
    # + the (answered) question, its history, the rubrics of the post form
    ("press", "detail", 9),
    ("central", "detail", 8),
    # anonymous: the count and the page of answers (no session is touched)
    (None, "faq", 2),
]


@pytest.mark.parametrize(("role", "page", "pinned"), PAGES)
def test_query_counts_do_not_grow(world, lawyer, client_for, role, page, pinned):
    client = client_for(world.users[role] if role else None)

    def address() -> str:
        if page == "detail":
            first = Question.objects.filter(region=world.region, status="answered").first()
            return reverse("questions:detail", args=[first.pk])
        if page == "queue":
            return reverse("questions:queue") + "?status=all"
        return reverse(f"questions:{page}")

    fill(world, lawyer, 1)
    at_1 = count(client, address())
    fill(world, lawyer, 9)
    assert Question.objects.count() == 40
    at_10 = count(client, address())
    assert (at_1, at_10) == (pinned, pinned)
