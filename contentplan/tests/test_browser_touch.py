"""Moving a post with a finger, in a real headless Chromium emulating a phone:
touches are sent as the screen sends them (Chrome DevTools' Input domain)."""

import datetime

import pytest
from playwright.sync_api import expect

from contentplan.models import PlannedPost

from .test_browser_views import _day_url, _first_monday, _month_ahead, _plan, _post

pytestmark = pytest.mark.browser


def _centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _touch(session, kind: str, x: float | None = None, y: float | None = None) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def _slide(page, source, target, *, hold_ms: int) -> None:
    """Rest a finger on `source` for `hold_ms`, slide it to `target`, lift it."""
    (x, y), (to_x, to_y) = _centre(source), _centre(target)
    session = page.context.new_cdp_session(page)
    _touch(session, "touchStart", x, y)
    page.wait_for_timeout(hold_ms)
    steps = 8
    for step in range(1, steps + 1):
        _touch(session, "touchMove", x + (to_x - x) * step / steps, y + (to_y - y) * step / steps)
        page.wait_for_timeout(30)
    _touch(session, "touchEnd")


def test_a_finger_holds_a_post_and_moves_it_to_another_hour(phone, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    plan = _plan(demo, month)
    post = _post(plan, tuesday, "Семинар в Риддере", "Освещение мероприятий", datetime.time(10, 15))
    phone.goto(_day_url("contentplan:day", tuesday))
    chip = phone.get_by_test_id("day-hour-10").get_by_test_id("chip")
    target = phone.get_by_test_id("day-hour-12")
    chip.evaluate("element => element.scrollIntoView({block: 'center', behavior: 'instant'})")
    _slide(phone, chip, target, hold_ms=700)
    landed = phone.get_by_test_id("day-hour-12").get_by_test_id("chip")
    expect(landed).to_contain_text(["Семинар в Риддере"])
    expect(landed).to_have_attribute("data-version", "1")  # redrawn by the server
    expect(phone.locator("#post-modal")).to_be_hidden()  # the hold did not open the post
    post.refresh_from_db()
    assert (post.date, post.time) == (tuesday, datetime.time(12, 15))
    # The page was not scrolled sideways on the way.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_a_quick_swipe_over_a_post_moves_nothing(phone, demo):
    month = _month_ahead()
    tuesday = _first_monday(month) + datetime.timedelta(days=1)
    plan = _plan(demo, month)
    post = _post(plan, tuesday, "Семинар в Риддере", "Освещение мероприятий", datetime.time(10, 0))
    phone.goto(_day_url("contentplan:day", tuesday))
    chip = phone.get_by_test_id("day-hour-10").get_by_test_id("chip")
    chip.evaluate("element => element.scrollIntoView({block: 'center', behavior: 'instant'})")
    _slide(phone, chip, phone.get_by_test_id("day-hour-12"), hold_ms=50)
    phone.wait_for_timeout(700)
    expect(phone.locator(".cp-touch-drag")).to_have_count(0)
    expect(phone.get_by_test_id("day-hour-10").get_by_test_id("chip")).to_have_count(1)
    post.refresh_from_db()
    assert (post.time, post.version) == (datetime.time(10, 0), 0)
    assert PlannedPost.objects.filter(pk=post.pk, time=datetime.time(10, 0)).exists()
