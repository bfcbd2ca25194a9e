"""The plan's page asks the apps above it for the posts' warnings before
approval (contentplan.readiness): once, for all posts, and only when one is
registered and the reader may send or approve the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan import readiness
from contentplan.models import MonthlyPlan

from .factories import PostFactory


@pytest.fixture
def no_providers(monkeypatch):
    """The content plan as it is without the apps above it."""
    monkeypatch.setattr(readiness, "_providers", [])


def _page(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("contentplan:plan_detail", args=[plan.pk]))
    return response.content.decode(), len(queries)


def test_without_a_registered_app_there_is_no_list(world, plan, no_providers, client_for):
    PostFactory(plan=plan, title="Семинар")
    page, _count = _page(client_for(world.users["press"]), plan)
    assert "plan-warnings" not in page and "несмотря" not in page


def test_a_registered_app_is_asked_once_for_all_posts(
    world, plan, leader, no_providers, client_for
):
    first = PostFactory(plan=plan, title="Семинар")
    second = PostFactory(plan=plan, title="Совет дня")
    asked = []

    def provider(posts):
        asked.append(sorted(post.pk for post in posts))
        return {first.pk: [("Instagram", "Нужна картинка."), ("Telegram", "Длинный текст.")]}

    readiness.register_post_warnings(provider)
    readiness.register_post_warnings(provider)  # twice is once
    client = client_for(world.users["press"])
    page, _count = _page(client, plan)
    assert asked == [sorted([first.pk, second.pk])]
    rows = page.split('data-testid="plan-warning"')[1:]
    assert [("Instagram" in row, "Нужна картинка." in row) for row in rows] == [
        (True, True),
        (False, False),
    ]
    assert "Совет дня" not in page.split('data-testid="plan-warnings"')[1].split("</section>")[0]
    assert "Отправить на утверждение, несмотря на 2 предупреждения" in page
    # A reader who may neither send nor approve it is not shown them, and costs nothing.
    asked.clear()
    page, _count = _page(client_for(world.users["chair"]), plan)
    assert asked == [] and "plan-warnings" not in page
    # The leader, once it is sent.
    MonthlyPlan.objects.filter(pk=plan.pk).update(
        status=MonthlyPlan.Status.ON_APPROVAL, submitted_by=world.users["press"]
    )
    page, _count = _page(client_for(leader), plan)
    assert "Утвердить, несмотря на 2 предупреждения" in page


def test_an_empty_plan_asks_nothing(world, plan, no_providers, client_for):
    asked = []
    readiness.register_post_warnings(lambda posts: asked.append(posts) or {})
    _page(client_for(world.users["press"]), plan)
    assert asked == []
