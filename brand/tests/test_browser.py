"""In a real headless Chromium: the press secretary opens a post of the plan,
previews its three cards and downloads one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from brand.seed import load as load_brand
from conftest import log_in
from contentplan.models import MonthlyPlan, PlannedPost, Rubric

pytestmark = pytest.mark.browser


@pytest.fixture
def post(demo):
    """A post of this month's plan, with the brand's templates loaded."""
    load_brand()
    month = timezone.localdate().replace(day=1)
    plan, _created = MonthlyPlan.objects.get_or_create(region=demo, month=month)
    return PlannedPost.objects.create(
        plan=plan,
        date=month + datetime.timedelta(days=11),
        rubric=Rubric.objects.get(name="Охрана труда"),
        title="Қауіпсіз мектеп: семинар по охране труда",
        origin="own",
    )


def test_press_previews_the_three_cards_and_downloads_one(page, post, tmp_path):
    log_in(page, "press")
    page.goto(post.get_absolute_url())
    panel = page.get_by_test_id("post-panel")
    expect(panel).to_contain_text("Қауіпсіз мектеп")
    # The checklist arrives by htmx inside the post's panel.
    expect(panel.get_by_test_id("standard-form")).to_be_visible()

    panel.get_by_test_id("post-cards-link").click()
    expect(page).to_have_url(re.compile(rf"/brand/posts/{post.pk}/cards/$"))
    images = page.get_by_test_id("card-image")
    expect(images).to_have_count(3)
    sizes = {}
    for code in ("square", "story", "facebook"):
        image = page.get_by_test_id(f"card-{code}").get_by_test_id("card-image")
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        sizes[code] = image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]")
    assert sizes == {"square": [1080, 1080], "story": [1080, 1920], "facebook": [1200, 630]}

    with page.expect_download() as info:
        page.get_by_test_id("download-story").click()
    download = info.value
    assert download.suggested_filename == f"card-{post.pk}-story.png"
    saved = tmp_path / "card.png"
    download.save_as(saved)
    with Image.open(saved) as card:
        assert (card.format, card.size) == ("PNG", (1080, 1920))
