"""The post's reach in the calendar (issue 30): the chip's tooltip and the day
view show the latest known reach summed over the networks, in ru, kk and en;
the month's board reads it in one query for all its posts, and a collection
that measures a post renews the board kept in the cache."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, timedelta

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels import services as channel_services
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from networks.measurement import Insights, PostFigures
from portal import freshness

from .test_posts import POSTED, measure, page_of, published

MONTH = reverse("contentplan:calendar", args=["2026", "11"])
DAY = reverse("contentplan:day", args=["2026", "11", "20"])


@pytest.fixture
def plan(world):
    return PlanFactory(region=world.region, month=date(2026, 11, 1))


@pytest.fixture
def measured_post(world, plan):
    """A post out on Facebook (1,234 reached) and Instagram (66)."""
    post = PostFactory(
        plan=plan, rubric=RubricFactory(name="Правовой ликбез"), date=POSTED.date(), title="Отпуск"
    )
    facebook, instagram = page_of(world.region), page_of(world.region, "instagram")
    published(post, "facebook_page", facebook, "fb_1")
    published(post, "instagram", instagram, "ig_1")
    measure(facebook, "fb_1", (7, date(2026, 11, 27), {"reach": 1234}))
    measure(instagram, "ig_1", (1, date(2026, 11, 21), {"reach": 66}))
    return post


def chip_of(page: str, post) -> str:
    """The title (the tooltip) of the post's chip."""
    found = re.search(rf'title="([^"]*)"\s+data-testid="chip"\s+data-post="{post.pk}"', page)
    assert found, f"no chip of post {post.pk}"
    return html.unescape(found.group(1))


def test_the_chip_tooltip_and_the_day_view_show_the_reach(world, client_for, measured_post):
    client = client_for(world.users["press"])
    page = client.get(MONTH).content.decode()
    tooltip = chip_of(page, measured_post)
    assert "охват 1\xa0300" in tooltip
    day = client.get(DAY).content.decode()
    row = day.split('data-testid="day-post-reach"')[1].split("</span>")[0]
    assert "охват 1\xa0300" in row


def test_a_post_whose_reach_is_unknown_says_nothing_of_it(world, client_for, plan):
    post = PostFactory(plan=plan, date=POSTED.date(), title="Без охвата")
    facebook = page_of(world.region)
    published(post, "facebook_page", facebook, "fb_2")
    measure(facebook, "fb_2", (1, date(2026, 11, 21), {"reactions": 4}))
    client = client_for(world.users["press"])
    tooltip = chip_of(client.get(MONTH).content.decode(), post)
    assert "охват" not in tooltip
    assert 'data-testid="day-post-reach"' not in client.get(DAY).content.decode()


@pytest.mark.parametrize(("language", "word"), [("kk", "қамту"), ("en", "reach")])
def test_the_reach_in_other_languages(world, client_for, measured_post, settings, language, word):
    client = client_for(world.users["press"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(MONTH).content.decode()
    assert f"{word} 1" in chip_of(page, measured_post)
    assert f"{word} 1" in client.get(DAY).content.decode().split('data-testid="day-post-reach"')[1]


def queries(client, address) -> int:
    client.get(address)  # the first visit remembers the view (a write of its own)
    freshness.forget_all()  # the board drawn, not read from the cache
    with CaptureQueriesContext(db) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_month_board_reads_the_reach_in_one_query(world, client_for, plan):
    """One post with its reach and ten cost the same, month and day."""
    facebook = page_of(world.region)
    client = client_for(world.users["press"])

    def add(start, count):
        for n in range(start, start + count):
            post = PostFactory(plan=plan, date=date(2026, 11, 1 + n), title=f"Пост {n}")
            published(post, "facebook_page", facebook, f"fb{n}")
            measure(facebook, f"fb{n}", (1, date(2026, 11, 2 + n), {"reach": 100 + n}))

    add(0, 1)
    at_1x = (queries(client, MONTH), queries(client, DAY))
    add(1, 9)
    at_10x = (queries(client, MONTH), queries(client, DAY))
    assert at_1x == at_10x
    page = client.get(MONTH).content.decode()
    assert page.count("охват 1") == 10


def test_a_collection_renews_the_cached_board(world, client_for, plan):
    """The board is kept in the cache; the measurements a collection writes
    (bulk_create, without signals) give the region a new version."""
    post = PostFactory(plan=plan, date=POSTED.date(), title="Свежий")
    facebook = page_of(world.region)
    published(post, "facebook_page", facebook, "fb_new")
    client = client_for(world.users["press"])
    client.get(MONTH)
    assert "охват" not in chip_of(client.get(MONTH).content.decode(), post)
    now = POSTED.astimezone(UTC) + timedelta(days=1, hours=1)
    channel_services.reach_store(
        connection=facebook,
        insights=Insights([PostFigures(network_id="fb_new", posted_at=POSTED, reach=321)]),
        day=None,
        now=now,
    )
    assert "охват 321" in chip_of(client.get(MONTH).content.decode(), post)
