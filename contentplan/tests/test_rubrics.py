"""The standard rubrics: the central committee keeps them in the portal, everyone
who plans reads them; a switched-off rubric stays on the plans that used it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contentplan import selectors, services
from contentplan.models import Rubric

from .factories import PlanFactory, PostFactory, RubricFactory

RUBRICS = reverse("contentplan:rubrics")


def form(**fields) -> dict:
    return {"name": "Молодые педагоги", "colour": "#1A73E8", "monthly_minimum": 1,
            "position": 50, "is_active": "on", **fields}  # fmt: skip


def test_central_adds_and_changes_a_rubric(world, client_for):
    client = client_for(world.users["central"])
    response = client.post(RUBRICS, form(), follow=True)
    assert "Рубрика «Молодые педагоги» добавлена." in response.content.decode()
    rubric = Rubric.objects.get(name="Молодые педагоги")
    assert (rubric.colour, rubric.monthly_minimum, rubric.is_active) == ("#1a73e8", 1, True)
    edit = reverse("contentplan:rubric_edit", args=[rubric.pk])
    assert client.post(edit, form(monthly_minimum=3, is_active="")).status_code == 302
    rubric.refresh_from_db()
    assert (rubric.monthly_minimum, rubric.is_active) == (3, False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Обязательное поле."),
        ({"colour": "red"}, "#1a73e8"),
        ({"monthly_minimum": "-1"}, "больше либо равно 0"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, client_for, fields, message):
    before = list(Rubric.objects.values_list("name", "colour", "monthly_minimum"))
    response = client_for(world.users["central"]).post(RUBRICS, form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(Rubric.objects.values_list("name", "colour", "monthly_minimum")) == before


def test_a_second_rubric_of_the_same_name_is_refused(world, client_for):
    RubricFactory(name="Молодые педагоги")
    response = client_for(world.users["central"]).post(RUBRICS, form())
    assert response.status_code == 200
    assert Rubric.objects.filter(name="Молодые педагоги").count() == 1


@pytest.mark.parametrize("role", ["press", "chair"])
def test_others_read_the_list_and_change_nothing(world, client_for, role):
    rubric = RubricFactory(name="Охрана труда", monthly_minimum=2)
    client = client_for(world.users[role])
    page = client.get(RUBRICS)
    assert page.status_code == 200 and "Охрана труда" in page.content.decode()
    assert page.context["form"] is None
    assert client.post(RUBRICS, form()).status_code == 403
    edit = reverse("contentplan:rubric_edit", args=[rubric.pk])
    assert client.post(edit, form(name="Иначе")).status_code == 404
    rubric.refresh_from_db()
    assert rubric.name == "Охрана труда"
    with pytest.raises(services.Refused):
        services.rubric_save(user=world.users[role], rubric=rubric, data={"name": "Иначе"})


def test_a_switched_off_rubric_stays_on_the_plan_that_used_it(world):
    used = RubricFactory(name="Ветераны профсоюза", is_active=False)
    unused = RubricFactory(name="Рабочие профессии", is_active=False)
    plan = PlanFactory(region=world.region)
    PostFactory(plan=plan, rubric=used)
    balance = selectors.plan_balance(plan=plan, rubrics=selectors.rubrics(), branches=[])
    names = {line.rubric.name for line in balance.lines}
    assert used.name in names and unused.name not in names
