"""The plan learns from reach (issue 30): the post form suggests the rubric's
best hours of the last 90 days, with the number of posts behind them and
nothing under five; the month's balance shows each rubric's median reach."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from portal import dates
from reach import plan as reach_plan

from .test_posts import measure, page_of, published

TODAY = date(2026, 12, 7)
ZONE = timezone.get_current_timezone()


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


@pytest.fixture
def facebook(world):
    return page_of(world.region)


@pytest.fixture
def month_plan(world):
    return PlanFactory(region=world.region, month=dates.first_day(timezone.localdate()))


def out(plan, rubric, connection, posted: datetime, reach: int | None, n: int):
    """A plan's post published at `posted` and measured a week later."""
    post = PostFactory(plan=plan, rubric=rubric, date=posted.date(), title=f"Пост {n}")
    published(post, "facebook_page", connection, f"fb{n}")
    figures = {"reach": reach} if reach is not None else {"reactions": 1}
    measure(connection, f"fb{n}", (7, posted.date() + timedelta(days=7), figures), posted=posted)
    return post


def test_best_hours_by_median_reach_only_from_five_posts(world, facebook):
    plan = PlanFactory(region=world.region, month=date(2026, 11, 1))
    legal, news = RubricFactory(name="Правовой ликбез"), RubricFactory(name="Новости")
    posts = [
        (legal, at(date(2026, 11, 2), 19), 900),
        (legal, at(date(2026, 11, 9), 19), 700),
        (legal, at(date(2026, 11, 16), 19), 1100),
        (legal, at(date(2026, 11, 3), 9), 200),
        (legal, at(date(2026, 11, 10), 9), 400),
        (legal, at(date(2026, 11, 4), 12), 500),
        (legal, at(date(2026, 11, 5), 21), None),  # reach unknown: counts nowhere
        (legal, at(date(2026, 8, 30), 8), 99999),  # 99 days ago: out of the 90
        (news, at(date(2026, 11, 6), 18), 5000),
        (news, at(date(2026, 11, 7), 18), 5000),
        (news, at(date(2026, 11, 8), 18), 5000),
        (news, at(date(2026, 11, 9), 18), 5000),  # four posts: nothing suggested
    ]
    for n, (rubric, posted, reach) in enumerate(posts):
        out(plan, rubric, facebook, posted, reach, n)
    found = reach_plan.best_hours(region_id=world.region.pk, today=TODAY)
    assert set(found) == {legal.pk}
    assert found[legal.pk].hours == [19, 12, 9]  # medians 900, 500, 300
    assert found[legal.pk].posts == 6
    assert found[legal.pk].labels == ["19:00", "12:00", "09:00"]
    # The other region's posts teach this one nothing.
    assert reach_plan.best_hours(region_id=world.other_region.pk, today=TODAY) == {}
    medians = reach_plan.rubric_medians(region_id=world.region.pk, end=date(2026, 11, 30))
    assert (medians[legal.pk].median, medians[legal.pk].posts) == (600, 6)
    assert (medians[news.pk].median, medians[news.pk].posts) == (5000, 4)


def recent(month_plan, rubric, facebook, count, start=0, hour=19):
    """`count` posts of the last weeks at `hour`, reach 100, 200, …"""
    now = timezone.localtime()
    for n in range(start, start + count):
        posted = at(now.date() - timedelta(days=10 + n % 60), hour)
        out(month_plan, rubric, facebook, posted, 100 * (n + 1), n)


def test_the_post_form_suggests_the_rubrics_hours_with_their_posts(
    world, client_for, facebook, month_plan
):
    legal, news = RubricFactory(name="Правовой ликбез"), RubricFactory(name="Новости")
    recent(month_plan, legal, facebook, 12)
    recent(month_plan, news, facebook, 5, start=100, hour=9)
    post = PostFactory(plan=month_plan, rubric=legal, date=timezone.localdate())
    client = client_for(world.users["press"])
    page = client.get(reverse("contentplan:post_edit", args=[post.pk])).content.decode()
    hint = page.split(f'data-rubric-hint="{legal.pk}"')[1].split("</div>")[0]
    assert "hidden" not in hint.split(">")[0]  # the chosen rubric's hint is shown
    assert "Лучшее время по охвату: 19:00" in hint and "по 12 постам за 90 дней" in hint
    other = page.split(f'data-rubric-hint="{news.pk}"')[1].split("</div>")[0]
    assert "hidden" in other.split(">")[0] and "09:00" in other and "по 5 постам" in other
    new = client.get(reverse("contentplan:post_create", args=[month_plan.pk])).content.decode()
    assert f'data-rubric-hint="{legal.pk}"' in new


def test_a_rubric_under_five_posts_suggests_nothing(world, client_for, facebook, month_plan):
    legal = RubricFactory(name="Правовой ликбез")
    recent(month_plan, legal, facebook, 4)
    post = PostFactory(plan=month_plan, rubric=legal, date=timezone.localdate())
    page = client_for(world.users["press"]).get(reverse("contentplan:post_edit", args=[post.pk]))
    assert 'data-testid="hour-hints"' not in page.content.decode()


def test_the_balance_shows_each_rubrics_median_reach(world, client_for, facebook, month_plan):
    legal = RubricFactory(name="Правовой ликбез", monthly_minimum=2)
    recent(month_plan, legal, facebook, 3)  # 100, 200, 300
    today = timezone.localdate()
    page = (
        client_for(world.users["press"])
        .get(reverse("contentplan:calendar", args=[today.year, f"{today.month:02d}"]))
        .content.decode()
    )
    line = page.split(f'data-rubric="{legal.display_name}"')[1].split("</li>")[0]
    assert "медиана охвата 200, по 3 постам" in line


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("kk", ("Қамту бойынша ең қолайлы уақыт: 19:00", "12 жазба бойынша")),
        ("en", ("Best hours by reach: 19:00", "from 12 posts of the last 90 days")),
    ],
)
def test_the_suggestion_in_other_languages(
    world, client_for, facebook, month_plan, settings, language, words
):
    legal = RubricFactory(name="Правовой ликбез")
    recent(month_plan, legal, facebook, 12)
    post = PostFactory(plan=month_plan, rubric=legal, date=timezone.localdate())
    client = client_for(world.users["press"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("contentplan:post_edit", args=[post.pk])).content.decode()
    assert all(word in page for word in words)


def test_the_post_form_costs_the_same_for_one_measured_post_or_ten(
    world, client_for, facebook, month_plan
):
    legal = RubricFactory(name="Правовой ликбез")
    post = PostFactory(plan=month_plan, rubric=legal, date=timezone.localdate())
    client = client_for(world.users["press"])
    address = reverse("contentplan:post_edit", args=[post.pk])

    def count() -> int:
        with CaptureQueriesContext(db) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    recent(month_plan, legal, facebook, 1)
    at_1x = count()
    recent(month_plan, legal, facebook, 9, start=1)
    assert "по 10 постам" in client.get(address).content.decode()
    assert count() == at_1x
