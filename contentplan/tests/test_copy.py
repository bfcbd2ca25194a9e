"""Starting a month from the previous one: recurring posts land on the same weekdays."""

import datetime

import pytest
from django.urls import reverse

from contentplan import services
from contentplan.models import Channel, MonthlyPlan, PlannedPost

from .factories import PlanFactory, PostFactory

MARCH = datetime.date(2026, 3, 1)
APRIL = datetime.date(2026, 4, 1)
THURSDAY = 3


@pytest.fixture
def march(world, rubrics):
    plan = PlanFactory(region=world.region, month=MARCH)
    telegram = Channel.objects.get(code="telegram")
    # A live stream every Thursday of March (5th, 12th, 19th, 26th) at 18:00.
    for day in (5, 12, 19, 26):
        PostFactory(
            plan=plan,
            date=MARCH.replace(day=day),
            time=datetime.time(18, 0),
            rubric=rubrics["Прямые эфиры"],
            title="Прямой эфир",
            recurrence=PlannedPost.Recurrence.WEEKLY,
            responsible=world.users["press"],
            channels=[telegram],
        )
    # FAQ on the second Tuesday (10 March), every month.
    PostFactory(
        plan=plan,
        date=MARCH.replace(day=10),
        rubric=rubrics["Ответы на частые вопросы"],
        title="Вопрос месяца",
        recurrence=PlannedPost.Recurrence.MONTHLY,
    )
    PostFactory(plan=plan, date=MARCH.replace(day=3), title="Разовый семинар")
    return plan


def test_a_new_month_gets_the_recurring_posts_on_the_same_weekdays(world, march):
    april = services.plan_create(
        region=world.region, month=APRIL, user=world.users["press"], copy_recurring=True
    )
    posts = list(april.posts.order_by("date"))
    streams = [post for post in posts if post.title == "Прямой эфир"]
    # Every Thursday of April 2026: 2, 9, 16, 23, 30.
    assert [post.date.day for post in streams] == [2, 9, 16, 23, 30]
    assert all(post.date.weekday() == THURSDAY for post in streams)
    assert {post.time for post in streams} == {datetime.time(18, 0)}
    assert {post.responsible for post in streams} == {world.users["press"]}
    assert {code for post in streams for code in post.channels.values_list("code", flat=True)} == {
        "telegram"
    }
    assert all(post.status == PlannedPost.Status.IDEA for post in posts)
    # The second Tuesday of April 2026 is the 14th.
    (faq,) = [post for post in posts if post.title == "Вопрос месяца"]
    assert faq.date == datetime.date(2026, 4, 14)
    assert not [post for post in posts if post.title == "Разовый семинар"]


def test_copying_twice_adds_nothing(world, march):
    april = services.plan_create(
        region=world.region, month=APRIL, user=world.users["press"], copy_recurring=True
    )
    assert services.plan_copy_recurring(plan=april, user=world.users["press"]) == 0
    assert april.posts.count() == 6


def test_without_a_previous_plan_there_is_nothing_to_copy(world, rubrics):
    april = services.plan_create(
        region=world.region, month=APRIL, user=world.users["press"], copy_recurring=True
    )
    assert april.posts.count() == 0


def test_only_the_regions_press_starts_a_plan(world, march):
    for who in ("chair", "central", "other_press"):
        with pytest.raises(services.Refused):
            services.plan_create(
                region=world.region, month=APRIL, user=world.users[who], copy_recurring=True
            )
    assert not MonthlyPlan.objects.filter(month=APRIL).exists()


def test_starting_from_the_calendar(world, march, client_for):
    client = client_for(world.users["press"])
    response = client.post(
        reverse("contentplan:plan_start", args=["2026", "04"]), {"copy_recurring": "on"}
    )
    assert response.status_code == 302
    april = MonthlyPlan.objects.get(region=world.region, month=APRIL)
    assert april.posts.count() == 6
    assert response["Location"] == "/plan/2026/04/"
