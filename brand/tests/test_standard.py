"""The page standard: the checklist kept by central, answered by a post's or a
material's reviewer, and the share of posts that passed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brand import seed, selectors, services
from brand.models import StandardCheck, StandardItem
from contentplan.tests.factories import PlanFactory, PostFactory

from .conftest import add_photo


def answers(items, *, no=()) -> dict:
    return {f"item_{item.pk}": "no" if item in no else "yes" for item in items}


def test_the_seven_items_are_seeded_once_and_edits_stay(db):
    items = seed.load_standard()
    assert len(items) == 7
    assert items[0].text.startswith("Рубрика")
    items[0].is_active = False
    items[0].save()
    seed.load_standard()
    assert StandardItem.objects.count() == 7
    assert not StandardItem.objects.get(pk=items[0].pk).is_active


def test_press_answers_the_standard_for_a_post(world, post, items, client_for):
    client = client_for(world.users["press"])
    address = reverse("brand:post_check", args=[post.pk])
    fragment = client.get(address, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().count('data-testid="standard-item"') == 7

    response = client.post(address, answers(items, no=[items[2]]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-testid="standard-saved"' in response.content.decode()
    check = StandardCheck.objects.get(post=post)
    assert (check.passed, check.reviewer) == (False, world.users["press"])
    assert check.answers.filter(passed=False).get().item == items[2]

    # Without htmx: saved and back to the page.
    assert client.post(address, answers(items)).status_code == 302
    assert selectors.latest_check(post=post).passed is True


def test_every_item_must_be_answered(world, post, items, client_for):
    client = client_for(world.users["press"])
    partial = answers(items[:6])
    response = client.post(reverse("brand:post_check", args=[post.pk]), partial)
    assert response.status_code == 200
    assert not StandardCheck.objects.exists()


@pytest.mark.parametrize("role", ["chair", "central"])
def test_readers_see_the_answers_but_do_not_answer(world, post, items, client_for, role):
    services.standard_check_save(
        user=world.users["press"], post=post, answers={item.pk: True for item in items}
    )
    client = client_for(world.users[role])
    address = reverse("brand:post_check", args=[post.pk])
    page = client.get(address)
    assert page.status_code == 200 and page.context["form"] is None
    assert 'data-testid="standard-answers"' in page.content.decode()
    assert client.post(address, answers(items)).status_code == 403
    assert StandardCheck.objects.count() == 1


def test_press_answers_for_a_material_and_its_chair_reads(world, post, items, client_for):
    submission = add_photo(post).submission
    address = reverse("brand:submission_check", args=[submission.pk])
    press = client_for(world.users["press"])
    assert press.post(address, answers(items)).status_code == 302
    check = StandardCheck.objects.get(submission=submission)
    assert check.passed and check.post is None
    chair = client_for(world.users["chair"])
    assert chair.get(address).context["latest"] == check
    assert client_for(world.users["chair2"]).get(address).status_code == 404


def test_other_region_press_gets_404(world, other_post, items, client_for):
    client = client_for(world.users["press"])
    address = reverse("brand:post_check", args=[other_post.pk])
    assert client.get(address).status_code == 404
    assert client.post(address, answers(items)).status_code == 404


def test_the_post_panel_and_the_material_page_load_the_checklist(world, post, client_for):
    submission = add_photo(post).submission
    client = client_for(world.users["press"])
    panel = client.get(reverse("contentplan:post_detail", args=[post.pk])).content.decode()
    assert f'hx-get="{reverse("brand:post_check", args=[post.pk])}"' in panel
    assert reverse("brand:post_cards", args=[post.pk]) in panel
    page = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert f'hx-get="{reverse("brand:submission_check", args=[submission.pk])}"' in page


def test_central_keeps_the_checklist(world, items, client_for):
    client = client_for(world.users["central"])
    response = client.post(reverse("brand:standard"), {"text": "Подпись к фото", "position": ""})
    assert response.status_code == 200  # position is required: the form again
    response = client.post(
        reverse("brand:standard"), {"text": "Подпись к фото", "position": 75, "is_active": "on"}
    )
    assert response.status_code == 302
    added = StandardItem.objects.get(text="Подпись к фото")
    address = reverse("brand:standard_item", args=[added.pk])
    assert client.post(address, {"text": "Подпись", "position": 75}).status_code == 302
    added.refresh_from_db()
    assert (added.text, added.is_active) == ("Подпись", False)  # switched off
    assert added not in selectors.active_items()


@pytest.mark.parametrize("role", ["press", "chair"])
def test_others_read_the_checklist_only(world, items, client_for, role):
    client = client_for(world.users[role])
    page = client.get(reverse("brand:standard"))
    assert page.status_code == 200 and page.context["form"] is None
    assert page.content.decode().count('data-testid="standard-item"') == 7
    assert client.post(reverse("brand:standard"), {"text": "x", "position": 1}).status_code == 403
    address = reverse("brand:standard_item", args=[items[0].pk])
    assert client.post(address, {"text": "x", "position": 1}).status_code == 403
    assert StandardItem.objects.count() == 7


def test_a_switched_off_item_is_not_asked(world, post, items, client_for):
    items[0].is_active = False
    items[0].save()
    check = services.standard_check_save(
        user=world.users["press"],
        post=post,
        answers={item.pk: True for item in items[1:]},
    )
    assert check.passed and check.answers.count() == 6


def _check(post, user, passed: bool, items):
    services.standard_check_save(user=user, post=post, answers={item.pk: passed for item in items})


def test_standard_figures_count_the_latest_check_of_each_post(world, items):
    press = world.users["press"]
    plan = PlanFactory(region=world.region, month=datetime.date(2026, 3, 1))
    posts = [PostFactory(plan=plan, date=datetime.date(2026, 3, day)) for day in (2, 3, 4, 5)]
    _check(posts[0], press, True, items)
    _check(posts[1], press, False, items)
    _check(posts[1], press, True, items)  # fixed: the latest check counts
    _check(posts[2], press, True, items)
    _check(posts[2], press, False, items)  # checked again and failed
    # posts[3] is never checked; a post of April and one of the other region are out.
    april = PostFactory(plan=PlanFactory(region=world.region, month=datetime.date(2026, 4, 1)))
    _check(april, press, True, items)
    other = PostFactory(plan=PlanFactory(region=world.other_region))
    _check(other, press, False, items)

    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    with CaptureQueriesContext(connection) as queries:
        figures = selectors.standard_figures(world.region, start, end)
    assert len(queries) == 1
    assert figures == selectors.StandardFigures(checked=3, passed=2, share=2 / 3)
    everywhere = selectors.standard_figures(None, start, end)
    assert (everywhere.checked, everywhere.passed) == (4, 2)
    empty = selectors.standard_figures(world.other_region, start, end.replace(day=1))
    assert empty == selectors.StandardFigures(checked=0, passed=0, share=None)
