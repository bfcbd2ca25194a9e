"""In a real headless Chromium: `press` makes a survey from a template; a member
opens the QR code's address on a phone (390×844), answers in Kazakh; the
results show the chart, a post is made from them, and the region dashboard
counts the survey and the channel the member named."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from surveys.models import Answer, Response, Survey

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_press_makes_a_survey_a_member_answers_on_a_phone(
    page, browser, live_server, demo, settings
):
    # The QR code encodes SITE_URL + the survey's address: here, the live server.
    settings.SITE_URL = live_server.url
    log_in(page, "press")
    assert page.locator('nav a[href="/surveys/"]').count() >= 1  # in the menu
    page.goto("/surveys/")
    page.get_by_test_id("new-survey").click()
    form = page.get_by_test_id("survey-form")
    form.locator("[name=template]").select_option("news")
    page.get_by_test_id("save-survey").click()
    expect(page.get_by_test_id("survey-title")).to_have_text("Откуда вы узнаёте новости профсоюза?")
    expect(page.get_by_test_id("survey-questions").locator("> li")).to_have_count(3)
    survey = Survey.objects.get()
    qr_address = page.get_by_test_id("public-url").input_value()
    assert qr_address == survey.public_url() == live_server.url + survey.public_path()
    qr = page.request.get(page.get_by_test_id("survey-qr").get_attribute("src"))
    assert qr.ok and qr.headers["content-type"] == "image/svg+xml"

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="kk-KZ")
    member = phone.new_page()
    member.goto(qr_address)
    member.get_by_test_id("lang-kk").tap()
    expect(member.get_by_test_id("public-title")).to_have_text(
        "Кәсіподақ жаңалықтарын қайдан білесіз?"
    )
    # Nothing wider than the phone's screen.
    assert member.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    member.get_by_label("Instagram").check()
    member.get_by_label("Кәсіподақ сайты").check()
    scale = survey.questions.get(kind="scale")
    member.locator(f"label[for=q{scale.pk}-4]").tap()  # the scale's buttons
    expect(member.locator(f"#q{scale.pk}-4")).to_be_checked()
    member.locator("textarea").fill("Құқықтық кеңестер")
    member.get_by_test_id("send-answer").tap()
    expect(member.get_by_test_id("thanks")).to_contain_text("Рахмет!")
    member.goto(qr_address)
    expect(member.get_by_test_id("already")).to_be_visible()
    phone.close()

    response = Response.objects.get()
    assert response.language == "kk" and response.region == demo
    chosen = set(
        Answer.objects.exclude(option=None).values_list("option__channel__code", flat=True)
    )
    assert chosen == {"instagram", "website"}
    assert Answer.objects.get(value__isnull=False).value == 4

    page.goto(f"/surveys/{survey.pk}/results/")
    expect(page.get_by_test_id("response-count")).to_contain_text("1 ответ")
    chart = page.get_by_test_id("result-chart").first
    expect(chart).to_be_visible()
    # Chart.js drew it: the canvas has a chart bound to it.
    page.wait_for_function("() => window.Chart && document.querySelector('canvas[data-chart]')")
    assert page.evaluate(
        "() => !!Chart.getChart(document.querySelector('[data-testid=result-chart]'))"
    )
    expect(page.get_by_test_id("texts").first).to_contain_text("Құқықтық кеңестер")

    page.get_by_test_id("make-post").click()
    expect(page.locator("body")).to_contain_text("Итоги опроса")
    survey.refresh_from_db()
    assert survey.post is not None and survey.post.plan.region == demo
    card = page.request.get(f"/brand/posts/{survey.post.pk}/cards/square.png")
    assert card.ok and card.headers["content-type"] == "image/png"

    page.goto(f"/dashboard/region/{demo.pk}/")
    expect(page.get_by_test_id("surveys-run")).to_have_text("1")
    channels = page.get_by_test_id("table-survey_channels")
    expect(channels).to_contain_text("Instagram")
    expect(channels).to_contain_text("Сайт профсоюза")
