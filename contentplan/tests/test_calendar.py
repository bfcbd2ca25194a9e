"""The calendar in use: htmx fragments, filters, the balance, moving, comments."""

import datetime
import json

import pytest
from django.urls import reverse

from contentplan.models import Channel, PlannedPost

from .factories import PostFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _calendar(client, query: str = "", **headers):
    address = reverse("contentplan:calendar", args=["2026", "03"]) + query
    return client.get(address, **headers)


def test_the_month_grid_starts_on_monday_with_russian_weekdays(world, plan, client_for):
    PostFactory(plan=plan, title="Эфир", date=datetime.date(2026, 3, 5))
    page = _calendar(client_for(world.users["chair"])).content.decode()
    assert "Март 2026" in page
    head = page[page.index("<thead>") : page.index("</thead>")]
    assert head.index("Пн") < head.index("Вт") < head.index("Вс")
    cell = page[page.index('data-testid="day-2026-03-05"') :]
    assert "Эфир" in cell[: cell.index("</td>")]
    # A chair reads; nothing to add, drag or start.
    assert "cp-add" not in page and "draggable" not in page


def test_a_post_is_created_in_the_modal_and_the_board_redraws(world, plan, rubrics, client_for):
    client = client_for(world.users["press"])
    create = reverse("contentplan:post_create", args=[plan.pk])
    form = client.get(create + "?date=2026-03-18", **HTMX)
    assert form.status_code == 200
    page = form.content.decode()
    assert "<html" not in page  # a fragment for the modal
    assert 'value="2026-03-18"' in page
    response = client.post(
        create,
        {
            "version": 0,
            "date": "2026-03-18",
            "rubric": rubrics["Правовые разъяснения"].pk,
            "title": "Аттестация педагогов",
            "channels": [Channel.objects.get(code="facebook_page").pk],
            "branch": world.branch2.pk,
            "responsible": world.users["chair2"].pk,
            "language": "kk",
            "origin": "own",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "planChanged"
    post = PlannedPost.objects.get(title="Аттестация педагогов")
    assert (post.branch, post.responsible, post.language) == (
        world.branch2,
        world.users["chair2"],
        "kk",
    )
    board = _calendar(client, HTTP_HX_TARGET="plan-board", **HTMX).content.decode()
    assert board.lstrip().startswith('<div id="plan-board"')
    assert "Аттестация педагогов" in board
    line = board[board.index('data-rubric="Правовые разъяснения"') :]
    assert "1 / 2" in line[: line.index("</li>")]


def test_a_date_outside_the_month_is_refused(world, plan, rubrics, client_for):
    response = client_for(world.users["press"]).post(
        reverse("contentplan:post_create", args=[plan.pk]),
        {
            "version": 0,
            "date": "2026-04-01",
            "rubric": rubrics["Прямые эфиры"].pk,
            "title": "X",
            "language": "ru",
            "origin": "own",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert not PlannedPost.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_the_balance_beside_the_calendar(world, plan, rubrics, client_for):
    PostFactory(plan=plan, rubric=rubrics["Освещение мероприятий"], branch=world.branch)
    PostFactory(plan=plan, rubric=rubrics["Освещение мероприятий"], origin="repost")
    page = _calendar(client_for(world.users["press"])).content.decode()
    balance = page[page.index('data-testid="balance"') :]
    line = balance[balance.index('data-rubric="Освещение мероприятий"') :]
    assert "2 / 4" in line[: line.index("</li>")]
    tag = balance[: balance.index('data-rubric="Освещение мероприятий"')]
    assert "list-group-item-warning" in tag[tag.rindex("<li") :]  # 2 of 4: unmet
    featured = balance[balance.index('data-testid="featured-branches"') :]
    assert world.branch.name in featured[: featured.index('data-testid="unfeatured-branches"')]
    unfeatured = balance[balance.index('data-testid="unfeatured-branches"') :]
    assert world.branch2.name in unfeatured
    assert "50%" in balance[balance.index('data-testid="own-share"') :]


def test_filters_keep_the_balance_whole(world, plan, rubrics, client_for):
    PostFactory(plan=plan, rubric=rubrics["Прямые эфиры"], title="Эфир", status="in_work")
    PostFactory(plan=plan, rubric=rubrics["Полезные советы"], title="Совет")
    PostFactory(
        plan=plan,
        rubric=rubrics["Полезные советы"],
        title="В телеграме",
        channels=Channel.objects.filter(code="telegram"),
    )
    client = client_for(world.users["press"])
    page = _calendar(client, f"?rubric={rubrics['Полезные советы'].pk}").content.decode()
    grid = page[page.index('data-testid="calendar"') : page.index('data-testid="balance"')]
    assert "Совет" in grid and "Эфир" not in grid
    balance = page[page.index('data-testid="balance"') :]
    assert "1 / 1" in balance  # the live stream still counts in the balance
    telegram = Channel.objects.get(code="telegram").pk
    page = _calendar(client, f"?channel={telegram}").content.decode()
    grid = page[page.index('data-testid="calendar"') : page.index('data-testid="balance"')]
    assert "В телеграме" in grid and ">\n    Совет" not in grid and "Эфир" not in grid
    page = _calendar(client, "?status=in_work").content.decode()
    grid = page[page.index('data-testid="calendar"') : page.index('data-testid="balance"')]
    assert "Эфир" in grid and "Совет" not in grid


def test_moving_by_drag_and_by_form(world, plan, client_for):
    post = PostFactory(plan=plan)
    client = client_for(world.users["press"])
    move = reverse("contentplan:post_move", args=[post.pk])
    response = client.post(
        move, {"date": "2026-03-20", "version": 0}, HTTP_ACCEPT="application/json"
    )
    assert json.loads(response.content) == {
        "id": post.pk,
        "date": "2026-03-20",
        "time": "",
        "version": 1,
    }
    response = client.post(move, {"date": "2026-03-21", "version": 1}, **HTMX)
    assert response["HX-Trigger"] == "planChanged"
    # A day of another month takes the post into that month's plan.
    response = client.post(move, {"date": "2026-04-02", "version": 2}, **HTMX)
    assert response["HX-Trigger"] == "planChanged"
    post.refresh_from_db()
    assert (post.date, post.version, post.plan.month) == (
        datetime.date(2026, 4, 2),
        3,
        datetime.date(2026, 4, 1),
    )
    # A day the calendar does not show is refused in the panel.
    response = client.post(move, {"date": "2101-04-02", "version": 3}, **HTMX)
    assert 'data-testid="panel-error"' in response.content.decode()
    post.refresh_from_db()
    assert (post.date, post.version) == (datetime.date(2026, 4, 2), 3)


def test_comments_by_the_regions_people(world, plan, client_for):
    post = PostFactory(plan=plan)
    comment = reverse("contentplan:post_comment", args=[post.pk])
    client_for(world.users["chair"]).post(comment, {"text": "Фото пришлём в среду"})
    page = client_for(world.users["press"]).get(post.get_absolute_url()).content.decode()
    assert "Фото пришлём в среду" in page
    assert client_for(world.users["central"]).post(comment, {"text": "x"}).status_code == 403


def test_the_list_view_and_the_post_page_without_javascript(world, plan, client_for):
    post = PostFactory(plan=plan, title="Семинар", date=datetime.date(2026, 3, 3))
    client = client_for(world.users["chair"])
    page = client.get(reverse("contentplan:month_list", args=["2026", "03"])).content.decode()
    assert 'data-testid="list-post"' in page and "Семинар" in page
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<html" in page and "Семинар" in page


def test_central_chooses_the_region(world, client_for):
    from .factories import PlanFactory

    other = PlanFactory(region=world.other_region)
    PostFactory(plan=other, title="Павлодарский эфир")
    client = client_for(world.users["central"])
    page = _calendar(client, f"?region={world.other_region.pk}").content.decode()
    assert "Павлодарский эфир" in page
    assert 'id="plan-region"' in page


def test_a_busy_day_shows_two_posts_and_links_to_the_rest(world, plan, client_for):
    day = datetime.date(2026, 3, 5)
    for hour in range(9, 16):  # seven posts, created out of time order
        PostFactory(plan=plan, title=f"В {hour:02}:00", date=day, time=datetime.time(hour))
    PostFactory(plan=plan, title="Одинокий", date=datetime.date(2026, 3, 6))
    client = client_for(world.users["press"])
    page = _calendar(client).content.decode()
    cell = page[page.index('data-testid="day-2026-03-05"') :]
    cell = cell[: cell.index("</td>")]
    assert cell.count('data-testid="chip"') == 2
    assert [f"В {hour:02}:00" in cell for hour in range(9, 16)] == [True] * 2 + [False] * 5
    assert 'data-testid="more-2026-03-05"' in cell and "ещё 5 постов" in cell
    assert 'data-testid="more-2026-03-06"' not in page
    # The link opens the list of that day only.
    more = reverse("contentplan:month_list", args=["2026", "03"]) + "?day=2026-03-05"
    assert more in cell
    listed = client.get(more).content.decode()
    assert listed.count('data-testid="list-post"') == 7
    assert "Одинокий" not in listed and 'data-testid="day-filter"' in listed
    # A day outside the month, or no date at all, leaves the whole month.
    for query in ("?day=2026-04-05", "?day=nonsense"):
        whole = client.get(more.split("?")[0] + query).content.decode()
        assert whole.count('data-testid="list-post"') == 8


@pytest.mark.parametrize(
    ("language", "posts", "shown", "more"),
    [
        ("ru", 3, 3, ""),  # three fit: no «ещё»
        ("ru", 4, 2, "ещё 2 поста"),
        ("ru", 7, 2, "ещё 5 постов"),
        ("ru", 23, 2, "ещё 21 пост"),
        ("kk", 3, 3, ""),
        ("kk", 6, 2, "тағы 4 жазба"),
        ("en", 4, 2, "2 more posts"),
        ("en", 23, 2, "21 more posts"),
    ],
)
def test_a_crowded_day_shows_its_first_two_and_counts_the_rest_in_the_language(
    world, plan, client_for, settings, language, posts, shown, more
):
    """A day of at most three posts shows them all; a busier one its first two
    and «ещё N» with N in the plural the language wants."""
    day = datetime.date(2026, 3, 5)
    for n in range(posts):
        PostFactory(plan=plan, title=f"Пост {n}", date=day, time=datetime.time(8 + n % 12, n // 12))
    client = client_for(world.users["press"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = _calendar(client).content.decode()
    cell = page[page.index('data-testid="day-2026-03-05"') :]
    cell = cell[: cell.index("</td>")]
    assert cell.count('data-testid="chip"') == shown
    assert ('data-testid="more-2026-03-05"' in cell) == bool(more)
    assert more in cell


def test_a_filtered_busy_day_counts_only_what_passes_the_filter(world, plan, client_for):
    """The database numbers and counts the posts the filters keep: the grid, its
    «ещё N» and the «shown of» line agree with the list."""
    day = datetime.date(2026, 3, 5)
    telegram = Channel.objects.get(code="telegram")
    facebook = Channel.objects.get(code="facebook_page")
    for hour in range(9, 16):  # seven posts; six on Telegram, the 10:00 one not
        channels = [facebook] if hour == 10 else [telegram, facebook]
        PostFactory(plan=plan, title=f"В {hour:02}:00", date=day, time=datetime.time(hour),
                    channels=channels)  # fmt: skip
    PostFactory(plan=plan, title="Одинокий", date=datetime.date(2026, 3, 6), channels=[facebook])
    client = client_for(world.users["press"])
    page = _calendar(client, f"?channel={telegram.pk}").content.decode()
    cell = page[page.index('data-testid="day-2026-03-05"') :]
    cell = cell[: cell.index("</td>")]
    shown = [f"В {hour:02}:00" in cell for hour in range(9, 16)]
    assert shown == [True, False, True, False, False, False, False]
    assert "ещё 4 поста" in cell
    assert "Одинокий" not in page
    assert "Показано 6 постов из 8." in page
