"""The calendar's boards are read once and kept as figures and names
(contentplan/boards.py): every change shows at once, and nobody sees a board
read for other filters, regions or languages."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan import boards, services
from contentplan.models import Campaign, PlannedPost
from portal import freshness

from .factories import PostFactory

MARCH = ["2026", "03"]
HTMX_BOARD = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-board"}


def calendar(client, query: str = "", **headers):
    address = reverse("contentplan:calendar", args=MARCH) + query
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, **headers)
    assert response.status_code == 200
    return response, len(queries)


def chips_of(response) -> dict[int, PlannedPost]:
    return {
        chip.pk: chip for week in response.context["weeks"] for day in week for chip in day.chips
    }


@pytest.fixture
def posts(plan, rubrics):
    news, union = rubrics["Освещение мероприятий"], rubrics["Правовые разъяснения"]
    return [
        PostFactory(plan=plan, date=datetime.date(2026, 3, 10), rubric=news, title="Первый пост"),
        PostFactory(plan=plan, date=datetime.date(2026, 3, 12), rubric=union, title="Второй пост"),
    ]


def test_a_second_visit_reads_the_board_from_the_cache(world, posts, client_for):
    client = client_for(world.users["press"])
    calendar(client)  # the first visit remembers the view
    freshness.forget_all()
    built, drawing = calendar(client)
    kept, reading = calendar(client)
    # Not read again: the posts, their channels and states, the day counts,
    # the month's count and the balance.
    assert reading <= drawing - 5
    assert kept.context["board"] == built.context["board"]
    assert set(chips_of(kept)) == {post.pk for post in posts}


def test_the_cached_board_holds_nothing_of_the_person(world, posts, client_for):
    client = client_for(world.users["press"])
    response, _queries = calendar(client)
    board = response.context["board"]
    assert isinstance(board, boards.MonthBoard)
    page = response.content.decode()
    token = response.context["csrf_token"]
    assert str(token) in page  # the page has it …
    kept = repr(board)
    assert str(token) not in kept  # … the board kept for everyone does not
    assert world.users["press"].username not in kept
    # Figures and names only: no drawn HTML, no rows of the database.
    _plain(board)


def _plain(value, path="board"):
    import dataclasses

    from django.db.models import Model
    from django.utils.functional import Promise
    from django.utils.safestring import SafeData

    assert not isinstance(value, SafeData | Model | Promise), f"{path}: {type(value)}"
    if value is None or type(value) in (int, float, bool, str):
        return
    if isinstance(value, datetime.date):
        return
    if isinstance(value, list | tuple):
        for n, item in enumerate(value):
            _plain(item, f"{path}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain(key, f"{path} key")
            _plain(item, f"{path}[{key!r}]")
    else:
        assert dataclasses.is_dataclass(value), f"{path}: {type(value)}"
        for field in dataclasses.fields(value):
            _plain(getattr(value, field.name), f"{path}.{field.name}")


def test_a_moved_post_and_a_changed_status_show_at_once(world, posts, client_for):
    press = world.users["press"]
    client = client_for(press)
    calendar(client)
    first = posts[0]
    services.post_move(
        post=first, user=press, version=first.version, date=datetime.date(2026, 3, 20)
    )
    moved, _queries = calendar(client)
    assert chips_of(moved)[first.pk].date == datetime.date(2026, 3, 20)
    assert 'data-testid="day-2026-03-20"' in moved.content.decode()
    first.refresh_from_db()
    services.post_set_status(
        post=first, user=press, version=first.version, status=PlannedPost.Status.IN_WORK
    )
    changed, _queries = calendar(client)
    assert chips_of(changed)[first.pk].status == PlannedPost.Status.IN_WORK
    assert "cp-in_work" in changed.content.decode()


def test_posts_changed_by_an_update_show_at_once(world, posts, client_for):
    """The daily task marks missed posts by `update()`, without model signals
    (and, the plan being a draft, without a history row): the content plan's
    own `posts_updated` tells the cache."""
    client = client_for(world.users["press"])
    before, _queries = calendar(client)
    assert {chip.status for chip in chips_of(before).values()} == {PlannedPost.Status.IDEA}
    assert services.reminders_posts_missed(today=datetime.date(2026, 4, 1)) == 2
    after, _queries = calendar(client)
    assert {chip.status for chip in chips_of(after).values()} == {PlannedPost.Status.MISSED}


def test_a_renamed_campaign_shows_at_once(world, plan, posts, client_for):
    press = world.users["press"]
    campaign = Campaign.objects.create(
        region=world.region,
        name="Месячник охраны труда",
        starts=plan.month,
        ends=plan.month.replace(day=28),
    )
    # An update() without signals: the posts' manager says what it changed.
    PlannedPost.objects.filter(pk=posts[0].pk).update(campaign=campaign)
    client = client_for(press)
    before, _queries = calendar(client)
    assert "Месячник охраны труда" in before.content.decode()
    services.campaign_save(
        user=press,
        region=world.region,
        campaign=campaign,
        data=services.CampaignData(
            name="Неделя охраны труда",
            colour=campaign.colour,
            starts=campaign.starts,
            ends=campaign.ends,
        ),
    )
    after, _queries = calendar(client)
    page = after.content.decode()
    assert "Неделя охраны труда" in page
    assert "Месячник охраны труда" not in page


def test_a_new_post_shows_in_the_redrawn_board(world, posts, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    calendar(client, **HTMX_BOARD)
    added = PostFactory(
        plan=plan, date=datetime.date(2026, 3, 25), rubric=rubrics["Освещение мероприятий"]
    )
    redrawn, _queries = calendar(client, **HTMX_BOARD)
    assert added.pk in chips_of(redrawn)
    assert f'data-post="{added.pk}"' in redrawn.content.decode()


def test_filters_and_languages_have_boards_of_their_own(world, posts, rubrics, client_for):
    client = client_for(world.users["press"])
    everything, _queries = calendar(client)
    rubric = rubrics["Правовые разъяснения"].pk
    filtered, drawing = calendar(client, f"?rubric={rubric}")
    assert set(chips_of(filtered)) == {posts[1].pk}
    # The same filters written differently are the same board, read back.
    spelled, reading = calendar(client, f"?unknown=1&rubric={rubric}&status=")
    assert set(chips_of(spelled)) == {posts[1].pk}
    assert reading < drawing
    again, _queries = calendar(client)
    assert set(chips_of(again)) == {post.pk for post in posts}
    assert again.content.count(b'data-testid="chip"') == 2
    client.cookies["django_language"] = "kk"
    kazakh, _queries = calendar(client)
    assert kazakh.content.decode() != everything.content.decode()
    assert "Дс" in kazakh.content.decode() or "Дүй" in kazakh.content.decode()


def logged_in(user) -> Client:
    """A client of its own (client_for logs one client in and out)."""
    client = Client()
    client.force_login(user, backend="portal.backends.ScopedModelBackend")
    return client


def test_people_with_other_rights_or_filters_never_share_a_board(world, posts, rubrics):
    press = logged_in(world.users["press"])
    chair = logged_in(world.users["chair"])
    central = logged_in(world.users["central"])
    rubric = rubrics["Освещение мероприятий"].pk
    # The press secretary may edit: checkboxes and drag handles.
    edited, _queries = calendar(press, f"?rubric={rubric}")
    assert 'data-testid="select"' in edited.content.decode()
    assert set(chips_of(edited)) == {posts[0].pk}
    # A branch chair sees the same month read-only and unfiltered.
    read, _queries = calendar(chair)
    assert 'data-testid="select"' not in read.content.decode()
    assert "draggable" not in read.content.decode()
    assert set(chips_of(read)) == {post.pk for post in posts}
    # The central committee looks at the region from outside: the links in
    # the board (a busy day's "+N more") carry the region.
    for _n in range(4):
        PostFactory(plan=posts[1].plan, date=posts[1].date, rubric=posts[1].rubric)
    outside, _queries = calendar(central, f"?region={world.region.pk}")
    inside, _queries = calendar(chair)
    assert 'data-testid="more-2026-03-12"' in outside.content.decode()
    assert f"&amp;region={world.region.pk}" in outside.content.decode()
    assert 'data-testid="more-2026-03-12"' in inside.content.decode()
    assert f"region={world.region.pk}" not in inside.content.decode()
    # And the editor's board is still the editor's.
    again, _queries = calendar(press, f"?rubric={rubric}")
    assert 'data-testid="select"' in again.content.decode()
    assert set(chips_of(again)) == {posts[0].pk}


def test_the_other_region_has_a_board_of_its_own(world, posts):
    from .factories import PlanFactory

    other_plan = PlanFactory(region=world.other_region, month=posts[0].plan.month)
    other = PostFactory(plan=other_plan, date=datetime.date(2026, 3, 10), title="Чужой пост")
    ours, _queries = calendar(logged_in(world.users["press"]))
    theirs, _queries = calendar(logged_in(world.users["other_press"]))
    assert set(chips_of(theirs)) == {other.pk}
    assert "Чужой пост" not in ours.content.decode()


def test_the_page_goes_out_without_the_templates_indentation(world, posts, client_for):
    client = client_for(world.users["press"])
    page, _queries = calendar(client)
    assert b"\n " not in page.content
    assert b"\n\n" not in page.content
    assert 'data-testid="chip"' in page.content.decode()
    assert "\n " not in page.content.decode()


def test_a_renamed_rubric_shows_in_the_chips_and_the_filters_at_once(world, posts, client_for):
    client = client_for(world.users["press"])
    before, _queries = calendar(client)
    assert "Правовые разъяснения" in before.content.decode()
    rubric = posts[1].rubric
    rubric.name = "Юридическая консультация"
    rubric.save()  # a rubric belongs to no region: every region's pages follow
    after, _queries = calendar(client)
    page = after.content.decode()
    assert "Правовые разъяснения" not in page
    assert page.count("Юридическая консультация") >= 3  # chip, balance, filter


@pytest.mark.parametrize("view", ["week", "day"])
def test_the_week_and_the_day_are_read_once_until_a_post_changes(view, world, posts, client_for):
    client = client_for(world.users["press"])
    address = reverse(f"contentplan:{view}", args=[2026, 3, 10])

    def shown() -> str:
        response = client.get(address)
        assert response.status_code == 200
        return response.content.decode()

    assert "Первый пост" in shown()
    # Written behind the cache's back (the base manager tells nobody): the
    # board kept in the cache still shows the old title.
    PlannedPost._base_manager.filter(pk=posts[0].pk).update(title="Тихо изменённый")
    assert "Первый пост" in shown()
    # A write through the model's manager says so: the board is read anew.
    PlannedPost.objects.filter(pk=posts[0].pk).update(title="Новое название")
    page = shown()
    assert "Новое название" in page
    assert "Первый пост" not in page
