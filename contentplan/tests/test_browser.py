"""The press secretary's month in a real headless Chromium: plan, fill, move,
balance, approval by a leader, a post published."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in, log_out
from contentplan.models import MonthlyPlan, PlannedPost
from portal import dates
from portal.dates import next_month

pytestmark = pytest.mark.browser


def add_post(page, day: str, rubric: str, title: str, *, branch: str = "") -> None:
    page.get_by_test_id(f"add-{day}").click()
    form = page.get_by_test_id("post-form")
    expect(form.locator("[name=date]")).to_have_value(day)
    form.locator("[name=rubric]").select_option(label=rubric)
    form.locator("[name=title]").fill(title)
    form.locator("[name=channels]").first.check()
    if branch:
        form.locator("[name=branch]").select_option(label=branch)
    form.get_by_test_id("save-post").click()
    expect(page.get_by_test_id("post-panel")).to_contain_text(title)
    close_modal(page)
    expect(page.get_by_test_id(f"day-{day}").get_by_test_id("chip")).to_contain_text([title])


def settle(page) -> None:
    """Wait until no htmx request is on its way (the board may be redrawing)."""
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def close_modal(page) -> None:
    page.keyboard.press("Escape")
    expect(page.locator("#post-modal")).to_be_hidden()


def balance_of(page, rubric: str):
    return page.locator(f'[data-testid=balance-line][data-rubric="{rubric}"]').get_by_test_id(
        "balance-count"
    )


def step(panel, status: str):
    return panel.locator(f"form:has(input[name=status][value={status}]) button")


def test_the_press_secretarys_month(page, demo):
    month = next_month(dates.first_day(timezone.localdate()))
    day = lambda n: month.replace(day=n).isoformat()  # noqa: E731
    log_in(page, "press")
    page.get_by_role("link", name="Контент-план").click()
    expect(page).to_have_url(re.compile(r"/plan/\d{4}/\d{2}/$"))
    page.get_by_test_id("next-month").click()
    expect(page.get_by_test_id("no-plan")).to_be_visible()

    # Start the plan, and fill it in several rubrics without leaving the calendar.
    page.get_by_test_id("no-plan").locator("button[name=copy_recurring][value='']").click()
    expect(page.get_by_test_id("plan-status")).to_be_visible()
    expect(balance_of(page, "Освещение мероприятий")).to_have_text("0 / 4")
    add_post(page, day(5), "Освещение мероприятий", "Семинар председателей", branch="г. Риддер")
    expect(balance_of(page, "Освещение мероприятий")).to_have_text("1 / 4")
    expect(page.get_by_test_id("featured-branches")).to_contain_text("г. Риддер")
    add_post(page, day(7), "Прямые эфиры", "Прямой эфир с председателем")
    expect(balance_of(page, "Прямые эфиры")).to_have_text("1 / 1")
    add_post(page, day(12), "Правовые разъяснения", "Доплата за классное руководство")
    add_post(page, day(14), "Полезные советы", "Как оформить отпуск")

    # Move one by dragging it to another day…
    settle(page)
    chip = page.get_by_test_id(f"day-{day(7)}").get_by_test_id("chip")
    chip.drag_to(page.get_by_test_id(f"day-{day(9)}"))
    expect(page.get_by_test_id(f"day-{day(9)}").get_by_test_id("chip")).to_contain_text(
        ["Прямой эфир с председателем"]
    )
    expect(page.get_by_test_id(f"day-{day(7)}").get_by_test_id("chip")).to_have_count(0)
    # …and one by its form, as with a keyboard.
    page.get_by_test_id(f"day-{day(14)}").get_by_test_id("chip").click()
    panel = page.get_by_test_id("post-panel")
    panel.get_by_test_id("move-form").locator("[name=date]").fill(day(16))
    panel.get_by_test_id("move-form").locator("button").click()
    # The panel shows the new date once the server has moved the post.
    expect(panel.get_by_test_id("post-date")).to_contain_text(re.compile(r"\b16\b"))
    close_modal(page)
    expect(page.get_by_test_id(f"day-{day(16)}").get_by_test_id("chip")).to_contain_text(
        ["Как оформить отпуск"]
    )
    moved = PlannedPost.objects.get(title="Прямой эфир с председателем")
    assert moved.date.day == 9
    assert PlannedPost.objects.get(title="Как оформить отпуск").date.day == 16

    # Send for approval: minimums are unmet, so the author says why.
    page.get_by_test_id("plan-link").click()
    submit = page.get_by_test_id("submit-form")
    submit.locator("[name=reason]").fill("Половина филиалов на курсах в этом месяце")
    submit.locator("button").click()
    plan = MonthlyPlan.objects.get(month=month)
    assert plan.status == MonthlyPlan.Status.ON_APPROVAL
    expect(page.get_by_test_id("approve-form")).to_have_count(0)  # not by its author
    log_out(page)

    # A leader of the region approves it.
    log_in(page, "leader")
    page.goto(plan.get_absolute_url())
    page.get_by_test_id("approve-form").locator("button").click()
    expect(page.get_by_test_id("approved-by")).to_contain_text("Председатель")
    plan.refresh_from_db()
    assert plan.status == MonthlyPlan.Status.APPROVED
    log_out(page)

    # The press secretary takes a post to published.
    log_in(page, "press")
    page.goto(plan.calendar_url())
    page.get_by_test_id(f"day-{day(5)}").get_by_test_id("chip").click()
    panel = page.get_by_test_id("post-panel")
    expect(panel).to_be_visible()
    for status in ("in_work", "on_review", "approved"):
        settle(page)
        step(panel, status).click()
        expect(step(panel, status)).to_have_count(0)
    panel.locator("[name=published_url]").fill("https://www.facebook.com/vko.profsoyuz/posts/1")
    step(panel, "published").click()
    expect(panel.get_by_test_id("published-url")).to_be_visible()
    close_modal(page)
    # The calendar is redrawn once the change is in (the panel's answer asks for
    # it); on a loaded two-core machine drawing the month afresh has taken
    # longer than expect's five seconds.
    expect(page.get_by_test_id(f"day-{day(5)}").locator(".cp-published")).to_have_count(
        1, timeout=15_000
    )
    post = PlannedPost.objects.get(title="Семинар председателей")
    assert post.status == PlannedPost.Status.PUBLISHED
    assert post.published_url == "https://www.facebook.com/vko.profsoyuz/posts/1"
    # The approved plan's history shows the change.
    page.goto(plan.get_absolute_url())
    expect(page.get_by_test_id("history")).to_contain_text("Семинар председателей")
