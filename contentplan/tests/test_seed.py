"""The rubrics from the report, and the demo plans of the embedded default."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from contentplan.models import Channel, MonthlyPlan, PlannedPost, Rubric
from contentplan.seed import RUBRICS
from portal import dates
from portal.dates import next_month

FIXED = {
    "Прямые эфиры": 1,
    "Освещение мероприятий": 4,
    "Полезные советы": 2,
    "Правовые разъяснения": 2,
    "Ответы на частые вопросы": 2,
}


@pytest.mark.django_db
def test_load_seed_brings_the_rubrics_and_keeps_peoples_edits():
    call_command("load_seed", verbosity=0)
    minimums = dict(Rubric.objects.values_list("name", "monthly_minimum"))
    assert len(minimums) == len(RUBRICS) == 12
    assert {name: minimums[name] for name in FIXED} == FIXED
    assert minimums["Ветераны профсоюза"] == 0
    Rubric.objects.filter(name="Полезные советы").update(monthly_minimum=5, colour="#000000")
    call_command("load_seed", verbosity=0)
    assert Rubric.objects.count() == 12
    edited = Rubric.objects.get(name="Полезные советы")
    assert (edited.monthly_minimum, edited.colour) == (5, "#000000")
    # A real installation gets no demo plans.
    assert not MonthlyPlan.objects.exists()


@pytest.mark.django_db
def test_the_channels_come_with_the_migrations():
    assert list(Channel.objects.values_list("code", flat=True)) == [
        "facebook_page",
        "instagram",
        "aitu",
        "telegram",
        "website",
        "newspaper",
    ]


@pytest.mark.django_db
def test_the_embedded_default_shows_a_living_calendar_once(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    this_month = dates.first_day(timezone.localdate())
    plans = {plan.month: plan for plan in MonthlyPlan.objects.all()}
    assert set(plans) == {this_month, next_month(this_month)}
    assert all(plan.is_demo for plan in plans.values())
    assert plans[this_month].status == MonthlyPlan.Status.APPROVED
    current = plans[this_month].posts
    assert current.filter(recurrence="weekly").count() >= 4
    assert not current.exclude(title__endswith="(демо)").exists()
    assert not PlannedPost.objects.filter(status="published", published_url="").exists()
    count = PlannedPost.objects.count()
    call_command("load_seed", verbosity=0)
    assert PlannedPost.objects.count() == count
