"""The reach pages of the dashboards (issue 30): a region's reach (months,
rubrics, weekday × hour, top posts, branches per 1,000 members, its rank) and
the regions ranked; scope, «нет данных» never 0, XLSX, query counts that do
not grow with the data, and the demo's figures on the page."""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from branches.models import SocialPage
from channels.models import Connection, NetworkPost, PostMeasurement, Source
from contentplan.models import Channel, PlannedPost, Rubric
from contentplan.seed import load_rubrics
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from dashboards import reach as reach_page
from portal import dates
from portal.tests.factories import BranchFactory
from publishing.models import Publication
from reach import demo

P = SocialPage.Platform
NO_DATA = "нет данных"


def today() -> datetime.date:
    return timezone.localdate()


def last_month(day: int, hour: int) -> datetime.datetime:
    """A moment of the last full month (the ranking's period), Almaty time."""
    first = dates.add_months(dates.first_day(today()), -1)
    return datetime.datetime.combine(
        first.replace(day=day), datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def month_before(day: int, hour: int) -> datetime.datetime:
    """A moment of the month before the last full month: the ranking's comparison."""
    first = dates.add_months(dates.first_day(today()), -2)
    return datetime.datetime.combine(
        first.replace(day=day), datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def page_of(region, platform=P.FACEBOOK_PAGE, branch=None) -> Connection:
    page = SocialPage.objects.create(region=region, branch=branch, platform=platform)
    return Connection.objects.create(page=page, account=f"acc{page.pk}", external_id=str(page.pk))


def measured(connection, network_id, posted, *, reach=None, interactions=None, **kwargs):
    post = NetworkPost.objects.create(
        connection=connection, network_id=network_id, posted_at=posted
    )
    PostMeasurement.objects.create(
        post=post,
        age=7,
        measured_at=posted + datetime.timedelta(days=7),
        source=Source.API,
        reach=reach,
        interactions=interactions,
        **kwargs,
    )
    return post


def ours(connection, network_id, rubric, region, title):
    plan = PlanFactory(region=region, month=dates.first_day(today()))
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
def measured_world(world):
    """The region: 3,000 members (2,000 + 1,000), a regional page with three posts
    of the last month (two ours, one of them unmeasured) and a branch page with
    one; the other region: 1,000 members, one post. The month before: less."""
    world.branch.members_total = 2000
    world.branch.save()
    world.branch2.members_total = 1000
    world.branch2.save()
    world.other_branch.members_total = 1000
    world.other_branch.save()
    regional = page_of(world.region)
    branch_page = page_of(world.region, branch=world.branch)
    legal = RubricFactory(name="Правовые разъяснения", name_kk="Құқықтық түсіндірмелер")
    measured(regional, "p1", last_month(3, 19), reach=3000, interactions=150)
    ours(regional, "p1", legal, world.region, "Как оформить отпуск")
    measured(regional, "p2", last_month(4, 9), reach=None, interactions=None, reactions=3)
    ours(regional, "p2", legal, world.region, "Пост без охвата")
    measured(branch_page, "b1", last_month(5, 12), reach=600)
    measured(regional, "old", month_before(3, 20), reach=900, interactions=9)
    other = page_of(world.other_region)
    measured(other, "o1", last_month(6, 18), reach=5000, interactions=50)
    measured(other, "o0", month_before(6, 18), reach=6000)
    return world


def test_the_region_page_shows_its_reach_and_no_data_never_zero(measured_world, client_for):
    world = measured_world
    page = client_for(world.users["press"]).get(
        reverse("dashboards:region_reach", args=[world.region.pk])
    )
    assert page.status_code == 200
    found = page.context["reach"]
    html = page.content.decode()
    # Three posts with a known reach: 3,000 + 600 + 900; p2 counts nowhere.
    assert (found.overall.n, found.total, found.median) == (3, 4500, 900)
    assert "Как оформить отпуск" in html and "Пост без охвата" not in html
    (rubric,) = found.rubrics.rows
    assert (rubric["rubric"], rubric["posts"], rubric["median"], rubric["total"]) == (
        "Правовые разъяснения",
        1,
        3000,
        3000,
    )
    assert rubric["engagement"] == 5.0  # 150 ÷ 3,000
    # The top posts: the branch's post has no interactions, so no engagement.
    top = {row["reach"]: row for row in found.top.rows}
    assert top[600]["engagement"].text == NO_DATA
    assert "o1" not in {row["title"] for row in found.top.rows}  # the other region's
    # Branches per 1,000 members: 600 ÷ 2,000; the other branch measured nothing.
    branches = {row["branch"]: row for row in found.branches.rows}
    assert branches["г. Усть-Каменогорск"]["per_thousand"] == 300.0
    assert branches["г. Риддер"]["reach"].text == NO_DATA
    assert branches["г. Риддер"]["per_thousand"].text == NO_DATA
    # A month without a measured post says so, never 0.
    empty = found.months.rows[0]
    assert empty["posts"] == 0 and empty["total"].text == NO_DATA
    assert empty["median"].text == NO_DATA
    # Weekday × hour: the evening post at its weekday and hour, shaded the darkest.
    evening = last_month(3, 19)
    cell = found.hours.rows[evening.weekday()]["h19"]
    assert (cell.value, cell.css) == (3000, "reach-heat-4")
    # The last month ranks the region second: 3,600 per 3,000 members against
    # 5,000 per 1,000.
    assert found.rank.rank == 2 and found.per_thousand == 1200.0
    assert "2-е место среди регионов" in html
    assert NO_DATA in html


def test_a_region_without_measured_posts_has_no_data_and_no_place(world, client_for):
    page = client_for(world.users["press"]).get(
        reverse("dashboards:region_reach", args=[world.region.pk])
    )
    assert page.status_code == 200
    found = page.context["reach"]
    assert (found.total, found.median, found.engagement, found.per_thousand) == (None,) * 4
    assert found.rank.rank is None
    html = page.content.decode()
    assert "место среди регионов" not in html
    assert html.count(NO_DATA) >= 4


def test_the_regions_ranked_by_reach_per_thousand_with_the_change(measured_world, client_for):
    world = measured_world
    page = client_for(world.users["central"]).get(reverse("dashboards:central_reach"))
    assert page.status_code == 200
    rows = page.context["reach"].table.rows
    assert [(row["rank"], row["region"]) for row in rows[:2]] == [
        (1, world.other_region.short_name),
        (2, world.region.short_name),
    ]
    first, second = rows[0], rows[1]
    assert (first["per_thousand"], first["previous"], first["change"].value) == (
        5000.0,
        6000.0,
        -1000.0,
    )
    assert (second["per_thousand"], second["previous"], second["change"].text) == (
        1200.0,
        300.0,
        "+900",
    )
    assert first["engagement"] == 1.0 and second["engagement"] == 5.0
    html = page.content.decode()
    # Each region's name leads to its reach page.
    link = reverse("dashboards:region_reach", args=[world.region.pk])
    assert f'<a href="{link}">{world.region.short_name}</a>' in html
    assert "+900" in html and "5\xa0000" in html


def test_a_press_secretary_sees_only_its_region(measured_world, client_for):
    world = measured_world
    press = client_for(world.users["press"])
    other = [world.other_region.pk]
    assert press.get(reverse("dashboards:region_reach", args=other)).status_code == 404
    address = reverse("dashboards:region_reach_export", args=[*other, "months"])
    assert press.get(address).status_code == 404
    assert press.get(reverse("dashboards:central_reach")).status_code == 404
    address = reverse("dashboards:central_reach_export", args=["regions"])
    assert press.get(address).status_code == 404
    own = press.get(reverse("dashboards:region_reach", args=[world.region.pk]))
    assert "Пост без охвата" not in own.content.decode()
    assert "5\xa0000" not in own.content.decode()  # the other region's post


@pytest.mark.parametrize("table", ["months", "rubrics", "hours", "top", "branches"])
def test_each_region_table_exports_with_its_figures(measured_world, client_for, table):
    world = measured_world
    client = client_for(world.users["press"])
    response = client.get(reverse("dashboards:region_reach_export", args=[world.region.pk, table]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    expected = reach_page.region_table(region=world.region, key=table, today=today())
    assert list(rows[0]) == expected.header
    assert [list(row) for row in rows[1:]] == expected.plain_rows()
    values = {value for row in rows[1:] for value in row}
    assert {"months": 4500, "rubrics": 3000, "hours": 3000, "top": 3000, "branches": 300}[
        table
    ] in values or table == "months"
    if table == "months":
        assert sum(row[2] or 0 for row in rows[1:]) == 4500
        assert None in values  # months nobody measured: empty, not 0
    address = reverse("dashboards:region_reach_export", args=[world.region.pk, "nope"])
    assert client.get(address).status_code == 404


def test_the_ranking_exports(measured_world, client_for):
    client = client_for(measured_world.users["central"])
    response = client.get(reverse("dashboards:central_reach_export", args=["regions"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Место" and rows[0][4] == "На 1 000 членов"
    assert rows[1][:2] == (measured_world.other_region.short_name, 1)
    assert rows[2][4:7] == (1200, 300, 900)
    assert client.get(reverse("dashboards:central_reach_export", args=["x"])).status_code == 404


@pytest.mark.parametrize(
    ("language", "heading", "rank"),
    [
        ("ru", "Охват по месяцам", "2-е место среди регионов"),
        ("kk", "Айлар бойынша қамту", "Өңірлер арасында 2-орын"),
        ("en", "Reach by month", "No. 2 among the regions"),
    ],
)
def test_the_page_reads_in_each_language(
    measured_world, client_for, settings, language, heading, rank
):
    world = measured_world
    client = client_for(world.users["press"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    try:
        page = client.get(reverse("dashboards:region_reach", args=[world.region.pk]))
    finally:
        # A request leaves its language active in the thread.
        translation.activate(settings.LANGUAGE_CODE)
    html = page.content.decode()
    assert heading in html and rank in html
    if language != "ru":
        # None of the page's own words left in Russian.
        for russian in ("нет данных", "Охват", "Вовлечённость", "Лучшие часы", "Понедельник"):
            assert russian not in html, russian
    if language == "kk":
        assert "Құқықтық түсіндірмелер" in html  # the rubric's own Kazakh name
        assert "деректер жоқ" in html


# --- Query counts -----------------------------------------------------------------


def grow(world, times: int) -> None:
    """`times` units of reach in both regions: a branch with a page, posts of ours
    and of the page's own, measured twice, in the last month and the one before."""
    rubric = Rubric.objects.get_or_create(name="Полезные советы")[0]
    for _n in range(times):
        for region in (world.region, world.other_region):
            branch = BranchFactory(region=region, members_total=500)
            regional = page_of(region)
            branch_page = page_of(region, branch=branch)
            for moment in (last_month(3, 10), last_month(10, 19), month_before(5, 12)):
                for connection in (regional, branch_page):
                    network_id = f"{connection.pk}-{moment:%m%d%H}"
                    post = measured(connection, network_id, moment, reach=100, interactions=4)
                    PostMeasurement.objects.create(
                        post=post, age=28, measured_at=moment, source=Source.API, reach=150
                    )
                ours(regional, f"{regional.pk}-{moment:%m%d%H}", rubric, region, "Наш пост")


def count_queries(client, address: str) -> int:
    with CaptureQueriesContext(db) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


# Every page pays 6 for the session, the user and the bell (an export skips the
# bell: 5). The region's page: the region with its totals; the year's posts;
# the rubrics' names; the branches; the ranking (the month's posts, the regions,
# the month before's posts, the regions). The ranking: the same four. A
# table's export reads the posts and, for rubrics and branches, one more.
PAGES = [
    ("press", "dashboards:region_reach", ["region"], 14),
    ("central", "dashboards:region_reach", ["other_region"], 14),
    ("central", "dashboards:central_reach", [], 10),
    ("press", "dashboards:region_reach_export", ["region", "rubrics"], 8),
    ("press", "dashboards:region_reach_export", ["region", "top"], 7),
    ("central", "dashboards:central_reach_export", ["regions"], 9),
]


@pytest.mark.parametrize(("role", "name", "args", "pinned"), PAGES)
def test_query_counts_do_not_grow_with_data(world, client_for, role, name, args, pinned):
    client = client_for(world.users[role])
    address = reverse(
        name,
        args=[getattr(world, arg).pk if arg in ("region", "other_region") else arg for arg in args],
    )
    grow(world, 1)
    at_1x = count_queries(client, address)
    grow(world, 9)
    at_10x = count_queries(client, address)
    assert (at_1x, at_10x) == (pinned, pinned)


# --- The demo ---------------------------------------------------------------------


def test_the_demo_region_shows_a_living_reach_page(world, client_for):
    """A newcomer's demo: twelve months of reach on the page, a figure in every
    month, the rubrics that reach more on top, and the region ranked."""
    world.region.is_demo = True
    world.region.save()
    world.branch.members_total = 2000
    world.branch.save()
    for platform in (P.FACEBOOK_PAGE, P.INSTAGRAM):
        SocialPage.objects.create(region=world.region, platform=platform)
    SocialPage.objects.create(region=world.region, branch=world.branch, platform=P.FACEBOOK_PAGE)
    load_rubrics()
    rubrics = list(Rubric.objects.all())
    facebook = Channel.objects.get(code="facebook_page")
    rng = random.Random(7)
    end = today()
    for n in range(12 * 12):
        day = dates.add_months(end, n // 12 - 11).replace(day=1) + datetime.timedelta(
            days=2 * (n % 12)
        )
        if day > end:
            continue
        PostFactory(
            plan=PlanFactory(region=world.region, month=day.replace(day=1)),
            date=day,
            rubric=rubrics[n % len(rubrics)],
            status=PlannedPost.Status.PUBLISHED,
            published_url=f"https://demo.example.kz/post/{n}",
            channels=[facebook],
        )
    assert demo.load_demo(region=world.region, today=end, rng=rng) > 0

    page = client_for(world.users["central"]).get(
        reverse("dashboards:region_reach", args=[world.region.pk])
    )
    assert page.status_code == 200
    found = page.context["reach"]
    assert all(row["posts"] > 0 for row in found.months.rows)
    assert all(isinstance(row["total"], int) for row in found.months.rows)
    assert found.months_chart["series"][0]["data"] == [row["total"] for row in found.months.rows]
    best = [row["rubric"] for row in found.rubrics.rows[:3]]
    assert "Прямые эфиры" in best or "Правовые разъяснения" in best
    assert len(found.top.rows) == 10
    assert found.rank is not None and found.rank.rank == 1
    html = page.content.decode()
    assert "1-е место среди регионов" in html
    assert f"{found.total:,}".replace(",", "\xa0") in html


def test_the_dashboards_lead_to_the_reach_pages(world, client_for):
    press = client_for(world.users["press"])
    page = press.get(reverse("dashboards:region", args=[world.region.pk])).content.decode()
    assert f'href="{reverse("dashboards:region_reach", args=[world.region.pk])}"' in page
    central = client_for(world.users["central"]).get(reverse("dashboards:central"))
    assert f'href="{reverse("dashboards:central_reach")}"' in central.content.decode()
