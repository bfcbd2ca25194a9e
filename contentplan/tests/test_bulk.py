"""Several posts at once: one service call, one transaction, one entry in the
plan's history, refused as a whole when any post changed meanwhile."""

import datetime

import pytest
from django.urls import reverse

from contentplan import services
from contentplan.history import describe
from contentplan.models import MonthlyPlan, PlanChange, PlannedPost
from portal.exceptions import Conflict, Refused

from .factories import PlanFactory, PostFactory


def _approved(plan):
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    plan.refresh_from_db()
    return plan


def _seen(*posts) -> dict[int, int]:
    return {post.pk: post.version for post in posts}


@pytest.fixture
def three(plan):
    return [
        PostFactory(plan=plan, title=f"Пост {n}", date=datetime.date(2026, 3, n)) for n in (3, 4, 5)
    ]


def test_a_bulk_move_is_one_entry_in_the_history(world, plan, three):
    plan = _approved(plan)
    changed = services.posts_bulk(
        user=world.users["press"], versions=_seen(*three), action="move", days=7
    )
    assert changed == 3
    dates = sorted(PlannedPost.objects.values_list("date", flat=True))
    assert dates == [datetime.date(2026, 3, n) for n in (10, 11, 12)]
    assert set(PlannedPost.objects.values_list("version", flat=True)) == {1}
    (entry,) = PlanChange.objects.filter(plan=plan)
    assert entry.user == world.users["press"]
    assert entry.event == "bulk_moved"
    text = describe(entry)
    assert all(f"«Пост {n}»" in text for n in (3, 4, 5))


def test_an_edit_in_the_middle_refuses_the_whole_action(world, plan, three):
    plan = _approved(plan)
    seen = _seen(*three)
    # Someone else saves the second post after the press secretary selected it.
    services.post_move(
        post=three[1], user=world.users["press"], version=0, date=datetime.date(2026, 3, 20)
    )
    with pytest.raises(Conflict) as refused:
        services.posts_bulk(user=world.users["press"], versions=seen, action="move", days=7)
    assert refused.value.current.pk == three[1].pk
    dates = dict(PlannedPost.objects.values_list("title", "date"))
    assert dates == {
        "Пост 3": datetime.date(2026, 3, 3),
        "Пост 4": datetime.date(2026, 3, 20),
        "Пост 5": datetime.date(2026, 3, 5),
    }
    assert PlanChange.objects.filter(plan=plan).count() == 1  # only the single move


@pytest.mark.parametrize("days", [0, 63, -63])
def test_a_bulk_move_by_no_days_or_too_many_changes_nothing(world, plan, three, days):
    with pytest.raises(Refused):
        services.posts_bulk(
            user=world.users["press"], versions=_seen(*three), action="move", days=days
        )
    assert set(PlannedPost.objects.values_list("version", flat=True)) == {0}
    assert MonthlyPlan.objects.count() == 1


def test_bulk_status_follows_the_workflow(world, plan, three):
    services.posts_bulk(
        user=world.users["press"], versions=_seen(*three), action="status", status="in_work"
    )
    assert set(PlannedPost.objects.values_list("status", flat=True)) == {"in_work"}
    fresh = list(PlannedPost.objects.order_by("pk"))
    with pytest.raises(Refused):  # in work → approved skips the review
        services.posts_bulk(
            user=world.users["press"], versions=_seen(*fresh), action="status", status="approved"
        )
    with pytest.raises(Refused):  # publishing needs each post's address
        services.posts_bulk(
            user=world.users["press"], versions=_seen(*fresh), action="status", status="published"
        )
    assert set(PlannedPost.objects.values_list("status", flat=True)) == {"in_work"}


def test_bulk_responsible_and_delete(world, plan, three):
    plan = _approved(plan)
    services.posts_bulk(
        user=world.users["press"],
        versions=_seen(*three),
        action="responsible",
        responsible=world.users["chair"],
    )
    assert set(PlannedPost.objects.values_list("responsible", flat=True)) == {
        world.users["chair"].pk
    }
    with pytest.raises(Refused):  # someone of another region
        services.posts_bulk(
            user=world.users["press"],
            versions=_seen(*PlannedPost.objects.all()),
            action="responsible",
            responsible=world.users["other_press"],
        )
    services.posts_bulk(
        user=world.users["press"], versions=_seen(*PlannedPost.objects.all()), action="delete"
    )
    assert not PlannedPost.objects.exists()
    assert PlanChange.objects.filter(plan=plan).count() == 2


