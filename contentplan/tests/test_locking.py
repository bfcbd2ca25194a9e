"""Two people editing the same post or plan: the second save is refused, nothing lost."""

import json

import pytest
from django.urls import reverse

from contentplan import services
from contentplan.models import MonthlyPlan
from contentplan.services import PostData
from portal.tests.factories import UserFactory

from .factories import PostFactory, RubricFactory


@pytest.fixture
def colleague(world):
    return UserFactory(
        username="colleague",
        first_name="Айгерим",
        last_name="Б.",
        role="press",
        region=world.region,
    )


def _data(post, **changes) -> PostData:
    values = {
        "date": post.date,
        "rubric": post.rubric,
        "title": post.title,
        "origin": post.origin,
        "brief": post.brief,
    }
    return PostData(**{**values, **changes})


def test_the_second_save_of_a_post_is_refused(world, plan, colleague):
    post = PostFactory(plan=plan, title="Семинар")
    opened_version = post.version
    services.post_update(
        post=post, user=colleague, version=opened_version, data=_data(post, title="Семинар ППО")
    )
    with pytest.raises(services.Conflict) as conflict:
        services.post_update(
            post=post,
            user=world.users["press"],
            version=opened_version,
            data=_data(post, title="Семинар председателей"),
        )
    assert conflict.value.current.title == "Семинар ППО"
    assert "Айгерим Б." in conflict.value.message
    post.refresh_from_db()
    assert (post.title, post.version) == ("Семинар ППО", 1)


def test_a_stale_move_or_status_change_is_refused(world, plan, colleague):
    post = PostFactory(plan=plan)
    services.post_set_status(post=post, user=colleague, version=0, status="in_work")
    with pytest.raises(services.Conflict):
        services.post_move(
            post=post, user=world.users["press"], version=0, date=plan.month.replace(day=20)
        )
    with pytest.raises(services.Conflict):
        services.post_set_status(post=post, user=world.users["press"], version=0, status="missed")
    post.refresh_from_db()
    assert (post.date.day, post.status) == (10, "in_work")


def test_the_form_keeps_the_input_and_shows_the_other_values(world, plan, colleague, client_for):
    rubric = RubricFactory(name="Полезные советы")
    post = PostFactory(plan=plan, rubric=rubric, title="Отпуск", brief="Старый текст")
    address = reverse("contentplan:post_edit", args=[post.pk])
    mine = {
        "version": 0,
        "date": "2026-03-10",
        "rubric": rubric.pk,
        "title": "Отпуск без сохранения зарплаты",
        "brief": "Мой новый текст, который нельзя потерять",
        "language": "ru",
        "origin": "own",
    }
    # The colleague saves first…
    services.post_update(
        post=post, user=colleague, version=0, data=_data(post, brief="Текст коллеги")
    )
    # …then the press secretary's save, prepared from version 0, comes in.
    response = client_for(world.users["press"]).post(address, mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    assert "Текст коллеги" in page  # their values
    assert "Мой новый текст, который нельзя потерять" in page  # my input, still in the form
    assert 'name="version" value="1"' in page  # the next save knows their version
    post.refresh_from_db()
    assert post.brief == "Текст коллеги"
    # Saving again, knowingly, goes through.
    response = client_for(world.users["press"]).post(address, {**mine, "version": 1})
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.brief, post.version) == ("Мой новый текст, который нельзя потерять", 2)


def test_in_the_calendar_the_conflict_is_shown_in_the_modal(world, plan, colleague, client_for):
    post = PostFactory(plan=plan, title="Эфир")
    services.post_update(post=post, user=colleague, version=0, data=_data(post, title="Эфир!"))
    response = client_for(world.users["press"]).post(
        reverse("contentplan:post_edit", args=[post.pk]),
        {
            "version": 0,
            "date": "2026-03-10",
            "rubric": post.rubric_id,
            "title": "Мой эфир",
            "language": "both",
            "origin": "own",
        },
        HTTP_HX_REQUEST="true",
    )
    # htmx swaps only successful answers: the form with the conflict comes as 200.
    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert 'data-testid="conflict"' in response.content.decode()


def test_dragging_a_stale_chip_is_refused_with_a_message(world, plan, colleague, client_for):
    post = PostFactory(plan=plan)
    services.post_move(post=post, user=colleague, version=0, date=plan.month.replace(day=12))
    response = client_for(world.users["press"]).post(
        reverse("contentplan:post_move", args=[post.pk]),
        {"date": "2026-03-20", "version": 0},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 409
    assert "Айгерим Б." in json.loads(response.content)["error"]
    post.refresh_from_db()
    assert post.date.day == 12


def test_the_second_approval_step_on_a_plan_is_refused(world, plan, colleague, client_for):
    step = reverse("contentplan:plan_step", args=[plan.pk])
    # Both open the draft at version 0; the colleague sends it first.
    services.plan_submit(plan=plan, user=colleague, version=0)
    leader = UserFactory(role="press", region=world.region, is_leader=True)
    services.plan_return(plan=plan, user=leader, version=1, comment="Добавьте эфир")
    response = client_for(world.users["press"]).post(
        step, {"to": "on_approval", "version": 0}, follow=True
    )
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (MonthlyPlan.Status.DRAFT, 2)
    assert "alert-danger" in response.content.decode()
