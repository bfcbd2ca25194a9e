"""Logging in, in a real headless Chromium, as every demo user."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from portal.models import User
from portal.seed import load_demo_users, load_region

pytestmark = pytest.mark.browser

HOMES = {
    "press": "Восточно-Казахстанская область",
    "leader": "Восточно-Казахстанская область",
    "chair": "г. Усть-Каменогорск",
    "chair2": "г. Риддер",
    "central": "Все регионы",
    "admin": "Все регионы",
}


@pytest.fixture
def demo(transactional_db, settings):
    region = load_region()
    settings.DEBUG = True  # demo users exist only in the embedded default
    load_demo_users(region=region)
    settings.DEBUG = False
    # The journeys run with DEBUG off, as in production, where demo accounts
    # cannot log in: here they stand for real accounts.
    User.objects.update(is_demo=False)
    return region


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_every_demo_user_logs_in_and_lands_on_its_home(page, demo):
    for username, heading in HOMES.items():
        log_in(page, username, settings.DEMO_PASSWORD)
        expect(page.get_by_test_id("home-heading")).to_have_text(heading)
        expect(page).to_have_url(re.compile(r"/$"))
        page.get_by_test_id("user-menu").click()
        page.get_by_role("button", name="Выйти").click()
        expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_a_wrong_password_shows_a_russian_error(page, demo):
    log_in(page, "press", "not-the-password")
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_contain_text(
        "Пожалуйста, введите правильные имя пользователя и пароль"
    )
    expect(page.locator("html")).to_have_attribute("lang", "ru")


def test_a_chair_finds_its_organisations_and_not_anothers(page, demo, live_server):
    log_in(page, "chair", settings.DEMO_PASSWORD)
    page.get_by_role("link", name="Организации", exact=True).click()
    expect(page.get_by_test_id("totals")).to_contain_text("150 организаций")
    page.get_by_label("Поиск").fill("колледж")
    page.get_by_role("button", name="Найти").click()
    rows = page.get_by_test_id("organisations").locator("tbody tr")
    expect(rows.first).to_contain_text("Колледж")
    # Ridder's branch is chair2's: a 404 for chair.
    ridder = demo.branches.get(name="г. Риддер")
    response = page.goto(f"/branches/{ridder.pk}/")
    assert response.status == 404
