"""People and plans shared by the content plan's tests."""

import re

import pytest

from contentplan.seed import load_rubrics
from portal.models import User
from portal.tests.factories import UserFactory

from .factories import MONTH, PlanFactory


@pytest.fixture
def rubrics(db) -> dict:
    """The standard rubrics, by name."""
    return {rubric.name: rubric for rubric in load_rubrics()}


@pytest.fixture
def leader(world) -> User:
    """The region's leader, who approves its plans."""
    return UserFactory(username="leader", role=User.Role.PRESS, region=world.region, is_leader=True)


@pytest.fixture
def plan(world):
    return PlanFactory(region=world.region, month=MONTH)


PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)


@pytest.fixture
def phone(browser, live_server, demo):
    """The press secretary, logged in on a 390 × 844 touch phone."""
    from django.conf import settings
    from playwright.sync_api import expect

    from conftest import submit_login

    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    submit_login(page, "press", settings.DEMO_PASSWORD)
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    yield page
    context.close()
