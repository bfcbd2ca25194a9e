"""A plan's post as the networks measured it (issue 30, «Where people see it»):
its panel shows each network's figures with the measurement's date, «ещё не
измерено» and «не измеряется» where so, never 0 for unknown; the calendar's
chips know its reach summed over the networks; both in queries that do not
grow with the networks or the posts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import SocialPage
from channels.models import Connection, NetworkPost, PostMeasurement, Source
from contentplan.models import Channel
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from publishing.models import Publication
from reach import posts

P = SocialPage.Platform
ZONE = timezone.get_current_timezone()
POSTED = datetime(2026, 11, 20, 19, 0, tzinfo=ZONE)


def page_of(region, platform=P.FACEBOOK_PAGE, **fields) -> Connection:
    page = SocialPage.objects.create(region=region, platform=platform)
    return Connection.objects.create(
        page=page, account=f"acc{page.pk}", external_id=str(page.pk), **fields
    )


def published(post, code, connection, network_id, state=Publication.State.SENT):
    return Publication.objects.create(
        post=post,
        region=post.plan.region,
        title=post.title,
        channel=Channel.objects.get(code=code),
        connection=connection,
        state=state,
        network_id=network_id,
    )


def measure(connection, network_id, *ages, source=Source.API, note="", posted=POSTED):
    """A network post with one measurement an age: (age, measured on, figures)."""
    post, _ = NetworkPost.objects.get_or_create(
        connection=connection, network_id=network_id, defaults={"posted_at": posted}
    )
    for age, day, figures in ages:
        PostMeasurement.objects.create(
            post=post,
            age=age,
            measured_at=datetime.combine(day, datetime.min.time(), tzinfo=ZONE).replace(hour=9),
            source=source,
            note=note,
            **figures,
        )
    return post


@pytest.fixture
def post(world):
    plan = PlanFactory(region=world.region, month=date(2026, 11, 1))
    return PostFactory(plan=plan, rubric=RubricFactory(name="Правовой ликбез"), date=POSTED.date())


@pytest.fixture
def three_networks(world, post):
    """Facebook measured twice, Instagram out but not measured yet, a private
    Telegram channel that is not measured, and a copy placed by hand."""
    facebook = page_of(world.region)
    instagram = page_of(world.region, P.INSTAGRAM)
    telegram = page_of(world.region, P.TELEGRAM, reach_error="not_measured")
    published(post, "facebook_page", facebook, "fb_1")
    published(post, "instagram", instagram, "ig_1")
    published(post, "telegram", telegram, "-1001:5")
    measure(
        facebook,
        "fb_1",
        (1, date(2026, 11, 21), {"reach": 400, "reactions": 10, "comments": 2}),
        (
            7,
            date(2026, 12, 3),
            {"reach": 1234, "views": 2000, "reactions": 40, "comments": None, "shares": 6,
             "interactions": 50},
        ),
    )  # fmt: skip
    return facebook, instagram, telegram


def test_each_network_as_last_measured_and_unknown_never_zero(post, three_networks):
    found = {row.code: row for row in posts.figures_of_posts([post.pk])[post.pk]}
    facebook = found["facebook_page"]
    assert facebook.state == posts.State.MEASURED
    assert (facebook.reach, facebook.views, facebook.reactions, facebook.shares) == (
        1234,
        2000,
        40,
        6,
    )
    assert facebook.comments is None  # not given by the network at 7 days: unknown, not 0
    assert facebook.measured_at.date() == date(2026, 12, 3)
    assert facebook.engagement == pytest.approx(50 / 1234)
    assert found["instagram"].state == posts.State.NOT_YET
    assert found["instagram"].reach is None
    assert found["telegram"].state == posts.State.NOT_MEASURED


def test_the_post_page_shows_the_figures_with_their_date(world, client_for, post, three_networks):
    response = client_for(world.users["press"]).get(
        reverse("contentplan:post_detail", args=[post.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="post-reach"' in page
    assert "Где пост увидели" in page
    row = page.split('data-testid="post-reach-facebook_page"')[1].split("</tr>")[0]
    assert "измерено 3 декабря" in row
    assert "1\xa0234" in row and "2\xa0000" in row and "4,1%" in row  # 50 of 1,234
    comments = row.split('data-testid="comments"')[1].split("</td>")[0]
    assert "—" in comments and "0" not in comments
    assert "ещё не измерено" in page.split('data-testid="post-reach-instagram"')[1]
    assert "не измеряется" in page.split('data-testid="post-reach-telegram"')[1]


def test_a_post_not_out_yet_shows_no_reach_section(world, client_for, post):
    response = client_for(world.users["press"]).get(
        reverse("contentplan:post_detail", args=[post.pk])
    )
    assert response.status_code == 200
    assert 'data-testid="post-reach"' not in response.content.decode()


def test_the_too_few_viewers_note_and_the_public_page(world, post):
    instagram = page_of(world.region, P.INSTAGRAM)
    channel = page_of(world.region, P.TELEGRAM)
    published(post, "instagram", instagram, "ig_2")
    published(post, "telegram", channel, "-100:9")
    measure(instagram, "ig_2", (1, date(2026, 11, 21), {}), note="too_few_viewers")
    measure(channel, "-100:9", (1, date(2026, 11, 21), {"views": 1200}), source=Source.PUBLIC_PAGE)
    found = {row.code: row for row in posts.figures_of_posts([post.pk])[post.pk]}
    assert found["instagram"].state == posts.State.TOO_FEW_VIEWERS
    assert found["telegram"].from_public_page and found["telegram"].views == 1200
    assert found["telegram"].reach is None
    # On the chip, a channel's views read from its public page stand for its reach.
    assert posts.reach_of_posts([post.pk]) == {post.pk: 1200}


def queries(call) -> int:
    with CaptureQueriesContext(db) as captured:
        call()
    return len(captured)


def test_the_reach_summed_over_the_networks_and_absent_when_unknown(world, post, three_networks):
    facebook, instagram, _telegram = three_networks
    quiet = PostFactory(plan=post.plan, rubric=post.rubric)
    published(quiet, "facebook_page", facebook, "fb_quiet")
    measure(facebook, "fb_quiet", (1, date(2026, 11, 21), {"reactions": 3}))
    assert posts.reach_of_posts([post.pk, quiet.pk]) == {post.pk: 1234}
    measure(instagram, "ig_1", (1, date(2026, 11, 21), {"reach": 66}))
    assert posts.reach_of_posts([post.pk, quiet.pk]) == {post.pk: 1300}


def test_the_query_counts_do_not_grow_with_networks_or_posts(world, post):
    facebook, instagram = page_of(world.region), page_of(world.region, P.INSTAGRAM)
    plan_posts = [post] + [PostFactory(plan=post.plan, rubric=post.rubric) for _ in range(9)]

    def add(items):
        for item in items:
            for connection, code in ((facebook, "facebook_page"), (instagram, "instagram")):
                published(item, code, connection, f"{code}{item.pk}")
                measure(connection, f"{code}{item.pk}", (1, date(2026, 11, 21), {"reach": 5}))

    ids = [item.pk for item in plan_posts]
    add(plan_posts[:1])
    at_1x = (
        queries(lambda: posts.figures_of_posts(ids)),
        queries(lambda: posts.reach_of_posts(ids)),
    )
    add(plan_posts[1:])
    assert len(posts.figures_of_posts(ids)) == 10
    assert posts.reach_of_posts(ids) == {pk: 10 for pk in ids}
    at_10x = (
        queries(lambda: posts.figures_of_posts(ids)),
        queries(lambda: posts.reach_of_posts(ids)),
    )
    assert at_1x == at_10x == (2, 1)


def test_the_post_page_costs_the_same_for_one_network_or_three(
    world, client_for, post, three_networks
):
    client = client_for(world.users["press"])
    address = reverse("contentplan:post_detail", args=[post.pk])
    with CaptureQueriesContext(db) as three:
        assert client.get(address).status_code == 200
    Publication.objects.exclude(channel__code="facebook_page").delete()
    with CaptureQueriesContext(db) as one:
        assert client.get(address).status_code == 200
    assert len(one) == len(three)


def test_other_languages(world, client_for, post, three_networks, settings):
    client = client_for(world.users["press"])
    address = reverse("contentplan:post_detail", args=[post.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    page = client.get(address).content.decode()
    assert "3 желтоқсан өлшенді" in page and "әлі өлшенбеді" in page and "өлшенбейді" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(address).content.decode()
    assert "measured 3 December" in page and "not measured yet" in page


def test_the_scope_is_unchanged(world, client_for, post, three_networks):
    """Another region's press secretary sees neither the post nor its reach;
    a branch's chair sees the region's plan, its reach with it."""
    address = reverse("contentplan:post_detail", args=[post.pk])
    response = client_for(world.users["other_press"]).get(address)
    assert response.status_code == 404
    assert "1\xa0234" not in response.content.decode()
    chair = client_for(world.users["chair"]).get(address)
    assert chair.status_code == 200 and 'data-testid="post-reach"' in chair.content.decode()
