"""The press secretary records a measurement and sees the verdict change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import click_menu, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(demo):
    """The people, and the region's pages and audits from the report."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
    return demo


def test_a_new_measurement_revives_a_dormant_page(page, demo):
    log_in(page, "press")

    click_menu(page, "Страницы и аудит")
    ulan = page.get_by_test_id("audit").locator("tr", has_text="Уланский район")
    expect(ulan).to_contain_text("спящая")
    ulan.get_by_role("link").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("спящая")

    today = timezone.localdate()
    form = page.get_by_test_id("snapshot-form")
    form.get_by_label("Дата замера").fill(today.isoformat())
    form.get_by_label("Подписчики или участники").fill("80")
    form.get_by_label("Постов за последние 30 дней").fill("9")
    form.get_by_label("Из них собственных").fill("8")
    form.get_by_label("Из них репостов").fill("1")
    form.get_by_label("Последний собственный пост").fill((today - timedelta(days=1)).isoformat())
    form.get_by_label("Визуальное качество").fill("4")
    form.get_by_role("button", name="Сохранить замер").click()

    expect(page.locator(".alert-success")).to_contain_text("Замер сохранён")
    expect(page.get_by_test_id("verdict")).to_contain_text("активная")
    expect(page.get_by_test_id("snapshots").locator("tbody tr").first).to_contain_text(
        today.strftime("%d.%m.%Y")
    )
    # Back in the audit table, Ulan is active now.
    click_menu(page, "Страницы и аудит")
    expect(page.get_by_test_id("audit").locator("tr", has_text="Уланский район")).to_contain_text(
        "активная"
    )


def test_a_chair_sees_only_its_branch_pages(page, demo):
    log_in(page, "chair2")
    click_menu(page, "Страницы и аудит")
    rows = page.get_by_test_id("audit").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("г. Риддер")
    expect(rows.first).to_contain_text("нерегулярная")
