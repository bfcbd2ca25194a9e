"""A branch's story in a real headless Chromium: chair sends it with two photos,
press accepts it into next Tuesday in «Освещение мероприятий», chair sees it
accepted, chair2 cannot open it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in, log_out
from materials.models import Submission

from . import images
from .test_uploads import LONG_TEXT

pytestmark = pytest.mark.browser


def next_tuesday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)


def test_chair_sends_press_accepts_chair2_is_kept_out(page, demo, tmp_path):
    first, second = tmp_path / "first.jpg", tmp_path / "second.png"
    first.write_bytes(images.encode(images.sharp_image(), "JPEG"))
    second.write_bytes(images.encode(images.sharp_image(800, 600), "PNG"))

    log_in(page, "chair")
    page.goto("/submissions/")
    page.get_by_test_id("new-submission").click()
    form = page.get_by_test_id("submission-form")
    form.locator("[name=title]").fill("Праздник в школе-лицее")
    form.locator("[name=text]").fill(LONG_TEXT)
    form.locator("[name=event_date]").fill(timezone.localdate().isoformat())
    form.locator("[name=photos]").set_input_files([str(first), str(second)])
    # Before sending, the browser already hints at the small photo, and only at it.
    hints = form.get_by_test_id("quality-hints")
    expect(hints).to_contain_text("second.png")
    expect(hints.locator("li")).to_have_count(1)
    form.locator("#id_consent").check()
    form.get_by_test_id("submit-material").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "new")
    expect(page.get_by_test_id("photo")).to_have_count(2)
    # The 800×600 photo gets the resolution hint; advice, not a refusal.
    expect(page.get_by_test_id("hint")).to_have_count(1)
    submission = Submission.objects.get()
    address = f"/submissions/{submission.pk}/"
    log_out(page)

    log_in(page, "press")
    page.goto("/submissions/")
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    page.get_by_role("link", name="Праздник в школе-лицее").click()
    accept = page.get_by_test_id("accept-form")
    tuesday = next_tuesday()
    accept.locator("[name=date]").fill(tuesday.isoformat())
    accept.locator("[name=rubric]").select_option(label="Освещение мероприятий")
    accept.get_by_test_id("accept").click()
    expect(page.get_by_test_id("submission-status")).to_have_attribute("data-status", "accepted")
    expect(page.get_by_test_id("became-post")).to_contain_text("Освещение мероприятий")
    log_out(page)

    submission.refresh_from_db()
    assert submission.post.date == tuesday
    assert submission.post.photos.count() == 2

    log_in(page, "chair")
    page.goto("/submissions/mine/")
    expect(
        page.get_by_test_id("my-submission").get_by_test_id("submission-status")
    ).to_have_attribute("data-status", "accepted")
    expect(page.get_by_test_id("became-post")).to_be_visible()
    log_out(page)

    log_in(page, "chair2")
    response = page.goto(address)
    assert response.status == 404
    photo = submission.photos.first()
    assert page.goto(f"/submissions/photos/{photo.pk}/").status == 404


def test_hints_before_sending_and_nothing_saved(page, demo, tmp_path):
    from PIL import Image, ImageFilter

    dark = tmp_path / "dark.jpg"
    blurred = Image.new("RGB", (640, 480), (30, 30, 40)).filter(ImageFilter.GaussianBlur(4))
    dark.write_bytes(images.encode(blurred, "JPEG"))

    log_in(page, "chair")
    page.goto("/submissions/")
    page.get_by_test_id("new-submission").click()
    form = page.get_by_test_id("submission-form")
    form.locator("[name=text]").fill("Коротко.")
    form.locator("[name=photos]").set_input_files([str(dark)])
    hints = form.get_by_test_id("quality-hints")
    # Low resolution, too dark and blurred for the photo; too short for the text.
    expect(hints.locator("li")).to_have_count(4)
    expect(hints).to_contain_text("dark.jpg")
    form.locator("[name=text]").fill("Длинный текст. " * 30)
    expect(hints.locator("li")).to_have_count(3)
    assert not Submission.objects.exists()
