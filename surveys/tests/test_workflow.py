"""Making a survey from a template, answering it, reading the results, by role."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contentplan.models import Channel, Rubric
from portal.exceptions import Refused
from surveys import selectors, services
from surveys.models import Answer, Question, Response, Survey

from .conftest import answer, make_survey


def test_news_template_offers_the_plans_channels(world, rubrics):
    survey = make_survey(world.users["press"], "news")
    first = survey.questions.first()
    assert survey.region == world.region
    assert survey.title_ru == "Откуда вы узнаёте новости профсоюза?"
    assert survey.title_kk == "Кәсіподақ жаңалықтарын қайдан білесіз?"
    channels = list(first.options.exclude(channel=None).values_list("channel", flat=True))
    assert channels == list(Channel.objects.values_list("pk", flat=True))
    assert first.kind == Question.Kind.MULTIPLE


def test_topics_template_offers_the_rubrics_in_use(world, rubrics):
    Rubric.objects.filter(name="Ветераны профсоюза").update(is_active=False)
    survey = make_survey(world.users["press"], "topics")
    names = list(survey.questions.first().options.values_list("text_ru", flat=True))
    assert names == list(Rubric.objects.filter(is_active=True).values_list("name", flat=True))
    assert "Ветераны профсоюза" not in names


def test_central_survey_is_of_every_region(world, rubrics):
    survey = make_survey(world.users["central"], "event", event="Форум молодых педагогов")
    assert survey.region is None
    assert "Форум молодых педагогов" in survey.title_ru


def test_chair_makes_no_survey(world, rubrics):
    with pytest.raises(Refused):
        make_survey(world.users["chair"], "news")


def test_at_most_fifteen_questions(world):
    survey = make_survey(world.users["press"], "blank", title_ru="Большой опрос")
    for n in range(15):
        services.question_add(
            survey=survey,
            user=world.users["press"],
            data=services.QuestionData(kind="scale", text_ru=f"Вопрос {n}"),
        )
    with pytest.raises(Refused, match="15"):
        services.question_add(
            survey=survey,
            user=world.users["press"],
            data=services.QuestionData(kind="scale", text_ru="Шестнадцатый"),
        )


def test_questions_do_not_change_once_answered(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    answer(survey, **{f"q{scale.pk}": 5})
    with pytest.raises(Refused):
        services.question_delete(question=scale, user=world.users["press"])


def test_another_regions_press_cannot_change_it(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    with pytest.raises(Refused):
        services.survey_close(survey=survey, user=world.users["other_press"])


def test_results_count_each_choice(world, rubrics):
    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    single = survey.questions.get(kind="single")
    text = survey.questions.get(kind="text")
    yes, partly, _no = single.options.all()
    answer(survey, **{f"q{scale.pk}": 5, f"q{single.pk}": yes.pk, f"q{text.pk}": "Больше практики"})
    answer(survey, **{f"q{scale.pk}": 4, f"q{single.pk}": yes.pk})
    answer(survey, **{f"q{scale.pk}": 3, f"q{single.pk}": partly.pk})
    results = selectors.results(survey=survey)
    by_question = {r.question.pk: r for r in results.questions}
    assert results.responses == 3
    assert by_question[scale.pk].average == 4.0
    assert [r.count for r in by_question[scale.pk].rows] == [0, 0, 1, 1, 1]
    assert [(r.count, r.percent) for r in by_question[single.pk].rows] == [(2, 67), (1, 33), (0, 0)]
    assert by_question[text.pk].texts == ["Больше практики"]


def test_closed_and_not_yet_open_take_no_answer(world, rubrics):
    today = timezone.localdate()
    later = make_survey(
        world.users["press"],
        "event",
        opens_on=today + datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=9),
    )
    scale = later.questions.get(kind="scale")
    with pytest.raises(Refused, match="ещё не открыт"):
        answer(later, **{f"q{scale.pk}": 5})
    now = make_survey(world.users["press"], "event")
    services.survey_close(survey=now, user=world.users["press"])
    with pytest.raises(Refused):
        answer(now, **{f"q{now.questions.get(kind='scale').pk}": 5})
    assert not Response.objects.exists()


def test_closed_and_scheduled_pages_say_so(world, rubrics, client):
    today = timezone.localdate()
    later = make_survey(
        world.users["press"],
        "event",
        opens_on=today + datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=9),
    )
    page = client.get(reverse("surveys:public", args=[later.code])).content.decode()
    assert "Опрос откроется" in page
    services.survey_close(survey=later, user=world.users["press"])
    page = client.get(reverse("surveys:public", args=[later.code])).content.decode()
    assert "Опрос закрыт" in page


def test_press_reads_only_its_region_of_a_central_survey(world, rubrics, client_for):
    survey = make_survey(world.users["central"], "event")
    scale = survey.questions.get(kind="scale")
    for _n in range(5):
        answer(survey, region=world.region, **{f"q{scale.pk}": 5})
    for _n in range(6):
        answer(survey, region=world.other_region, **{f"q{scale.pk}": 1})
    address = reverse("surveys:results", args=[survey.pk])
    press = client_for(world.users["press"]).get(address)
    assert press.context["results"].responses == 5
    central = client_for(world.users["central"]).get(address)
    results = central.context["results"]
    assert results.responses == 11
    # Side by side per region, each with its own answers.
    side = {g.label: g.responses for g in results.questions[0].regions}
    assert side == {world.region.short_name: 5, world.other_region.short_name: 6}


def test_a_press_secretary_never_sees_another_regions_survey(world, rubrics, client_for):
    survey = make_survey(world.users["other_press"], "event")
    client = client_for(world.users["press"])
    for name in ("surveys:detail", "surveys:results", "surveys:export", "surveys:poster"):
        assert client.get(reverse(name, args=[survey.pk])).status_code == 404
    assert survey not in selectors.surveys_list(user=world.users["press"])


def test_chairs_see_nothing(world, rubrics, client_for):
    survey = make_survey(world.users["press"], "event")
    client = client_for(world.users["chair"])
    assert client.get(reverse("surveys:list")).status_code == 404
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 404


def test_make_a_post_with_the_chart_on_its_card(world, rubrics, client_for):
    from brand import selectors as brand_selectors
    from contentplan.models import PlannedPost

    survey = make_survey(world.users["press"], "event")
    scale = survey.questions.get(kind="scale")
    for point in (5, 5, 4):
        answer(survey, **{f"q{scale.pk}": point})
    client = client_for(world.users["press"])
    response = client.post(
        reverse("surveys:make_post", args=[survey.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "rubric": rubrics["Ответы на частые вопросы"].pk,
            "question": scale.pk,
        },
    )
    post = PlannedPost.objects.get()
    assert response.url == reverse("brand:post_cards", args=[post.pk])
    assert post.plan.region == world.region
    assert post.rubric.name == "Ответы на частые вопросы"
    assert "Средняя оценка: 4.7" in post.brief
    assert Survey.objects.get(pk=survey.pk).post == post
    assert brand_selectors.card_content(post=post).photo.startswith("surveys/charts/")
    card = client.get(reverse("brand:post_card", args=[post.pk, "square"]))
    assert card.status_code == 200


def test_tampered_forms_store_nothing(world, rubrics, client):
    survey = make_survey(world.users["press"], "event")
    other = make_survey(world.users["press"], "news")
    scale = survey.questions.get(kind="scale")
    single = survey.questions.get(kind="single")
    text = survey.questions.get(kind="text")
    foreign = other.questions.first().options.first()
    address = reverse("surveys:public", args=[survey.code])
    cases = [
        ({f"q{scale.pk}": "5", f"q{single.pk}": str(foreign.pk)}, "не из этого вопроса"),
        ({f"q{scale.pk}": "7"}, "от 1 до 5"),
        ({f"q{scale.pk}": "5", f"q{text.pk}": "я" * 1_000_000}, "не больше 1000"),
        ({f"q{scale.pk}": "5", f"q{single.pk}": [str(single.options.first().pk)] * 10_000}, ""),
    ]
    for data, message in cases:
        response = client.post(address, data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "ничего не сохранено" in page.lower()
        assert message in page
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_member_of_any_region_answers_a_central_survey(world, rubrics, client):
    survey = make_survey(world.users["central"], "event")
    scale = survey.questions.get(kind="scale")
    address = reverse("surveys:public", args=[survey.code])
    # A branch of another region than the one chosen: refused, nothing stored.
    wrong = client.post(
        address,
        {f"q{scale.pk}": "5", "region": world.region.pk, "branch": world.other_branch.pk},
    )
    assert wrong.status_code == 400
    assert not Response.objects.exists()
    right = client.post(
        address,
        {f"q{scale.pk}": "5", "region": world.other_region.pk, "branch": world.other_branch.pk},
    )
    assert right.status_code == 302
    stored = Response.objects.get()
    assert (stored.region, stored.branch) == (world.other_region, world.other_branch)


def test_region_figures_for_the_dashboard(world, rubrics):
    from portal.dates import first_day

    survey = make_survey(world.users["press"], "news")
    question = survey.questions.get(kind="multiple")
    instagram = question.options.get(channel__code="instagram")
    website = question.options.get(channel__code="website")
    chair_option = question.options.get(channel=None, text_ru__startswith="От председателя")
    answer(survey, **{f"q{question.pk}": [str(instagram.pk), str(website.pk)]})
    answer(survey, **{f"q{question.pk}": [str(instagram.pk), str(chair_option.pk)]})
    make_survey(world.users["other_press"], "news")
    month = first_day(timezone.localdate())
    figures = selectors.region_figures(
        region=world.region, start=month - datetime.timedelta(days=365), months=[month]
    )
    assert figures.surveys == 1
    assert figures.per_month == {month: 2}
    assert figures.channels == [("Instagram", 2), ("Сайт профсоюза", 1)]


def test_the_demo_survey_is_loaded_once_and_only_in_the_embedded_default(world, settings):
    from contentplan.seed import load_rubrics
    from surveys import seed

    load_rubrics()
    settings.DEBUG = False
    seed.load(region=world.region)
    assert not Survey.objects.exists()
    settings.DEBUG = True
    seed.load(region=world.region)
    seed.load(region=world.region)
    survey = Survey.objects.get()
    assert survey.is_demo and survey.state() == "open"
    assert Response.objects.filter(survey=survey).count() == seed.ANSWERS_PER_UNIT
    assert Answer.objects.filter(option__channel__isnull=False).exists()
