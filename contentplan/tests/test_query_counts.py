"""The calendar's views (month, week, day, list, queue), the campaigns and the
plan page cost the same with 10 posts as with 100."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan.models import Campaign, Channel, PlanChange
from portal import freshness
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
    campaigns = [
        Campaign.objects.get_or_create(
            region=world.region,
            name=name,
            defaults={"starts": plan.month, "ends": plan.month.replace(day=28)},
        )[0]
        for name in ("Аттестация педагогов — 2026", "Месячник охраны труда")
    ]
    statuses = ["idea", "in_work", "on_review", "approved", "missed"]
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
            time=datetime.time(8 + n % 12, 30) if n % 4 else None,
            campaign=campaigns[n % 3] if n % 3 < 2 else None,
            status=statuses[n % 5],
        )
        post.comments.create(author=world.users["chair"], text="Комментарий")
        # History as it is written now (an event worded when read) and as older
        # entries were (a stored text).
        PlanChange.objects.create(
            plan=plan,
            user=world.users["press"],
            post=post,
            event="post_changed",
            params={
                "title": post.title,
                "changes": [
                    {"field": "rubric", "old": None, "new": {"ru": rubric.name, "kk": "Айдар"}},
                    {"field": "date", "old": day.isoformat(), "new": day.isoformat()},
                    {"field": "status", "old": "idea", "new": "in_work"},
                ],
            },
        )
        PlanChange.objects.create(plan=plan, user=world.users["press"], post=post, summary="…")
        PostFactory(plan=other, date=day, rubric=rubric)


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


MARCH = ["2026", "03"]
TUESDAY = ["2026", "03", "10"]
# (role, URL name, arguments, pinned query count). Every page pays 6 for the
# session, the user and the bell (see portal/tests/test_query_counts.py); the
# calendar then reads the plan, the rubrics, the channels, the region's
# branches, its people and its campaigns (the filters' choices), the balance
# (counted by the database), the first posts of each day (with their rubric,
# branch and campaign), their channels, the count of each day and of the month.
# With publishing installed, one more query asks the
# publication state of the chips' channels (contentplan.chips).
# With reach installed (issue 30), one more asks the chips' reach (the
# calendar, the week and the day: contentplan.chips.post_reach), one more each
# rubric's median reach for the balance (contentplan.hints: the calendar, the
# list and the plan's page), and one more the post's copies on the networks
# for its reach section (their measurements only when one can be measured).
# The list reads the month's posts and their channels instead of the last five.
# The week reads, after the filters' choices, its first posts of each day,
# their channels, each day's count and the plans of its days; the day its
# posts, their channels, the week's counts and the day's plan; the queue the
# four tabs' counts (one query), the page's count and its posts.
PAGES = [
    ("press", "contentplan:calendar", MARCH, 20),
    ("chair", "contentplan:calendar", MARCH, 20),
    ("central", "contentplan:calendar", MARCH, 22),
    ("press", "contentplan:month_list", MARCH, 16),
    ("central", "contentplan:month_list", MARCH, 18),
    ("press", "contentplan:week", TUESDAY, 17),
    ("chair", "contentplan:week", TUESDAY, 17),
    ("central", "contentplan:week", TUESDAY, 19),
    ("press", "contentplan:day", TUESDAY, 17),
    ("chair", "contentplan:day", TUESDAY, 17),
    ("central", "contentplan:day", TUESDAY, 19),
    ("press", "contentplan:queue", [], 14),
    ("central", "contentplan:queue", [], 16),
    ("press", "contentplan:campaigns", [], 7),
    ("press", "contentplan:campaign_detail", "campaign", 9),  # its posts' count, a page
    # + who approves it; with publishing installed, + 3 for the posts' warnings
    # before approval (contentplan.readiness: connected pages, texts, photos).
    ("press", "contentplan:plan_detail", "plan", 18),
    ("press", "contentplan:post_detail", "post", 11),  # + the photos of materials
]


@pytest.mark.parametrize(("role", "name", "args", "pinned"), PAGES)
def test_query_count_does_not_grow_with_posts(
    world, plan, rubrics, client_for, role, name, args, pinned
):
    client = client_for(world.users[role])
    fill(world, plan, rubrics, 10)

    def address() -> str:
        if args == "campaign":
            return reverse(name, args=[plan.region.campaigns.first().pk])
        if args == "plan":
            return reverse(name, args=[plan.pk])
        if args == "post":
            return reverse(name, args=[plan.posts.first().pk])
        return reverse(name, args=args)

    client.get(address())  # the first visit remembers the view (see test_views)
    freshness.forget_all()  # the calendar's board drawn, not read from the cache
    at_10 = count_queries(client, address())
    fill(world, plan, rubrics, 90)
    assert plan.posts.count() == 100
    freshness.forget_all()
    at_100 = count_queries(client, address())
    assert (at_10, at_100) == (pinned, pinned)


# The calendar's board read back from the cache (contentplan/boards.py): the
# page around it still reads the plan and the region's people (the filters'
# other choices are kept too), not the posts, their channels and states, the
# counts or the balance.
KEPT_BOARD = [("press", 8), ("chair", 8), ("central", 10)]


@pytest.mark.parametrize(("role", "pinned"), KEPT_BOARD)
def test_a_kept_board_costs_the_same(world, plan, rubrics, client_for, role, pinned):
    client = client_for(world.users[role])
    address = reverse("contentplan:calendar", args=MARCH)
    fill(world, plan, rubrics, 10)
    client.get(address)  # drawn (and the view remembered)
    at_10 = count_queries(client, address)
    fill(world, plan, rubrics, 90)
    client.get(address)  # drawn anew: the posts changed
    at_100 = count_queries(client, address)
    assert (at_10, at_100) == (pinned, pinned)


def test_the_redrawn_board_costs_the_same(world, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    address = reverse("contentplan:calendar", args=MARCH)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-board"}
    fill(world, plan, rubrics, 10)
    client.get(address)  # the first visit remembers the view
    freshness.forget_all()
    with CaptureQueriesContext(connection) as at_10:
        client.get(address, **headers)
    fill(world, plan, rubrics, 90)
    freshness.forget_all()
    with CaptureQueriesContext(connection) as at_100:
        client.get(address, **headers)
    assert len(at_10) == len(at_100) == 19  # no page around it, so no bell
