"""The reach figures (issue 30) from measured posts: the latest known reach,
unknown never counted as 0, our posts found by their network id with their
rubric, per 1,000 members, and one query whatever the number of posts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from branches.models import SocialPage
from channels.models import Connection, NetworkPost, PostMeasurement, Source
from contentplan.models import Channel
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from portal.tests.factories import RegionFactory
from publishing.models import Publication
from reach import selectors

P = SocialPage.Platform
START, END = date(2026, 11, 1), date(2026, 11, 30)


def at(day: int, hour: int) -> datetime:
    """A moment of November 2026 in the portal's time zone."""
    return datetime(2026, 11, day, hour, 0, tzinfo=timezone.get_current_timezone())


def page_of(region, platform=P.FACEBOOK_PAGE, branch=None) -> Connection:
    page = SocialPage.objects.create(region=region, branch=branch, platform=platform)
    return Connection.objects.create(page=page, account=f"acc{page.pk}", external_id=str(page.pk))


def measured(connection, network_id, posted, *ages, repost=False, source=Source.API):
    """A post with measurements: each age a dict of figures."""
    post = NetworkPost.objects.create(
        connection=connection, network_id=network_id, posted_at=posted, repost=repost
    )
    for age, values in ages:
        PostMeasurement.objects.create(
            post=post,
            age=age,
            measured_at=posted + timedelta(days=age),
            source=source,
            **values,
        )
    return post


def ours(connection, network_id, rubric, region, title="Наш пост"):
    plan = PlanFactory(region=region, month=date(2026, 11, 1))
    post = PostFactory(plan=plan, rubric=rubric, title=title)
    return Publication.objects.create(
        post=post,
        region=region,
        title=title,
        channel=Channel.objects.get(code="facebook_page"),
        connection=connection,
        state=Publication.State.SENT,
        network_id=network_id,
    )


@pytest.fixture
def region_pages(world):
    world.branch.members_total = 2000
    world.branch.save()
    world.branch2.members_total = 1000
    world.branch2.save()
    return page_of(world.region), page_of(world.region, branch=world.branch)


def test_the_latest_known_reach_our_rubric_and_unknown_never_zero(world, region_pages):
    regional, _branch_page = region_pages
    legal = RubricFactory(name="Правовой ликбез")
    measured(
        regional,
        "p1",
        at(3, 19),
        (1, {"reach": 100, "interactions": 5}),
        (7, {"reach": 300, "interactions": 12}),
        (28, {"reach": None, "interactions": 14}),  # a later row that lacks reach
    )
    measured(regional, "p2", at(4, 9), (1, {"reach": None, "reactions": 3}))
    measured(regional, "p3", at(5, 12), (1, {"reach": 80}), repost=True)
    channel = page_of(world.region, P.TELEGRAM)
    measured(channel, "-100:7", at(6, 20), (1, {"views": 1200}), source=Source.PUBLIC_PAGE)
    ours(regional, "p1", legal, world.region, title="Как оформить отпуск")
    rows = {
        row.network_id: row for row in selectors.posts(start=START, end=END, region=world.region)
    }
    assert rows["p1"].reach == 300 and rows["p1"].interactions == 14
    assert rows["p1"].engagement == pytest.approx(14 / 300)
    assert rows["p1"].ours and rows["p1"].rubric == "Правовой ликбез"
    assert rows["p1"].title == "Как оформить отпуск"
    assert rows["p2"].reach is None and rows["p2"].engagement is None and not rows["p2"].ours
    assert rows["-100:7"].reach == 1200  # a channel's views stand for its reach
    figures = selectors.figures(rows.values())
    assert (figures.n, figures.total) == (3, 300 + 80 + 1200)  # p2 counts nowhere
    split = selectors.own_and_reposts(rows.values())
    assert (split["own"].n, split["own"].total, split["reposts"].total) == (2, 1500, 80)
    (rubric,) = selectors.by_rubric(rows.values())
    assert (rubric.rubric, rubric.figures.n, rubric.figures.median) == ("Правовой ликбез", 1, 300)


def test_rubrics_hours_months_and_the_top_ten(world, region_pages):
    regional, _branch = region_pages
    legal, news = RubricFactory(name="Правовой ликбез"), RubricFactory(name="Новости")
    for n, (rubric, reach, day, hour) in enumerate(
        [
            (legal, 900, 2, 19),
            (legal, 700, 9, 19),
            (legal, 1100, 16, 20),
            (news, 200, 3, 9),
            (news, 400, 10, 9),
        ]
    ):
        measured(regional, f"n{n}", at(day, hour), (7, {"reach": reach}))
        ours(regional, f"n{n}", rubric, world.region, title=f"Пост {n}")
    for n in range(12):
        measured(regional, f"x{n}", at(20, 12), (1, {"reach": 10 + n}))
    rows = selectors.posts(start=START, end=END, region=world.region)
    first, second = selectors.by_rubric(rows)
    assert (first.rubric, first.figures.n, first.figures.median, first.figures.total) == (
        "Правовой ликбез",
        3,
        900,
        2700,
    )
    assert (second.rubric, second.figures.median) == ("Новости", 300)
    hours = selectors.by_weekday_hour(rows)
    assert hours[(at(2, 19).weekday(), 19)] == (800, 2)  # 2 and 9 November: both Mondays
    assert hours[(at(3, 9).weekday(), 9)] == (300, 2)  # 3 and 10 November: both Tuesdays
    top = selectors.top(rows)
    assert len(top) == 10 and [row.reach for row in top[:3]] == [1100, 900, 700]
    months = selectors.by_month(rows, end=END)
    assert len(months) == 12 and months[-1][0] == date(2026, 11, 1)
    assert months[-1][1].n == 17 and months[0][1].n == 0 and months[0][1].median is None


