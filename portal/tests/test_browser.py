"""Logging in, in a real headless Chromium, as every demo user."""

import re

import pytest
from playwright.sync_api import expect

from conftest import click_menu, log_in, log_out, submit_login

pytestmark = pytest.mark.browser

HOMES = {
    "press": "Восточно-Казахстанская область",
    "leader": "Восточно-Казахстанская область",
    "chair": "г. Усть-Каменогорск",
    "chair2": "г. Риддер",
    "central": "Все регионы",
    "admin": "Все регионы",
}


def test_every_demo_user_logs_in_and_lands_on_its_home(page, demo):
    for username, heading in HOMES.items():
        log_in(page, username)
        expect(page.get_by_test_id("home-heading")).to_have_text(heading)
        expect(page).to_have_url(re.compile(r"/$"))
        log_out(page)
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_a_wrong_password_shows_a_russian_error(page, demo):
    submit_login(page, "press", "not-the-password")
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_contain_text(
        "Пожалуйста, введите правильные имя пользователя и пароль"
    )
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_a_chair_finds_its_organisations_and_not_anothers(page, demo, live_server):
    log_in(page, "chair")
    click_menu(page, "Организации")
    expect(page.get_by_test_id("totals")).to_contain_text("150 организаций")
    page.get_by_label("Поиск").fill("колледж")
    page.get_by_role("button", name="Найти").click()
    rows = page.get_by_test_id("organisations").locator("tbody tr")
    expect(rows.first).to_contain_text("Колледж")
    # Ridder's branch is chair2's: a 404 for chair.
    ridder = demo.branches.get(name="г. Риддер")
    response = page.goto(f"/branches/{ridder.pk}/")
    assert response.status == 404
