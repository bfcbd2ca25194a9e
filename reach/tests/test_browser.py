"""The post's reach in a real headless Chromium: the chip's tooltip and the day
view show it, and the post's panel (opened from the chip) shows each
network's figures with the measurement's date."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in
from contentplan.models import MonthlyPlan, PlannedPost, Rubric
from portal.models import User

from .test_posts import measure, page_of, published

pytestmark = pytest.mark.browser


def test_the_calendar_and_the_post_panel_show_the_reach(page, demo):
    today = timezone.localdate()
    plan = MonthlyPlan.objects.create(
        region=demo, month=today.replace(day=1), created_by=User.objects.get(username="press")
    )
    post = PlannedPost.objects.create(
        plan=plan,
        date=today,
        time=datetime.time(9, 0),
        title="Как оплачивается сверхурочная работа",
        rubric=Rubric.objects.order_by("pk").first(),
        origin="own",
    )
    facebook, instagram = page_of(demo), page_of(demo, "instagram")
    published(post, "facebook", facebook, "fb_browser")
    published(post, "instagram", instagram, "ig_browser")
    measure(
        facebook,
        "fb_browser",
        (0, today, {"reach": 1500, "reactions": 12, "shares": 3, "interactions": 30}),
        posted=timezone.now(),
    )
    log_in(page, "press")
    page.goto(reverse("contentplan:calendar", args=[today.year, f"{today.month:02d}"]))
    chip = page.locator(f'[data-testid="chip"][data-post="{post.pk}"]')
    expect(chip).to_have_attribute("title", re.compile("охват 1\xa0500"))
    page.goto(
        reverse("contentplan:day", args=[today.year, f"{today.month:02d}", f"{today.day:02d}"])
    )
    expect(page.get_by_test_id("day-post-reach")).to_contain_text("охват 1\xa0500")
    page.locator(f'[data-testid="chip"][data-post="{post.pk}"]').first.click()
    reach = page.locator("#post-modal").get_by_test_id("post-reach")
    expect(reach).to_be_visible()
    row = reach.get_by_test_id("post-reach-facebook")
    expect(row.get_by_test_id("reach")).to_have_text("1\xa0500")
    expect(row.get_by_test_id("measured-at")).to_contain_text(f"измерено {today.day} ")
    expect(row.get_by_test_id("comments")).to_have_text("—")
    expect(reach.get_by_test_id("post-reach-instagram")).to_contain_text("ещё не измерено")
