"""In a real Chromium: the central committee opens the central dashboard, goes into
the region, has the portal write the report on a real Celery worker, and
downloads it."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(demo):
    """The people, and the whole organisation from the report."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    return demo


@pytest.fixture
def shared_media(settings, monkeypatch):
    """The worker process writes into the test's MEDIA_ROOT too."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


def test_central_writes_and_downloads_the_regions_report(
    page, demo, shared_media, celery_worker, settings, tmp_path
):
    settings.REPORT_TASK_QUEUE = celery_worker.queue
    log_in(page, "central")
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/central/$"))
    table = page.get_by_test_id("table-regions")
    expect(table).to_contain_text("Восточно-Казахстанская область")
    table.get_by_role("link", name="Восточно-Казахстанская область").click()
    expect(page.get_by_test_id("dashboard-heading")).to_contain_text(
        "Восточно-Казахстанская область"
    )
    expect(page.locator('[data-figure="members"]')).to_have_text("31 208")
    form = page.get_by_test_id("report-form")
    form.locator("input[name=start]").fill("2023-01-01")
    form.locator("input[name=end]").fill("2025-12-31")
    form.get_by_role("button").click()
    status = page.get_by_test_id("report-status")
    expect(status).to_have_attribute("data-status", "done", timeout=90_000)
    with page.expect_download() as download_info:
        page.get_by_test_id("report-download").click()
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    text = "\n".join(paragraph.text for paragraph in Document(path).paragraphs)
    assert "31 208" in text and "6,2 тыс." in text and "Оценка: заброшенная" in text


# A number of at least four digits as an axis shows it, grouped by thousands.
GROUPED = {"en": r"^\d{1,3}(,\d{3})+$", "kk": r"^\d{1,3}(\s\d{3})+$"}
CHARTS_DRAWN = """() => typeof Chart !== 'undefined'
    && [...document.querySelectorAll('canvas[data-chart]')].some((c) => Chart.getChart(c))"""
AXIS_LABELS = """() => [...document.querySelectorAll('canvas[data-chart]')]
    .map((canvas) => Chart.getChart(canvas)).filter(Boolean)
    .flatMap((chart) => Object.values(chart.scales)
        .filter((scale) => scale.type === 'linear')
        .flatMap((scale) => scale.ticks.map((tick) => String(tick.label))))"""


@pytest.mark.parametrize("language", list(GROUPED))
def test_chart_axes_group_numbers_like_the_tables(page, demo, live_server, language):
    """The charts are told the page's language: in English the axis says 7,000
    as the tables say 31,208 (not 7 000); in Kazakh and Russian 7 000."""
    from django.conf import settings as django_settings

    log_in(page, "central")
    page.context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page.goto(f"/dashboard/region/{demo.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.wait_for_function(CHARTS_DRAWN)
    labels = page.evaluate(AXIS_LABELS)
    large = [label for label in labels if len(re.sub(r"\D", "", label)) >= 4]
    assert large, f"no axis reaches a thousand: {labels}"
    assert all(re.match(GROUPED[language], label) for label in large), large
