"""The leader sees the publishing warnings on the plan's page before approving
it, and the press secretary before sending it (issue 16: «warnings before
approval, not after»): a compact list of post, network and warning, and the
button that says how many — without being blocked."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan.models import Channel, MonthlyPlan, PlannedPost
from contentplan.tests.factories import PlanFactory, PostFactory
from portal.models import User
from portal.tests.factories import UserFactory
from publishing.models import PublicationText

from .conftest import DAY

TEXT = "Сегодня в Усть-Каменогорске прошёл форум молодых педагогов."


@pytest.fixture
def leader(world) -> User:
    return UserFactory(username="leader", role=User.Role.PRESS, region=world.region, is_leader=True)


@pytest.fixture
def plan(world):
    return PlanFactory(region=world.region, month=DAY.replace(day=1))


def _post(plan, title, codes, *, text=TEXT, image="none", status="approved", day=DAY):
    post = PostFactory(
        plan=plan,
        title=title,
        date=day,
        time=datetime.time(18, 0),
        status=status,
        published_url="https://t.me/vko_profsoyuz/7" if status == "published" else "",
        channels=list(Channel.objects.filter(code__in=codes)),
    )
    if text is not None:
        PublicationText.objects.create(post=post, text=text, image=image)
    return post


@pytest.fixture
def posts(plan, telegram, instagram):
    """Instagram with neither an image nor a text (two warnings), Facebook
    with no connected page (one), a post that is fine, and a published one
    whose problems no longer matter."""
    return {
        "instagram": _post(plan, "Форум молодых педагогов", ["instagram"], text=""),
        "facebook_page": _post(plan, "Семинар в Риддере", ["facebook_page", "telegram"]),
        "fine": _post(plan, "Как оформить отпуск", ["telegram", "aitu"]),
        "published": _post(plan, "Вышедший пост", ["instagram"], text=None, status="published"),
    }


def _on_approval(plan, world):
    MonthlyPlan.objects.filter(pk=plan.pk).update(
        status=MonthlyPlan.Status.ON_APPROVAL, submitted_by=world.users["press"]
    )


def _page(client, plan, language="ru") -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("contentplan:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str) -> list[str]:
    return page.split('data-testid="plan-warning"')[1:]


def test_the_leader_sees_the_warnings_before_the_approve_button(
    world, plan, posts, leader, client_for
):
    _on_approval(plan, world)
    page = _page(client_for(leader), plan)
    assert page.index('data-testid="plan-warnings"') < page.index('data-testid="approve-form"')
    rows = _rows(page)
    assert len(rows) == 3
    instagram, facebook = posts["instagram"], posts["facebook_page"]
    assert [f'data-post="{instagram.pk}"' in row for row in rows] == [True, True, False]
    assert "Instagram публикует только с изображением" in rows[0]
    assert "Текста публикации ещё нет" in rows[1]
    assert f'href="{instagram.get_absolute_url()}"' in rows[0]
    assert "10 марта, 18:00" in rows[0] and "Форум молодых педагогов" in rows[0]
    assert f'data-post="{facebook.pk}"' in rows[2]
    assert "Facebook" in rows[2] and "скопировать вручную" in rows[2]
    # A post without warnings, and a published one, are not listed.
    for key in ("fine", "published"):
        assert f'data-post="{posts[key].pk}"' not in page
        assert (
            posts[key].title
            not in page[page.index('data-testid="plan-warnings"') :].split("</section>")[0]
        )
    # The button says so, and is not blocked.
    button = page[page.index('data-testid="approve-button"') :]
    button = button[: button.index("</button>")]
    assert "Утвердить, несмотря на предупреждения по 2 постам" in button
    assert "disabled" not in button
    response = client_for(leader).post(
        reverse("contentplan:plan_step", args=[plan.pk]), {"to": "approved", "version": 0}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == MonthlyPlan.Status.APPROVED


def test_the_press_secretary_sees_them_before_sending_for_approval(world, plan, posts, client_for):
    page = _page(client_for(world.users["press"]), plan)
    assert len(_rows(page)) == 3
    button = page[page.index('data-testid="submit-button"') :]
    assert (
        "Отправить на утверждение, несмотря на предупреждения по 2 постам"
        in (button.split("</button>")[0])
    )


def test_the_warnings_read_in_kazakh(world, plan, posts, leader, client_for):
    _on_approval(plan, world)
    page = _page(client_for(leader), plan, "kk")
    rows = _rows(page)
    assert "Instagram тек суретпен жариялайды" in rows[0]
    assert "Жариялау мәтіні әлі жоқ" in rows[1]
    assert "Бет қосылмаған" in rows[2]
    assert "2 посттағы ескертулерге қарамастан бекіту" in page


def test_a_plan_without_warnings_keeps_its_plain_button(world, plan, telegram, client_for):
    _post(plan, "Как оформить отпуск", ["telegram", "aitu"])
    page = _page(client_for(world.users["press"]), plan)
    assert "plan-warnings" not in page
    assert "Отправить на утверждение" in page and "несмотря" not in page


def test_who_may_neither_send_nor_approve_sees_no_list(world, plan, posts, client_for):
    for role in ("chair", "central"):
        page = _page(client_for(world.users[role]), plan)
        assert "plan-warnings" not in page, role


def test_the_approval_page_costs_the_same_with_ten_times_the_posts(
    world, plan, telegram, instagram, leader, client_for
):
    _on_approval(plan, world)
    kinds = itertools.cycle(
        [
            (["instagram"], None),
            (["facebook_page", "telegram"], TEXT),
            (["telegram", "instagram"], "я" * 1100),
            (["telegram", "aitu"], TEXT),
        ]
    )

    def fill(count):
        for n, (codes, text) in zip(range(count), kinds, strict=False):
            day = DAY.replace(day=1) + datetime.timedelta(days=n % 28)
            _post(plan, f"Пост {n}", codes, text=text, image="card", day=day)

    client = client_for(leader)
    address = reverse("contentplan:plan_detail", args=[plan.pk])
    fill(4)
    client.get(address)
    with CaptureQueriesContext(db) as at_1:
        first = client.get(address).content.decode()
    fill(36)
    with CaptureQueriesContext(db) as at_10:
        second = client.get(address).content.decode()

    # Alike warnings of many posts share a row (contentplan.readiness.GROUP_FROM):
    # count the posts the warnings name.
    def named(page):
        section = page[page.index('data-testid="plan-warnings"') :].split("</section>")[0]
        return section.count("· Пост ")

    assert named(second) > named(first) > 0
    assert len(at_1) == len(at_10)
    assert PlannedPost.objects.filter(plan=plan).count() == 40
