"""Reminders: once each, however often they run; by hand, by beat and on a real worker."""

import datetime

import pytest
from django.core.management import call_command

from config.celery import app
from contentplan import services
from contentplan.models import MonthlyPlan, PlannedPost
from contentplan.tasks import plan_reminders_task, post_reminders_task
from portal.models import Notification

from .factories import PlanFactory, PostFactory

TODAY = datetime.date(2026, 3, 10)
Post = PlannedPost.Status


def test_a_post_due_soon_reminds_its_responsible_person_once(world, plan):
    chair = world.users["chair"]
    due = PostFactory(plan=plan, date=TODAY.replace(day=12), responsible=chair)
    PostFactory(plan=plan, date=TODAY.replace(day=13), responsible=chair)  # three days off
    PostFactory(plan=plan, date=TODAY, responsible=chair, status=Post.APPROVED)  # ready
    assert services.reminders_posts_due(today=TODAY) == 1
    assert services.reminders_posts_due(today=TODAY) == 0
    (notification,) = Notification.objects.all()
    assert (notification.user, notification.key) == (chair, f"post-due:{due.pk}:2026-03-12")
    assert notification.url == f"/plan/posts/{due.pk}/"
    # Moved to another day, it is due anew.
    PlannedPost.objects.filter(pk=due.pk).update(date=TODAY.replace(day=11))
    assert services.reminders_posts_due(today=TODAY) == 1


def test_a_timed_reminder_says_whose_time_it_is(world, plan):
    from portal.models import OutboxEmail

    PostFactory(
        plan=plan,
        date=TODAY.replace(day=11),
        time=datetime.time(18, 0),
        responsible=world.users["chair"],
    )
    services.reminders_posts_due(today=TODAY)
    (notification,) = Notification.objects.all()
    assert "18:00" in notification.body and "UTC+5" in notification.body
    assert "UTC+5" in OutboxEmail.objects.get(notification=notification).body


def test_nobody_responsible_reminds_the_press_secretary(world, plan):
    PostFactory(plan=plan, date=TODAY)
    services.reminders_posts_due(today=TODAY)
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["press"]


def test_a_passed_post_becomes_missed_and_the_press_secretary_is_told_once(world, plan, leader):
    passed = PostFactory(plan=plan, date=TODAY.replace(day=9), status=Post.ON_REVIEW)
    published = PostFactory(
        plan=plan, date=TODAY.replace(day=8), status=Post.PUBLISHED, published_url="https://x.kz"
    )
    PostFactory(plan=plan, date=TODAY, status=Post.IN_WORK)  # today is not past
    assert services.reminders_posts_missed(today=TODAY) == 1
    assert services.reminders_posts_missed(today=TODAY) == 0
    passed.refresh_from_db()
    published.refresh_from_db()
    assert (passed.status, passed.version) == (Post.MISSED, 1)
    assert published.status == Post.PUBLISHED
    keys = set(Notification.objects.values_list("user__username", "key"))
    assert keys == {("press", f"post-missed:{passed.pk}"), ("leader", f"post-missed:{passed.pk}")}


def test_the_plan_check_starts_on_the_25th_and_tells_press_and_leaders_once(world, leader):
    april = datetime.date(2026, 4, 1)
    PlanFactory(region=world.other_region, month=april, status=MonthlyPlan.Status.APPROVED)
    assert services.reminders_plans_unapproved(today=datetime.date(2026, 3, 24)) == 0
    assert services.reminders_plans_unapproved(today=datetime.date(2026, 3, 25)) == 2
    assert services.reminders_plans_unapproved(today=datetime.date(2026, 3, 26)) == 0
    notified = set(Notification.objects.values_list("user__username", "key"))
    region = world.region.pk
    assert notified == {
        ("press", f"plan-unapproved:{region}:2026-04"),
        ("leader", f"plan-unapproved:{region}:2026-04"),
    }  # not other_press: that region's April plan is approved


def test_the_command_runs_the_same_code_and_twice_sends_nothing_new(world, plan, capsys):
    PostFactory(plan=plan, date=datetime.date(2026, 3, 26), responsible=world.users["chair"])
    PostFactory(plan=plan, date=datetime.date(2026, 3, 20))
    call_command("send_reminders", "--today", "2026-03-25")
    assert "Напоминаний о постах: 1; отмечено пропущенных: 1;" in capsys.readouterr().out
    count = Notification.objects.count()
    # due → chair; missed → press; April's plans not approved → press and other_press
    assert count == 4
    call_command("send_reminders", "--today", "2026-03-25")
    assert "Напоминаний о постах: 0; отмечено пропущенных: 0; " in capsys.readouterr().out
    assert Notification.objects.count() == count


def test_the_schedule(world):
    daily = app.conf.beat_schedule["contentplan-post-reminders-daily"]
    assert daily["task"] == post_reminders_task.name
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({8}, {0})
    monthly = app.conf.beat_schedule["contentplan-plan-reminders-from-25th"]
    assert monthly["task"] == plan_reminders_task.name
    assert monthly["schedule"].day_of_month == set(range(25, 32))


def test_e_mail_goes_only_after_the_transaction_commits(
    world, plan, django_capture_on_commit_callbacks
):
    PostFactory(plan=plan, date=TODAY, responsible=world.users["chair"])
    with django_capture_on_commit_callbacks() as callbacks:
        services.reminders_posts_due(today=TODAY)
    assert len(callbacks) == 1


@pytest.mark.celery_worker
def test_the_reminders_run_on_a_real_worker_once(celery_worker, world):
    plan = PlanFactory(region=world.region)
    due = PostFactory(plan=plan, date=TODAY.replace(day=11), responsible=world.users["chair"])
    passed = PostFactory(plan=plan, date=TODAY.replace(day=2))
    for _run in range(2):
        result = post_reminders_task.apply_async(args=["2026-03-10"], queue=celery_worker.queue)
        outcome = result.get(timeout=60)
    assert outcome == {"due": 0, "missed": 0}  # the second run found nothing new
    assert Notification.objects.filter(key=f"post-due:{due.pk}:2026-03-11").count() == 1
    assert Notification.objects.filter(key=f"post-missed:{passed.pk}").count() == 1
    passed.refresh_from_db()
    assert passed.status == Post.MISSED
    result = plan_reminders_task.apply_async(args=["2026-03-25"], queue=celery_worker.queue)
    assert result.get(timeout=60) == 2  # April unapproved: press and other_press
    result = plan_reminders_task.apply_async(args=["2026-03-25"], queue=celery_worker.queue)
    assert result.get(timeout=60) == 0


@pytest.mark.parametrize(
    ("today", "month"),
    [
        (datetime.date(2026, 11, 30), "2026-12"),  # +32 days once reminded of January
        (datetime.date(2026, 12, 31), "2027-01"),
        (datetime.date(2027, 1, 31), "2027-02"),
        (datetime.date(2028, 1, 29), "2028-02"),  # a leap year
        (datetime.date(2026, 8, 31), "2026-09"),
    ],
)
def test_the_plan_check_on_the_last_days_names_next_month(world, leader, today, month):
    # press and leader of the world's region, other_press of the other region
    assert services.reminders_plans_unapproved(today=today) == 3
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {
        f"plan-unapproved:{world.region.pk}:{month}",
        f"plan-unapproved:{world.other_region.pk}:{month}",
    }
