"""The plan's page asks the apps above it for the posts' warnings before
approval (contentplan.readiness): once, for all posts, and only when one is
registered and the reader may send or approve the plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contentplan import extensions
from contentplan.models import MonthlyPlan

from .factories import PostFactory


@pytest.fixture
def no_providers(monkeypatch):
    """The content plan as it is without the apps above it."""
    monkeypatch.setattr(extensions, "_registered", {})


def _register(provider):
    extensions.register(extensions.PostExtension(name="test", post_warnings=provider))


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

    _register(provider)
    _register(provider)  # twice is once
    client = client_for(world.users["press"])
    page, _count = _page(client, plan)
    assert asked == [sorted([first.pk, second.pk])]
    rows = page.split('data-testid="plan-warning"')[1:]
    assert [("Instagram" in row, "Нужна картинка." in row) for row in rows] == [
        (True, True),
        (False, False),
    ]
    assert "Совет дня" not in page.split('data-testid="plan-warnings"')[1].split("</section>")[0]
    assert "Отправить на утверждение, несмотря на предупреждения по 1 посту" in page
    # A reader who may neither send nor approve it is not shown them, and costs nothing.
    asked.clear()
    page, _count = _page(client_for(world.users["chair"]), plan)
    assert asked == [] and "plan-warnings" not in page
    # The leader, once it is sent.
    MonthlyPlan.objects.filter(pk=plan.pk).update(
        status=MonthlyPlan.Status.ON_APPROVAL, submitted_by=world.users["press"]
    )
    page, _count = _page(client_for(leader), plan)
    assert "Утвердить, несмотря на предупреждения по 1 посту" in page


def test_an_empty_plan_asks_nothing(world, plan, no_providers, client_for):
    asked = []
    _register(lambda posts: asked.append(posts) or {})
    _page(client_for(world.users["press"]), plan)
    assert asked == []


def test_the_same_warning_on_many_posts_is_one_row_naming_them(
    world, plan, no_providers, client_for
):
    """A region with no connected Telegram reads one row for the plan, not one
    a post; a warning on fewer posts keeps a row each."""
    many = [PostFactory(plan=plan, title=f"Пост {number}") for number in range(4)]
    pair = many[:2]

    def provider(posts):
        found = {post.pk: [("Telegram", "Страница не подключена.")] for post in many}
        for post in pair:
            found[post.pk].append(("Instagram", "Нужна картинка."))
        return found

    _register(provider)
    page, _count = _page(client_for(world.users["press"]), plan)
    rows = page.split('data-testid="plan-warning"')[1:]
    assert len(rows) == 3  # Telegram once for four posts, Instagram twice
    grouped = [row for row in rows if "plan-warning-posts" in row]
    assert len(grouped) == 1 and "Страница не подключена." in grouped[0]
    assert "4 поста" in grouped[0]
    assert all(f"Пост {number}" in grouped[0] for number in range(4))
    assert sum("Нужна картинка." in row for row in rows) == 2
    # The buttons count the posts, not the rows; the card names and links
    # each post in plain sight (the grouped row folds them away).
    assert "несмотря на предупреждения по 4 постам" in page
    named = page.split('data-testid="plan-warned-posts"')[1].split("</p>")[0]
    assert "Предупреждения касаются 4 постов:" in named
    for post in many:
        assert f'href="{post.get_absolute_url()}"' in named and post.title in named
