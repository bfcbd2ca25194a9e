"""The calendar, the list and the plan page cost the same with 10 posts as with 100."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan.models import Channel, PlanChange
from portal.tests.factories import BranchFactory, UserFactory

from .factories import PlanFactory, PostFactory


def fill(world, plan, rubrics, count: int) -> None:
    """`count` posts spread over the month, rubrics, branches, people and channels,
    with comments and history; and as much again in the other region."""
    branches = [world.branch, world.branch2, *BranchFactory.create_batch(3, region=world.region)]
    people = [world.users["press"], world.users["chair"], world.users["chair2"]]
    people += UserFactory.create_batch(2, role="chair", branch=branches[2])
    channels = list(Channel.objects.all())
    cycle = zip(
        range(count),
        itertools.cycle(rubrics.values()),
        itertools.cycle([*branches, None]),
        itertools.cycle([*people, None]),
        strict=False,
    )
    other = PlanFactory(region=world.other_region, month=plan.month)
    for n, rubric, branch, person in cycle:
        day = plan.month + datetime.timedelta(days=n % 28)
        post = PostFactory(
            plan=plan,
            date=day,
            rubric=rubric,
            branch=branch,
            responsible=person,
            channels=channels[n % 6 : n % 6 + 2],
            origin="own" if n % 3 else "repost",
        )
        post.comments.create(author=world.users["chair"], text="Комментарий")
        PlanChange.objects.create(plan=plan, user=world.users["press"], post=post, summary="…")
        PostFactory(plan=other, date=day, rubric=rubric)


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


MARCH = ["2026", "03"]
# (role, URL name, arguments, pinned query count). Every page pays 6 for the
# session, the user and the bell (see portal/tests/test_query_counts.py); the
# calendar then reads the plan, the rubrics, the channels, the region's
# branches and its people, the balance (counted by the database), the first
# posts of each day (with their rubric and branch), the count of each day and
# of the month.
# The list reads the month's posts and their channels instead of the last four.
PAGES = [
    ("press", "contentplan:calendar", MARCH, 15),
    ("chair", "contentplan:calendar", MARCH, 15),
    ("central", "contentplan:calendar", MARCH, 17),
    ("press", "contentplan:month_list", MARCH, 14),
    ("central", "contentplan:month_list", MARCH, 16),
    ("press", "contentplan:plan_detail", "plan", 14),  # + who approves it
    ("press", "contentplan:post_detail", "post", 10),  # + the photos of materials
]


@pytest.mark.parametrize(("role", "name", "args", "pinned"), PAGES)
def test_query_count_does_not_grow_with_posts(
    world, plan, rubrics, client_for, role, name, args, pinned
):
    client = client_for(world.users[role])
    fill(world, plan, rubrics, 10)

    def address() -> str:
        if args == "plan":
            return reverse(name, args=[plan.pk])
        if args == "post":
            return reverse(name, args=[plan.posts.first().pk])
        return reverse(name, args=args)

    at_10 = count_queries(client, address())
    fill(world, plan, rubrics, 90)
    assert plan.posts.count() == 100
    at_100 = count_queries(client, address())
    assert (at_10, at_100) == (pinned, pinned)


def test_the_redrawn_board_costs_the_same(world, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    address = reverse("contentplan:calendar", args=MARCH)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-board"}
    fill(world, plan, rubrics, 10)
    with CaptureQueriesContext(connection) as at_10:
        client.get(address, **headers)
    fill(world, plan, rubrics, 90)
    with CaptureQueriesContext(connection) as at_100:
        client.get(address, **headers)
    assert len(at_10) == len(at_100) == 14  # no page around it, so no bell
