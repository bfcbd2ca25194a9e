"""A post moves across a month's boundary (a week that spans two months, a
bulk «move by N days» near the month's end): into the region's plan for the
new month, started as a draft when there is none; the post keeps its status,
and an approved post in a plan not approved yet is told to wait for it."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contentplan import history, services
from contentplan.history import describe
from contentplan.models import MonthlyPlan, PlanChange, PlannedPost
from portal.exceptions import Conflict, Refused

from .factories import PlanFactory, PostFactory

MARCH, APRIL = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
LAST, FIRST = datetime.date(2026, 3, 31), datetime.date(2026, 4, 1)
TEN = datetime.time(10, 0)


def _approved(plan: MonthlyPlan) -> MonthlyPlan:
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    plan.refresh_from_db()
    return plan


def _move(client, post, data, **headers):
    return client.post(reverse("contentplan:post_move", args=[post.pk]), data, **headers)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _seen(*posts) -> dict[int, int]:
    return {post.pk: post.version for post in posts}


# --- One post ----------------------------------------------------------------------


def test_a_move_into_next_months_plan_is_written_in_both_histories(world, plan):
    march = _approved(plan)
    april = _approved(PlanFactory(region=world.region, month=APRIL))
    post = PostFactory(plan=march, title="Семинар", date=LAST, time=TEN, status="in_work")
    moved = services.post_move(post=post, user=world.users["press"], version=0, date=FIRST)
    assert (moved.plan_id, moved.date, moved.time) == (april.pk, FIRST, TEN)
    assert (moved.status, moved.version, moved.updated_by) == ("in_work", 1, world.users["press"])
    assert list(march.posts.all()) == [] and list(april.posts.all()) == [moved]
    (went,) = PlanChange.objects.filter(plan=march)
    (came,) = PlanChange.objects.filter(plan=april)
    assert (went.event, went.post_id, came.event, came.post_id) == (
        history.POST_MOVED,
        post.pk,
        history.POST_MOVED,
        post.pk,
    )
    assert went.params["to_month"] == "2026-04-01" and "from_month" not in went.params
    assert came.params["from_month"] == "2026-03-01" and "to_month" not in came.params
    assert describe(went) == (
        "Пост «Семинар» перенесён с 31.03.2026, 10:00 на 01.04.2026, 10:00. "
        "Пост перешёл в план другого месяца (Апрель 2026)."
    )
    assert describe(came) == (
        "Пост «Семинар» перенесён с 31.03.2026, 10:00 на 01.04.2026, 10:00. "
        "Пост перешёл из плана другого месяца (Март 2026)."
    )


def test_a_month_without_a_plan_gets_one_as_a_draft(world, plan):
    post = PostFactory(plan=plan, title="Семинар", date=LAST)
    moved = services.post_move(post=post, user=world.users["press"], version=0, date=FIRST)
    april = MonthlyPlan.objects.get(region=world.region, month=APRIL)
    assert moved.plan_id == april.pk
    assert april.status == MonthlyPlan.Status.DRAFT
    assert (april.created_by, april.updated_by) == (world.users["press"],) * 2
    # Drafts keep no history: neither plan has an entry.
    assert not PlanChange.objects.exists()
    # And back again, into the March plan that is still there.
    back = services.post_move(post=moved, user=world.users["press"], version=1, date=LAST)
    assert (back.plan_id, back.date, back.version) == (plan.pk, LAST, 2)
    assert MonthlyPlan.objects.filter(region=world.region).count() == 2


def test_a_move_back_a_month_too(world):
    april = PlanFactory(region=world.region, month=APRIL)
    post = PostFactory(plan=april, date=FIRST)
    moved = services.post_move(post=post, user=world.users["press"], version=0, date=LAST)
    assert moved.plan.month == MARCH and moved.date == LAST


def test_a_stale_move_across_months_is_refused_and_starts_no_plan(world, plan):
    post = PostFactory(plan=plan, title="Семинар", date=LAST)
    PlannedPost.objects.filter(pk=post.pk).update(version=3, updated_by=world.users["press"])
    with pytest.raises(Conflict) as stale:
        services.post_move(post=post, user=world.users["press"], version=0, date=FIRST)
    assert stale.value.current.updated_by == world.users["press"]
    post.refresh_from_db()
    assert (post.plan_id, post.date, post.version) == (plan.pk, LAST, 3)
    assert not MonthlyPlan.objects.filter(month=APRIL).exists()


def test_someone_who_may_not_change_the_plan_gets_todays_refusal(world, plan):
    post = PostFactory(plan=plan, date=LAST)
    for who in ("chair", "other_press", "central"):
        with pytest.raises(Refused) as refused:
            services.post_move(post=post, user=world.users[who], version=0, date=FIRST)
        assert refused.value.message == "Изменять план региона может только его пресс-секретарь."
    assert not MonthlyPlan.objects.filter(month=APRIL).exists()
    post.refresh_from_db()
    assert (post.plan_id, post.date, post.version) == (plan.pk, LAST, 0)


def test_a_day_after_2100_is_refused(world):
    december = PlanFactory(region=world.region, month=datetime.date(2100, 12, 1))
    post = PostFactory(plan=december, date=datetime.date(2100, 12, 31))
    with pytest.raises(Refused) as refused:
        services.post_move(
            post=post, user=world.users["press"], version=0, date=datetime.date(2101, 1, 1)
        )
    assert refused.value.message == "Посты планируются на 2000–2100 годы; ничего не изменено."
    assert not MonthlyPlan.objects.filter(month__year=2101).exists()
    post.refresh_from_db()
    assert (post.date, post.version) == (datetime.date(2100, 12, 31), 0)


# --- The view's answers ----------------------------------------------------------------


def test_dragging_an_approved_post_into_a_draft_month_says_it_waits(world, plan, client_for):
    post = PostFactory(plan=_approved(plan), title="Семинар", date=LAST, status="approved")
    client = client_for(world.users["press"])
    response = _move(
        client, post, {"date": "2026-04-01", "version": 0}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "id": post.pk,
        "date": "2026-04-01",
        "time": "",
        "version": 1,
        "message": "«Семинар» утверждён, но план месяца (Апрель 2026) ещё не утверждён: "
        "пост выйдет, когда этот план утвердят.",
    }
    post.refresh_from_db()
    assert (post.plan.month, post.plan.status, post.status) == (APRIL, "draft", "approved")
    # Moved by the form of the day view: the same words as a flash message.
    day = reverse("contentplan:day", args=["2026", "04", "01"])
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.DRAFT)
    response = _move(client, post, {"date": "2026-03-30", "version": 1, "next": day})
    post.refresh_from_db()
    assert post.plan_id == plan.pk
    assert _messages(response) == [
        "«Семинар» утверждён, но план месяца (Март 2026) ещё не утверждён: "
        "пост выйдет, когда этот план утвердят.",
        "«Семинар» перенесён на 30 марта.",
    ]


def test_a_move_into_an_approved_month_or_of_a_post_in_work_says_nothing_more(
    world, plan, client_for
):
    _approved(PlanFactory(region=world.region, month=APRIL))
    ready = PostFactory(plan=plan, date=LAST, status="approved")
    working = PostFactory(plan=plan, date=LAST, status="in_work")
    client = client_for(world.users["press"])
    for post in (ready, working):
        answer = _move(
            client, post, {"date": "2026-04-02", "version": 0}, HTTP_ACCEPT="application/json"
        )
        assert answer.status_code == 200 and "message" not in json.loads(answer.content)
    assert set(PlannedPost.objects.values_list("plan__month", flat=True)) == {APRIL}


def test_the_views_refusals_across_months(world, plan, client_for):
    post = PostFactory(plan=plan, title="Семинар", date=LAST)
    client = client_for(world.users["press"])
    PlannedPost.objects.filter(pk=post.pk).update(version=2, updated_by=world.users["press"])
    stale = _move(
        client, post, {"date": "2026-04-01", "version": 0}, HTTP_ACCEPT="application/json"
    )
    assert stale.status_code == 409
    assert json.loads(stale.content)["error"].startswith(
        f"{world.users['press']} изменил(а) «Семинар»"
    )
    far = _move(client, post, {"date": "2101-01-01", "version": 2}, HTTP_ACCEPT="application/json")
    assert far.status_code == 409
    assert json.loads(far.content)["error"] == (
        "Посты планируются на 2000–2100 годы; ничего не изменено."
    )
    wrong = _move(
        client, post, {"date": "2026-02-30", "version": 2}, HTTP_ACCEPT="application/json"
    )
    assert json.loads(wrong.content)["error"] == "Выберите день для поста; ничего не изменено."
    other = PostFactory(plan=PlanFactory(region=world.other_region, month=MARCH), date=LAST)
    assert _move(client, other, {"date": "2026-04-01", "version": 0}).status_code == 404
    chair = _move(client_for(world.users["chair"]), post, {"date": "2026-04-01", "version": 2})
    assert chair.status_code == 403
    assert not MonthlyPlan.objects.filter(month=APRIL).exists()
    assert PlannedPost.objects.filter(plan__month=MARCH).count() == 2


def test_the_panels_form_moves_across_months_and_tells_the_calendar(world, plan, client_for):
    post = PostFactory(plan=_approved(plan), title="Семинар", date=LAST, status="approved")
    response = _move(
        client_for(world.users["press"]),
        post,
        {"date": "2026-04-01", "version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "planChanged"
    assert 'data-testid="panel-notice"' in response.content.decode()
    post.refresh_from_db()
    assert post.plan.month == APRIL


# --- Several posts -------------------------------------------------------------------


@pytest.fixture
def month_end(plan):
    return [
        PostFactory(plan=plan, title=f"Пост {n}", date=datetime.date(2026, 3, n))
        for n in (27, 29, 30)
    ]


def test_a_bulk_move_takes_each_post_into_its_months_plan(world, plan, month_end):
    march = _approved(plan)
    april = _approved(PlanFactory(region=world.region, month=APRIL))
    staying = PostFactory(plan=april, title="Апрельский", date=datetime.date(2026, 4, 1))
    changed = services.posts_bulk(
        user=world.users["press"], versions=_seen(*month_end, staying), action="move", days=3
    )
    assert changed == 4
    where = {
        post.title: (post.plan_id, post.date, post.version) for post in PlannedPost.objects.all()
    }
    assert where == {
        "Пост 27": (march.pk, datetime.date(2026, 3, 30), 1),
        "Пост 29": (april.pk, datetime.date(2026, 4, 1), 1),
        "Пост 30": (april.pk, datetime.date(2026, 4, 2), 1),
        "Апрельский": (april.pk, datetime.date(2026, 4, 4), 1),
    }
    # One entry per plan: March's says which went to April, April's which came.
    (went,) = PlanChange.objects.filter(plan=march)
    (came,) = PlanChange.objects.filter(plan=april)
    assert (went.event, came.event) == (history.BULK_MOVED, history.BULK_MOVED)
    assert went.params == {
        "n": 3,
        "days": 3,
        "titles": ["Пост 27", "Пост 29", "Пост 30"],
        "to": [{"month": "2026-04-01", "titles": ["Пост 29", "Пост 30"]}],
    }
    assert describe(went) == (
        "Сдвинуто постов: 3, на 3 дн.: «Пост 27», «Пост 29», «Пост 30». "
        "В план другого месяца (Апрель 2026) перешли: «Пост 29», «Пост 30»."
    )
    assert describe(came) == (
        "Сдвинуто постов: 1, на 3 дн.: «Апрельский». Перенесены на 3 дн. из плана другого "
        "месяца (Март 2026) в этот: «Пост 29», «Пост 30»."
    )


def test_a_bulk_move_starts_a_missing_months_plan_as_a_draft(world, plan, month_end):
    march = _approved(plan)
    services.posts_bulk(
        user=world.users["press"], versions=_seen(*month_end), action="move", days=-29
    )
    february = MonthlyPlan.objects.get(region=world.region, month=datetime.date(2026, 2, 1))
    assert (february.status, february.created_by) == ("draft", world.users["press"])
    assert set(february.posts.values_list("title", flat=True)) == {"Пост 27", "Пост 29"}
    assert list(march.posts.values_list("title", flat=True)) == ["Пост 30"]
    # Only the approved plan writes it down; the new draft keeps no history.
    assert list(PlanChange.objects.values_list("plan", flat=True)) == [march.pk]


def test_a_conflict_in_the_middle_refuses_the_whole_move(world, plan, month_end):
    _approved(plan)
    seen = _seen(*month_end)
    PlannedPost.objects.filter(pk=month_end[1].pk).update(version=5)
    with pytest.raises(Conflict) as refused:
        services.posts_bulk(user=world.users["press"], versions=seen, action="move", days=3)
    assert refused.value.current.pk == month_end[1].pk
    assert dict(PlannedPost.objects.values_list("title", "date")) == {
        "Пост 27": datetime.date(2026, 3, 27),
        "Пост 29": datetime.date(2026, 3, 29),
        "Пост 30": datetime.date(2026, 3, 30),
    }
    assert set(PlannedPost.objects.values_list("plan", flat=True)) == {plan.pk}
    assert not MonthlyPlan.objects.filter(month=APRIL).exists()
    assert not PlanChange.objects.exists()


def test_a_bulk_move_past_2100_refuses_everything(world):
    december = PlanFactory(region=world.region, month=datetime.date(2100, 12, 1))
    posts = [PostFactory(plan=december, date=datetime.date(2100, 12, n)) for n in (1, 30)]
    with pytest.raises(Refused) as refused:
        services.posts_bulk(
            user=world.users["press"], versions=_seen(*posts), action="move", days=5
        )
    assert refused.value.message == "Посты планируются на 2000–2100 годы; ничего не изменено."
    assert set(PlannedPost.objects.values_list("date", "version")) == {
        (datetime.date(2100, 12, 1), 0),
        (datetime.date(2100, 12, 30), 0),
    }
    assert not MonthlyPlan.objects.filter(month__year=2101).exists()


def test_the_bulk_form_moves_across_months(world, plan, month_end, client_for):
    response = client_for(world.users["press"]).post(
        reverse("contentplan:bulk"),
        {"posts": [f"{post.pk}:0" for post in month_end], "action": "move", "days": "5"},
        follow=True,
    )
    assert "alert-success" in response.content.decode()
    assert set(PlannedPost.objects.values_list("plan__month", flat=True)) == {APRIL}
