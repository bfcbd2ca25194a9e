"""The day view moves a post between its hours (issue 22): dragged (JSON), by
the keyboard (the same request), or by «Move to…», a form that works without
JavaScript and comes back to the day; one service, one entry in the history."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contentplan import history
from contentplan.models import MonthlyPlan, PlanChange, PlannedPost

from .factories import PlanFactory, PostFactory

TUESDAY = datetime.date(2026, 3, 10)
TEN = datetime.time(10, 0)
FIFTEEN = datetime.time(15, 0)
DAY_URL = reverse("contentplan:day", args=["2026", "03", "10"])


def _move(client, post, data, **headers):
    return client.post(reverse("contentplan:post_move", args=[post.pk]), data, **headers)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def approved(plan):
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    plan.refresh_from_db()
    return plan


def test_the_day_offers_move_to_on_each_post_for_the_press_secretary(world, plan, client_for):
    post = PostFactory(plan=plan, title="Семинар", date=TUESDAY, time=TEN)
    page = client_for(world.users["press"]).get(DAY_URL).content.decode()
    form = page[page.index('data-testid="move-to-form"') :]
    form = form[: form.index("</form>")]
    assert f'action="{reverse("contentplan:post_move", args=[post.pk])}"' in page
    assert 'name="time"' in form and 'value="10:00"' in form
    assert 'name="date"' in form and 'value="2026-03-10"' in form
    assert f'name="next" value="{DAY_URL}"' in form
    # Any day the calendar shows: a post moves into another month's plan too.
    assert 'min="2000-01-01"' in form and 'max="2100-12-31"' in form
    # A chair reads the day: no form, no place to drop on, nothing to drag.
    page = client_for(world.users["chair"]).get(DAY_URL).content.decode()
    assert "Семинар" in page
    assert "move-to-form" not in page and "data-drop-time" not in page
    assert "draggable" not in page


def test_move_to_another_hour_comes_back_to_the_day_and_is_written_once(
    world, approved, client_for
):
    post = PostFactory(plan=approved, title="Семинар", date=TUESDAY, time=TEN)
    client = client_for(world.users["press"])
    response = _move(
        client, post, {"date": "2026-03-10", "time": "15:00", "version": 0, "next": DAY_URL}
    )
    assert (response.status_code, response["Location"]) == (302, DAY_URL)
    assert _messages(response) == ["«Семинар» перенесён на 10 марта, 15:00."]
    post.refresh_from_db()
    assert (post.date, post.time, post.version) == (TUESDAY, datetime.time(15, 0), 1)
    entries = list(PlanChange.objects.filter(plan=approved))
    assert [(entry.event, entry.post_id) for entry in entries] == [(history.POST_MOVED, post.pk)]
    assert entries[0].params == {
        "title": "Семинар",
        "old": "2026-03-10",
        "new": "2026-03-10",
        "old_time": "10:00",
        "new_time": "15:00",
    }
    # The history reads it in Russian, with both hours.
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "Семинар" in page and "10:00" in page and "15:00" in page


def test_dragging_to_another_hour_answers_json(world, approved, client_for):
    post = PostFactory(plan=approved, date=TUESDAY, time=datetime.time(10, 30))
    response = _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-03-10", "time": "15:30", "version": 0},
        HTTP_ACCEPT="application/json",
    )
    assert json.loads(response.content) == {
        "id": post.pk,
        "date": "2026-03-10",
        "time": "15:30",
        "version": 1,
    }
    assert PlanChange.objects.filter(plan=approved, event=history.POST_MOVED).count() == 1


def test_to_the_whole_day_and_back_to_an_hour(world, plan, client_for):
    post = PostFactory(plan=plan, date=TUESDAY, time=TEN)
    client = client_for(world.users["press"])
    _move(client, post, {"date": "2026-03-10", "time": "", "version": 0, "next": DAY_URL})
    post.refresh_from_db()
    assert (post.time, post.version) == (None, 1)
    _move(client, post, {"date": "2026-03-12", "time": "09:45", "version": 1, "next": DAY_URL})
    post.refresh_from_db()
    assert (post.date, post.time) == (datetime.date(2026, 3, 12), datetime.time(9, 45))


def test_the_same_hour_changes_nothing(world, approved, client_for):
    post = PostFactory(plan=approved, date=TUESDAY, time=TEN)
    _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-03-10", "time": "10:00", "version": 0, "next": DAY_URL},
    )
    post.refresh_from_db()
    assert post.version == 0
    assert not PlanChange.objects.filter(plan=approved).exists()


def test_a_move_someone_overtook_is_refused_with_why(world, approved, client_for):
    post = PostFactory(plan=approved, title="Семинар", date=TUESDAY, time=TEN)
    PlannedPost.objects.filter(pk=post.pk).update(
        version=2, time=datetime.time(11, 0), updated_by=world.users["press"]
    )
    client = client_for(world.users["press"])
    response = _move(
        client, post, {"date": "2026-03-10", "time": "15:00", "version": 0, "next": DAY_URL}
    )
    assert response["Location"] == DAY_URL
    (message,) = _messages(response)
    # Who changed it and where it stands now: the reason nothing moved.
    assert message.startswith(f"{world.users['press']} изменил(а) «Семинар» "), message
    assert "сейчас пост стоит на 10 марта, 11:00. Ничего не перенесено" in message
    answer = _move(
        client,
        post,
        {"date": "2026-03-10", "time": "15:00", "version": 0},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 409
    assert json.loads(answer.content)["error"] == message
    post.refresh_from_db()
    assert (post.time, post.version) == (datetime.time(11, 0), 2)
    assert not PlanChange.objects.filter(plan=approved).exists()


def test_move_to_a_day_of_another_month_takes_it_into_that_months_plan(world, plan, client_for):
    post = PostFactory(plan=plan, title="Семинар", date=TUESDAY, time=TEN)
    response = _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-04-01", "time": "15:00", "version": 0, "next": DAY_URL},
    )
    assert _messages(response) == ["«Семинар» перенесён на 1 апреля, 15:00."]
    post.refresh_from_db()
    assert (post.date, post.time, post.version) == (datetime.date(2026, 4, 1), FIFTEEN, 1)
    assert post.plan.month == datetime.date(2026, 4, 1)


def test_another_regions_post_is_not_found(world, client_for):
    other = PlanFactory(region=world.other_region, month=datetime.date(2026, 3, 1))
    post = PostFactory(plan=other, date=TUESDAY, time=TEN)
    response = _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-03-10", "time": "15:00", "version": 0, "next": DAY_URL},
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert (post.time, post.version) == (TEN, 0)


@pytest.mark.parametrize(
    "value",
    ["25:00", "10:61", "24:00", "abc", "\x00", "9" * 5000, "-1", "٣:٠٠", "1e9", "15:00; DROP"],
)
def test_a_hostile_time_changes_nothing_and_says_why(world, approved, client_for, value):
    post = PostFactory(plan=approved, date=TUESDAY, time=TEN)
    client = client_for(world.users["press"])
    response = _move(
        client, post, {"date": "2026-03-10", "time": value, "version": 0, "next": DAY_URL}
    )
    assert (response.status_code, response["Location"]) == (302, DAY_URL)
    assert _messages(response) == [
        "Укажите время в часах и минутах, например 15:00, или оставьте поле пустым — "
        "тогда пост на весь день."
    ]
    answer = _move(
        client,
        post,
        {"date": "2026-03-10", "time": value, "version": 0},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 409
    post.refresh_from_db()
    assert (post.time, post.version) == (TEN, 0)
    assert not PlanChange.objects.filter(plan=approved).exists()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "contentplan:day",
        "javascript:x",
        "/plan/\nSet-Cookie: x=1",
        "/plan/\x00",
    ],
)
def test_next_leads_only_to_a_page_of_this_site(world, plan, client_for, target):
    post = PostFactory(plan=plan, date=TUESDAY, time=TEN)
    response = _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-03-10", "time": "15:00", "version": 0, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
