"""The press secretary is told who approves the plan, by name."""

from django.urls import reverse

from portal.models import User
from portal.tests.factories import UserFactory


def test_the_plan_names_the_regions_leaders(world, plan, client_for):
    UserFactory(
        username="leader",
        role=User.Role.PRESS,
        region=world.region,
        is_leader=True,
        first_name="Айгуль",
        last_name="Серикова",
    )
    UserFactory(
        username="elsewhere",
        role=User.Role.PRESS,
        region=world.other_region,
        is_leader=True,
        first_name="Другой",
        last_name="Руководитель",
    )
    page = client_for(world.users["press"]).get(reverse("contentplan:plan_detail", args=[plan.pk]))
    text = page.content.decode()
    assert "План утверждает руководитель региона:" in text
    assert "Айгуль Серикова" in text
    assert "Другой Руководитель" not in text


def test_without_a_leader_the_press_secretary_is_told_to_ask_for_one(world, plan, client_for):
    page = client_for(world.users["press"]).get(reverse("contentplan:plan_detail", args=[plan.pk]))
    assert "некому утверждать планы" in page.content.decode()
