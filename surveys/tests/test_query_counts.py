"""The results page costs the same number of queries at 100 and 10,000 answers;
the list of surveys the same with 1× and 10× surveys."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import AddressCount, Answer, Response

from .conftest import make_survey


def add_answers(survey, world, count: int) -> None:
    """`count` answers straight into the tables (the service is tested elsewhere)."""
    questions = {q.kind: q for q in survey.questions.all()}
    options = list(questions["single"].options.all())
    branches = [world.branch, world.branch2, None]
    start = Response.objects.count()
    responses = Response.objects.bulk_create(
        Response(survey=survey, region=world.region, branch=branches[n % 3])
        for n in range(start, start + count)
    )
    if not responses[0].pk:  # SQLite before 3.35 gives no ids back
        responses = list(Response.objects.filter(survey=survey).order_by("-pk")[:count])
    Answer.objects.bulk_create(
        (
            answer
            for n, response in enumerate(responses)
            for answer in (
                Answer(response=response, question=questions["scale"], value=n % 5 + 1),
                Answer(response=response, question=questions["single"], option=options[n % 3]),
                Answer(response=response, question=questions["text"], text=f"Текст {n}"),
            )
        ),
        batch_size=2000,
    )
    # One address in ten sent several answers: the results show them (bursts).
    start_rows = AddressCount.objects.filter(survey=survey).count()
    AddressCount.objects.bulk_create(
        AddressCount(survey=survey, digest=f"{n:064x}", count=1, total=n % 7 + 1)
        for n in range(start_rows, start_rows + count // 10)
    )


def count(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# A logged-in page pays 6 for the session, the user and the bell; the results
# then read the survey, its questions and their choices, the answers counted,
# the choices counted, answered per question, answers per branch, choices per
# branch, the branches' names, the newest texts and the addresses that sent
# several answers (11). The press secretary's page has the post form too: its
# default rubric and question, the rubrics and the questions to choose from (4).
@pytest.mark.parametrize(("role", "pinned"), [("press", 21), ("central", 17)])
def test_results_cost_the_same_at_100_and_10000_answers(world, rubrics, client_for, role, pinned):
    survey = make_survey(world.users["press"], "event")
    client = client_for(world.users[role])
    address = reverse("surveys:results", args=[survey.pk])
    add_answers(survey, world, 100)
    at_100 = count(client, address)
    add_answers(survey, world, 9_900)
    assert Response.objects.filter(survey=survey).count() == 10_000
    at_10000 = count(client, address)
    assert (at_100, at_10000) == (pinned, pinned)


def test_a_central_survey_side_by_side_costs_the_same(world, rubrics, client_for):
    survey = make_survey(world.users["central"], "event")
    client = client_for(world.users["central"])
    address = reverse("surveys:results", args=[survey.pk])
    add_answers(survey, world, 100)
    at_100 = count(client, address)
    add_answers(survey, world, 1_000)
    assert count(client, address) == at_100


def test_the_list_costs_the_same(world, rubrics, client_for):
    client = client_for(world.users["press"])
    for _n in range(1):
        make_survey(world.users["press"], "event")
    at_1 = count(client, reverse("surveys:list"))
    for _n in range(9):
        make_survey(world.users["press"], "event")
        make_survey(world.users["central"], "news")
    # A logged-in page pays 6; the list: the surveys with their answers counted.
    assert (at_1, count(client, reverse("surveys:list"))) == (7, 7)


def test_the_public_page_costs_the_same(world, rubrics, client):
    survey = make_survey(world.users["press"], "news")
    address = reverse("surveys:public", args=[survey.code])
    add_answers(make_survey(world.users["press"], "event"), world, 10)
    at_1 = count(client, address)
    add_answers(make_survey(world.users["press"], "event"), world, 100)
    assert count(client, address) == at_1
