"""The stored monthly figures follow every change that commits, once per month
and transaction, and the nightly recount repairs what bypassed the signals."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from contentplan import services as plan_services
from contentplan.models import Channel, PlannedPost
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from dashboards import figures
from dashboards.models import MonthFigure
from materials import services
from materials.tests.test_workflow import send

Status = PlannedPost.Status
MARCH = datetime.date(2026, 3, 1)


def stored(region, month) -> dict:
    return {
        (row.kind, row.key): (row.posts, row.published, row.missed)
        for row in MonthFigure.objects.filter(region=region, month=month).exclude(kind="day")
    }


def days(region, month) -> dict:
    return {
        row.key: (row.posts, row.published)
        for row in MonthFigure.objects.filter(region=region, month=month, kind="day")
    }


@pytest.fixture
def rubrics(db):
    return RubricFactory(name="Эфиры"), RubricFactory(name="Советы")


def test_posts_are_counted_after_every_change(world, rubrics, django_capture_on_commit_callbacks):
    events, advice = rubrics
    facebook = Channel.objects.get(code="facebook_page")
    instagram = Channel.objects.get(code="instagram")
    with django_capture_on_commit_callbacks(execute=True):
        plan = PlanFactory(region=world.region, month=MARCH)
        first = PostFactory(plan=plan, rubric=events, branch=world.branch, status=Status.PUBLISHED,
                            published_url="https://facebook.com/p/1",
                            channels=[facebook, instagram], date=MARCH.replace(day=3))  # fmt: skip
        second = PostFactory(plan=plan, rubric=events, status=Status.IDEA, channels=[facebook],
                             date=MARCH.replace(day=3))  # fmt: skip
        third = PostFactory(plan=plan, rubric=advice, branch=world.branch2, status=Status.MISSED,
                            date=MARCH.replace(day=20))  # fmt: skip
        PostFactory(plan=PlanFactory(region=world.other_region, month=MARCH), rubric=advice)
    assert stored(world.region, MARCH) == {
        ("rubric", events.pk): (2, 1, 0),
        ("rubric", advice.pk): (1, 0, 1),
        ("branch", world.branch.pk): (1, 1, 0),
        ("branch", world.branch2.pk): (1, 0, 1),
        ("channel", facebook.pk): (0, 1, 0),
        ("channel", instagram.pk): (0, 1, 0),
    }
    assert days(world.region, MARCH) == {3: (2, 1), 20: (1, 0)}
    # A second transaction on the same month is counted again.
    with django_capture_on_commit_callbacks(execute=True):
        second.status, second.published_url = Status.PUBLISHED, "https://facebook.com/p/2"
        second.save()
        first.channels.remove(instagram)
        third.delete()
    assert stored(world.region, MARCH) == {
        ("rubric", events.pk): (2, 2, 0),
        ("branch", world.branch.pk): (1, 1, 0),
        ("channel", facebook.pk): (0, 2, 0),
    }
    assert stored(world.other_region, MARCH) == {("rubric", advice.pk): (1, 0, 0)}


def test_one_rebuild_per_month_and_transaction(world, rubrics, django_capture_on_commit_callbacks):
    events, _advice = rubrics
    plan = PlanFactory(region=world.region, month=MARCH)
    april = PlanFactory(region=world.region, month=datetime.date(2026, 4, 1))
    with django_capture_on_commit_callbacks() as callbacks:
        for day in range(1, 11):
            PostFactory(plan=plan, rubric=events, date=MARCH.replace(day=day))
        PostFactory(plan=april, rubric=events, date=april.month)
    rebuilds = [callback for callback in callbacks if isinstance(callback, figures._Once)]
    assert len(rebuilds) == 2
    for callback in rebuilds:
        callback()
    assert stored(world.region, MARCH)[("rubric", events.pk)] == (10, 0, 0)
    assert stored(world.region, april.month)[("rubric", events.pk)] == (1, 0, 0)


def test_a_rolled_back_change_forgets_nothing(transactional_db, world, rubrics):
    """Outside a test's transaction: the rebuild runs on commit; a rolled-back
    transaction leaves no queued key behind that would swallow the next change."""
    events, _advice = rubrics
    plan = PlanFactory(region=world.region, month=MARCH)
    with pytest.raises(RuntimeError), transaction.atomic():
        PostFactory(plan=plan, rubric=events)
        raise RuntimeError
    assert stored(world.region, MARCH) == {}
    with transaction.atomic():
        PostFactory(plan=plan, rubric=events)
    assert stored(world.region, MARCH)[("rubric", events.pk)] == (1, 0, 0)


def test_materials_counted_with_their_review_days(world, django_capture_on_commit_callbacks):
    press = world.users["press"]
    month = timezone.localdate().replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = [send(world, uploads=[]) for _ in range(3)]
        send(world, chair="chair2", uploads=[])
        services.submission_return(submission=sent[0], user=press, version=0, comment="Ещё фото")
        services.submission_reject(submission=sent[1], user=press, version=0, reason="Не по теме")
    branch = MonthFigure.objects.get(
        region=world.region, month=month, kind="branch", key=world.branch.pk
    )
    assert (branch.submitted, branch.returned, branch.rejected, branch.accepted) == (3, 1, 1, 0)
    assert len(branch.review_days) == 2 and all(0 <= d < 1 for d in branch.review_days)
    other = MonthFigure.objects.get(
        region=world.region, month=month, kind="branch", key=world.branch2.pk
    )
    assert (other.submitted, other.review_days) == (1, [])


def test_the_nightly_recount_repairs_what_bypassed_the_signals(
    world, rubrics, django_capture_on_commit_callbacks
):
    events, _advice = rubrics
    month = timezone.localdate().replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(plan=PlanFactory(region=world.region, month=month), rubric=events)
    PlannedPost.objects.filter(pk=post.pk).update(  # no signal
        status=Status.PUBLISHED, published_url="https://facebook.com/p/1"
    )
    assert stored(world.region, month)[("rubric", events.pk)] == (1, 0, 0)
    call_command("rebuild_month_figures", verbosity=0)
    assert stored(world.region, month)[("rubric", events.pk)] == (1, 1, 0)


def test_a_post_marked_missed_by_the_reminders_is_counted(
    world, rubrics, django_capture_on_commit_callbacks
):
    events, _advice = rubrics
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(
            plan=PlanFactory(region=world.region, month=MARCH),
            rubric=events,
            status=Status.APPROVED,
            date=MARCH.replace(day=3),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_services.reminders_posts_missed(today=datetime.date(2026, 3, 10)) == 1
    assert stored(world.region, MARCH)[("rubric", events.pk)] == (1, 0, 1)
