"""A select with many options is searched by typing (Tom Select, vendored)."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in

pytestmark = pytest.mark.browser


def test_a_chair_finds_an_organisation_by_typing(page, demo):
    log_in(page, "chair")
    page.goto("/submissions/new/")
    select = page.locator("select#id_organisation")
    assert select.locator("option").count() > 100  # the chair's 150 organisations
    control = page.locator(".ts-control", has=page.locator("#id_organisation-ts-control"))
    expect(control).to_be_visible()
    control.click()
    page.keyboard.type("колледж")
    # The list is filtered a keystroke at a time: wait for the whole word, then
    # for the options of the last keystroke, before reading them.
    expect(page.locator("#id_organisation-ts-control")).to_have_value("колледж")
    options = page.locator(".ts-dropdown .option")
    expect(options.first).to_contain_text(re.compile("колледж", re.IGNORECASE))
    page.wait_for_function(
        """() => {
            const options = [...document.querySelectorAll('.ts-dropdown .option')];
            return options.length > 0
                && options.every(o => o.innerText.toLowerCase().includes('колледж'));
        }""",
        timeout=5000,
    )
    texts = options.all_inner_texts()
    assert texts and all("колледж" in text.lower() for text in texts)
    options.first.click()
    chosen = select.input_value()
    assert chosen and select.locator(f'option[value="{chosen}"]').inner_text() == texts[0]


def test_a_short_select_stays_a_plain_select(page, demo):
    log_in(page, "chair")
    page.goto("/submissions/new/")
    # The rubrics are a dozen: no search box needed.
    expect(page.locator("select#id_rubric")).to_be_visible()
    assert page.locator("#id_rubric-ts-control").count() == 0