def test_no_bulk_action_on_another_regions_posts(world, plan, three):
    other = PostFactory(plan=PlanFactory(region=world.other_region, month=plan.month))
    with pytest.raises(Refused) as foreign:
        services.posts_bulk(
            user=world.users["press"], versions=_seen(*three, other), action="move", days=1
        )
    assert set(PlannedPost.objects.values_list("version", flat=True)) == {0}
    # Answered as a post that is not there: nothing tells it exists elsewhere.
    missing = {**_seen(*three), other.pk + 1000: 0}
    with pytest.raises(Refused) as absent:
        services.posts_bulk(user=world.users["press"], versions=missing, action="move", days=1)
    assert foreign.value.message == absent.value.message


def test_a_bulk_form_asking_to_publish_is_told_why_in_russian(world, plan, three, client_for):
    response = client_for(world.users["press"]).post(
        reverse("contentplan:bulk"),
        {"posts": [f"{post.pk}:0" for post in three], "action": "status", "status": "published"},
        follow=True,
    )
    page = response.content.decode()
    alert = page[page.index("alert-danger") :]
    alert = alert[: alert.index("<button")]
    assert "Публикуйте посты по одному: у каждого свой адрес." in alert
    assert "published" not in alert
    assert set(PlannedPost.objects.values_list("status", flat=True)) == {"idea"}


def test_the_bulk_form_moves_and_says_so(world, plan, three, client_for):
    client = client_for(world.users["press"])
    back = reverse("contentplan:week", args=["2026", "03", "03"])
    response = client.post(
        reverse("contentplan:bulk"),
        {
            "posts": [f"{post.pk}:{post.version}" for post in three],
            "action": "move",
            "days": "-2",
            "next": back,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    assert "3 поста изменены." in response.content.decode()
    assert sorted(PlannedPost.objects.values_list("date", flat=True)) == [
        datetime.date(2026, 3, n) for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "move", "days": "0"},
        {"action": "move", "days": "²"},
        {"action": "move", "days": "999"},
        {"action": "status", "status": ""},
        {"action": "explode"},
        {"action": "move", "days": "7", "posts": ["x:1"]},
        {"action": "move", "days": "7", "posts": ["1:²"]},
    ],
)
def test_a_bad_bulk_form_changes_nothing(world, plan, three, client_for, data):
    data = {"posts": [f"{post.pk}:0" for post in three], **data}
    response = client_for(world.users["press"]).post(reverse("contentplan:bulk"), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "alert-danger" in page and "Ничего не изменено." in page
    assert set(PlannedPost.objects.values_list("version", flat=True)) == {0}


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "²", "contentplan:bulk"]
)
def test_an_outside_next_is_not_followed(world, plan, three, client_for, target):
    response = client_for(world.users["press"]).post(
        reverse("contentplan:bulk"),
        {
            "posts": [f"{three[0].pk}:0"],
            "action": "move",
            "days": "1",
            "next": target,
        },
    )
    assert response["Location"] == reverse("contentplan:current")


def test_a_bulk_status_counts_and_records_only_the_posts_it_changed(world, plan, three, client_for):
    plan = _approved(plan)
    PlannedPost.objects.filter(pk=three[0].pk).update(status="in_work")
    response = client_for(world.users["press"]).post(
        reverse("contentplan:bulk"),
        {
            "posts": [f"{post.pk}:{post.version}" for post in three],
            "action": "status",
            "status": "in_work",
        },
        follow=True,
    )
    assert "2 поста изменены." in response.content.decode()
    assert set(PlannedPost.objects.values_list("status", flat=True)) == {"in_work"}
    assert dict(PlannedPost.objects.values_list("title", "version")) == {
        "Пост 3": 0,
        "Пост 4": 1,
        "Пост 5": 1,
    }
    (entry,) = PlanChange.objects.filter(plan=plan)
    assert (entry.params["n"], entry.params["titles"]) == (2, ["Пост 4", "Пост 5"])

    # Again: nothing left to change, and so said.
    fresh = PlannedPost.objects.order_by("pk")
    response = client_for(world.users["press"]).post(
        reverse("contentplan:bulk"),
        {
            "posts": [f"{post.pk}:{post.version}" for post in fresh],
            "action": "status",
            "status": "in_work",
        },
        follow=True,
    )
    assert "Ничего не изменено: у выбранных постов это уже есть." in response.content.decode()
    assert PlanChange.objects.filter(plan=plan).count() == 1
