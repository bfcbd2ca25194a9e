"""A chair's home starts with «Отправить материал» and the state of the last
materials sent (issue 32, item 5), at the same cost with 1× and 10× materials."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from materials.models import Submission

from .test_uploads import LONG_TEXT
from .test_workflow import send

FIGURES = 'data-figure="organisations"'


def home(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_home_starts_with_sending_and_shows_the_last_three(world, client_for, rubrics):
    client = client_for(world.users["chair"])
    page, _count = home(client)
    assert 'data-testid="home-send-material"' in page
    assert 'data-testid="home-material"' not in page  # nothing sent yet
    for n in range(4):
        send(world, title=f"Материал {n}")
    Submission.objects.filter(title="Материал 3").update(status=Submission.Status.RETURNED)
    page, _count = home(client)
    # The button comes before the branch's figures.
    assert page.index('data-testid="home-send-material"') < page.index(FIGURES)
    shown = [n for n in range(4) if f">Материал {n}<" in page]
    assert shown == [1, 2, 3]  # the newest three
    assert page.count('data-testid="home-material"') == 3
    assert 'data-status="returned"' in page
    # Another branch's chair sees none of them.
    other, _count = home(client_for(world.users["chair2"]))
    assert 'data-testid="home-material"' not in other


def test_the_home_costs_the_same_with_ten_times_the_materials(world, client_for, rubrics):
    client = client_for(world.users["chair"])
    for n in range(2):
        send(world, title=f"Первый {n}", uploads=[])
    _page, at_1x = home(client)
    for n in range(18):
        send(world, title=f"Ещё {n}", uploads=[])
    _page, at_10x = home(client)
    assert at_1x == at_10x == 9


@pytest.mark.browser
def test_on_a_phone_the_button_is_in_the_first_screen_and_sizes_are_in_mb(
    browser, live_server, demo, tmp_path
):
    from django.conf import settings
    from playwright.sync_api import expect

    from conftest import submit_login

    from . import images

    context = browser.new_context(
        locale="ru-RU",
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        submit_login(phone, "chair", settings.DEMO_PASSWORD)  # the menu is folded on a phone
        expect(phone.get_by_test_id("home-heading")).to_be_visible()
        button = phone.get_by_test_id("home-send-material")
        expect(button).to_be_in_viewport(ratio=1)
        box = button.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 300  # a thumb's target, the screen's width
        button.click()
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(images.encode(images.sharp_image(2000, 1500), "JPEG"))
        # The sending is cut (as a mobile network does): the list of photos
        # with their sizes stays on the page.
        phone.route(
            "**/submissions/new/",
            lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
        )
        form = phone.get_by_test_id("submission-form")
        form.locator("[name=title]").fill("Субботник")
        form.locator("[name=text]").fill(LONG_TEXT)
        form.locator("[name=photos]").set_input_files(str(photo))
        form.locator("#id_consent").check()
        form.get_by_test_id("submit-material").click()
        size = phone.get_by_test_id("upload-photo").first
        expect(size).to_contain_text(re.compile(r"photo\.jpg — \d+,\d МБ"))
    finally:
        context.close()
