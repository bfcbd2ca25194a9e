"""The demo's reach: twelve months, believable effects, never collected."""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import median

from django.utils import timezone

from branches.models import SocialPage
from channels import services
from channels.models import Connection, PostMeasurement
from contentplan.models import Channel, PlannedPost, Rubric
from contentplan.seed import load_rubrics
from contentplan.tests.factories import PlanFactory, PostFactory
from portal import dates
from reach import demo, selectors

P = SocialPage.Platform
TODAY = date(2026, 11, 20)


def test_twelve_months_where_legal_explanations_live_streams_and_evenings_reach_more(world):
    world.region.is_demo = True
    world.region.save()
    for platform in (P.FACEBOOK_PAGE, P.INSTAGRAM):
        SocialPage.objects.create(region=world.region, platform=platform)
    SocialPage.objects.create(region=world.region, branch=world.branch, platform=P.FACEBOOK_PAGE)
    load_rubrics()
    rubrics = list(Rubric.objects.all())
    facebook = Channel.objects.get(code="facebook_page")
    rng = random.Random(7)
    for n in range(12 * 30):
        day = dates.add_months(TODAY, n // 30 - 11) + timedelta(days=n % 28)
        if day > TODAY:
            continue
        plan = PlanFactory(region=world.region, month=day.replace(day=1))
        PostFactory(
            plan=plan,
            date=day,
            rubric=rng.choice(rubrics),
            status=PlannedPost.Status.PUBLISHED,
            published_url=f"https://demo.example.kz/post/{n}",
            channels=[facebook],
        )
    written = demo.load_demo(region=world.region, today=TODAY, rng=random.Random(1))
    assert written == PostMeasurement.objects.count() > 0

    rows = selectors.posts(start=dates.add_months(TODAY, -11), end=TODAY, region=world.region)
    months = selectors.by_month(rows, end=TODAY)
    assert all(figures.n > 0 for _month, figures in months)
    by_rubric = {item.rubric: item.figures.median for item in selectors.by_rubric(rows)}
    others = median(v for k, v in by_rubric.items() if k not in demo.RUBRIC_EFFECT)
    assert by_rubric["Правовые разъяснения"] > 1.4 * others
    assert by_rubric["Прямые эфиры"] > 1.6 * others
    evening = [r.reach for r in rows if r.reach and timezone.localtime(r.posted_at).hour >= 17]
    morning = [r.reach for r in rows if r.reach and timezone.localtime(r.posted_at).hour < 10]
    assert median(evening) > 1.5 * median(morning)
    # The branch's own page has its posts (not ours), compared per 1,000 members.
    assert any(r.branch_id == world.branch.pk and not r.ours for r in rows)
    # A demo connection is never called by a collection.
    assert Connection.objects.filter(page__region=world.region).count() == 3
    assert not services.collectable().filter(page__region=world.region).exists()
