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
    published(post, "facebook_page", facebook, "fb_browser")
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
    row = reach.get_by_test_id("post-reach-facebook_page")
    expect(row.get_by_test_id("reach")).to_have_text("1\xa0500")
    expect(row.get_by_test_id("measured-at")).to_contain_text(f"измерено {today.day} ")
    expect(row.get_by_test_id("comments")).to_have_text("—")
    expect(reach.get_by_test_id("post-reach-instagram")).to_contain_text("ещё не измерено")


def test_the_post_form_suggests_the_chosen_rubrics_hours(page, demo):
    """Opened in the calendar's modal (by htmx), the form shows the hint of the
    post's rubric, and another rubric's when that one is chosen."""
    today = timezone.localdate()
    plan = MonthlyPlan.objects.create(
        region=demo, month=today.replace(day=1), created_by=User.objects.get(username="press")
    )
    first, second = Rubric.objects.filter(is_active=True).order_by("pk")[:2]
    facebook = page_of(demo)
    for n in range(10):
        rubric, hour = (first, 19) if n < 5 else (second, 9)
        posted = timezone.localtime().replace(hour=hour, minute=0) - datetime.timedelta(days=10 + n)
        done = PlannedPost.objects.create(
            plan=plan, date=today, title=f"Пост {n}", rubric=rubric, origin="own"
        )
        published(done, "facebook_page", facebook, f"fb{n}")
        measure(facebook, f"fb{n}", (7, today, {"reach": 100 + n}), posted=posted)
    post = PlannedPost.objects.create(
        plan=plan, date=today, title="Новый пост", rubric=first, origin="own"
    )
    log_in(page, "press")
    page.goto(reverse("contentplan:calendar", args=[today.year, f"{today.month:02d}"]))
    page.goto(
        reverse("contentplan:day", args=[today.year, f"{today.month:02d}", f"{today.day:02d}"])
    )
    page.locator(f'[data-testid="chip"][data-post="{post.pk}"]').first.click()
    modal = page.locator("#post-modal")
    modal.get_by_role("link", name="Изменить").click()
    hints = modal.get_by_test_id("hour-hint")
    expect(modal.locator(f'[data-rubric-hint="{first.pk}"]')).to_be_visible()
    expect(modal.locator(f'[data-rubric-hint="{first.pk}"]')).to_contain_text("19:00")
    expect(modal.locator(f'[data-rubric-hint="{second.pk}"]')).to_be_hidden()
    # The hints' script comes with the form (htmx runs it once it has loaded).
    page.wait_for_function("() => window.profinfoHourHints === true")
    modal.locator("select[name=rubric]").select_option(str(second.pk))
    expect(modal.locator(f'[data-rubric-hint="{second.pk}"]')).to_be_visible()
    expect(modal.locator(f'[data-rubric-hint="{second.pk}"]')).to_contain_text("по 5 постам")
    expect(modal.locator(f'[data-rubric-hint="{first.pk}"]')).to_be_hidden()
    assert hints.count() == 2
