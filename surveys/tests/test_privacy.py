"""Anonymity: the branch breakdown only from 5 answers, one answer per browser,
no address kept, the address hashes gone when the survey closes."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from surveys import selectors, services
from surveys.models import AddressCount, Answer, Response, Survey

from .conftest import answer, make_survey


def test_branches_show_apart_only_from_five_answers(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    for _n in range(5):
        answer(survey, branch=world.branch, **{f"q{scale.pk}": 5})
    for _n in range(4):
        answer(survey, branch=world.branch2, **{f"q{scale.pk}": 1})
    answer(survey, **{f"q{scale.pk}": 3})
    results = selectors.results(survey=survey)
    groups = results.questions[0].groups
    assert [(g.label, g.responses) for g in groups] == [(world.branch.name, 5)]
    assert groups[0].counts == [0, 0, 0, 0, 5]
    # The four of the small branch and the one without a branch: only in the totals.
    assert results.hidden_branches == 5
    assert results.responses == 10
    # The fifth answer of the small branch makes it show.
    answer(survey, branch=world.branch2, **{f"q{scale.pk}": 2})
    groups = selectors.results(survey=survey).questions[0].groups
    assert sorted(g.label for g in groups) == sorted([world.branch.name, world.branch2.name])


def test_the_results_page_hides_a_small_branch(world, rubrics, client_for):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    for _n in range(4):
        answer(survey, branch=world.branch2, **{f"q{scale.pk}": 1})
    page = client_for(world.users["press"]).get(reverse("surveys:results", args=[survey.pk]))
    text = page.content.decode()
    assert 'data-testid="by-branch"' not in text
    assert world.branch2.name not in text
    assert "учтены только в итогах" in text


def test_the_export_keeps_text_as_text_and_hides_small_branches(world, rubrics, client_for):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    text = survey.questions.get(kind="text")
    answer(survey, branch=world.branch2, **{f"q{scale.pk}": 4, f"q{text.pk}": "=1+2"})
    response = client_for(world.users["press"]).get(reverse("surveys:export", args=[survey.pk]))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Ответы"].iter_rows(values_only=True))
    assert rows[1][2] is None  # the branch of one answer is not shown
    cell = book["Ответы"].cell(row=2, column=5 + 2)
    assert cell.value == "=1+2"
    assert cell.data_type == "s"


def _post(client, survey, data, **extra):
    return client.post(reverse("surveys:public", args=[survey.code]), data, **extra)


def test_one_answer_per_browser(world, rubrics, client, settings):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    first = _post(client, survey, {f"q{scale.pk}": "5"})
    assert first.status_code == 302
    again = _post(client, survey, {f"q{scale.pk}": "1"})
    assert again.status_code == 409
    assert "уже ответили" in again.content.decode()
    page = client.get(reverse("surveys:public", args=[survey.code]))
    assert 'data-testid="already"' in page.content.decode()
    assert Response.objects.count() == 1
    # A forged cookie counts for nothing: another browser answers.
    client.cookies[f"survey-{survey.code}"] = "1"
    assert _post(client, survey, {f"q{scale.pk}": "3"}).status_code == 302
    assert Response.objects.count() == 2


def test_no_address_is_stored_and_the_hashes_go_on_closing(world, rubrics, client):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    _post(client, survey, {f"q{scale.pk}": "5"}, REMOTE_ADDR="203.0.113.7")
    row = AddressCount.objects.get()
    assert "203.0.113.7" not in row.digest
    assert row.count == 1
    old_salt = Survey.objects.get(pk=survey.pk).salt
    # The nightly purge leaves an open survey alone, and deletes after its last day.
    today = timezone.localdate()
    assert services.addresses_purge(today=today) == 0
    assert AddressCount.objects.count() == 1
    after = survey.closes_on + datetime.timedelta(days=1)
    assert services.addresses_purge(today=after) == 1
    assert not AddressCount.objects.exists()
    survey.refresh_from_db()
    assert survey.salt != old_salt and survey.addresses_deleted_at is not None
    assert services.addresses_purge(today=after) == 0  # a second run changes nothing
    assert Answer.objects.count() == 1


def test_the_purge_command(world, rubrics, client):
    from django.core.management import call_command

    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    _post(client, survey, {f"q{scale.pk}": "5"})
    day = (survey.closes_on + datetime.timedelta(days=1)).isoformat()
    out = io.StringIO()
    call_command("purge_survey_addresses", "--today", day, stdout=out)
    assert "1" in out.getvalue()
    assert not AddressCount.objects.exists()


def test_honeypot_stores_nothing(world, rubrics, client):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    response = _post(client, survey, {f"q{scale.pk}": "5", "website": "http://spam"})
    assert response.status_code == 302
    assert not Response.objects.exists()