def test_reach_per_thousand_members_compares_regions_fairly(world, region_pages):
    regional, branch_page = region_pages
    big = RegionFactory(short_name="Алматы")
    from portal.tests.factories import BranchFactory

    BranchFactory(region=big, name="Алмалинский район", members_total=31208)
    measured(regional, "a", at(5, 18), (7, {"reach": 1500}))
    measured(branch_page, "b", at(6, 18), (7, {"reach": 500}))
    measured(page_of(big), "c", at(6, 18), (7, {"reach": 31208}))
    everyone = selectors.posts(start=START, end=END)
    ranked = selectors.regions_per_thousand(everyone)
    by_name = {y.name: y for y in ranked}
    # 2,000 reached of 3,000 members is 666.7 a thousand; 31,208 of 31,208 is 1,000.
    assert by_name["Алматы"].per_thousand == pytest.approx(1000)
    assert by_name[world.region.short_name].per_thousand == pytest.approx(2000 * 1000 / 3000)
    assert ranked[0].name == "Алматы"
    assert by_name[world.other_region.short_name].per_thousand is None  # no members, no rate
    branches = selectors.branches_per_thousand(
        selectors.posts(start=START, end=END, region=world.region), region=world.region
    )
    assert (branches[0].name, branches[0].reach, branches[0].per_thousand) == (
        world.branch.name,
        500,
        pytest.approx(250),
    )
    assert branches[1].per_thousand is None  # its pages measured nothing


def test_engagement_only_where_reach_is_known():
    assert selectors.engagement_rate(reach=None, interactions=5) is None
    assert selectors.engagement_rate(reach=0, interactions=5) is None
    assert selectors.engagement_rate(reach=200, interactions=None) is None
    assert selectors.engagement_rate(reach=200, interactions=10) == 0.05
    assert selectors.per_thousand(reach=50, members=0) is None


def queries(call) -> int:
    with CaptureQueriesContext(db) as captured:
        call()
    return len(captured)


def test_the_selectors_query_counts_do_not_grow_with_the_posts(world, region_pages):
    regional, _branch_page = region_pages
    rubric = RubricFactory(name="Новости")

    def add(start, number):
        for n in range(start, start + number):
            measured(
                regional,
                f"q{n}",
                at(1 + n % 28, 8 + n % 12),
                (1, {"reach": n}),
                (7, {"reach": 2 * n}),
            )
            ours(regional, f"q{n}", rubric, world.region, title=f"Пост {n}")

    def everything():
        rows = selectors.posts(start=START, end=END, region=world.region)
        selectors.by_rubric(rows), selectors.by_weekday_hour(rows), selectors.top(rows)
        selectors.by_month(rows, end=END), selectors.own_and_reposts(rows)
        selectors.branches_per_thousand(rows, region=world.region)
        selectors.regions_per_thousand(rows)

    add(0, 1)
    at_1x = queries(everything)
    add(1, 9)
    assert queries(everything) == at_1x == 3
    assert len(selectors.posts(start=START, end=END, region=world.region)) == 10


def test_regions_ranked_with_the_change_on_the_previous_period(world, region_pages):
    regional, _branch_page = region_pages
    other = page_of(world.other_region)
    from portal.tests.factories import BranchFactory

    BranchFactory(region=world.other_region, name="г. Павлодар", members_total=1000)
    october = datetime(2026, 10, 10, 12, tzinfo=timezone.get_current_timezone())
    measured(regional, "oct", october, (7, {"reach": 300}))
    measured(regional, "nov", at(10, 12), (7, {"reach": 600, "interactions": 30}))
    measured(other, "nov2", at(11, 12), (7, {"reach": 900}))
    with CaptureQueriesContext(db) as captured:
        ranked = selectors.regions_ranked(start=date(2026, 11, 1), end=date(2026, 11, 30))
    assert len(captured) == 4
    first, second = ranked[:2]
    assert (first.region.name, first.rank) == (world.other_region.short_name, 1)
    assert first.region.per_thousand == pytest.approx(900 * 1000 / first.region.members)
    assert first.previous is None and first.change is None  # nothing known before
    assert (second.rank, second.region.per_thousand) == (2, pytest.approx(200))
    # October: 31 days before 1 November, 300 of 3,000 members = 100 a thousand.
    assert second.previous == pytest.approx(100) and second.change == pytest.approx(100)
    assert second.engagement == pytest.approx(0.05) and first.engagement is None
