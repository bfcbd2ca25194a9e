"""In a real headless Chromium: an anonymous member asks, `press` answers, makes the
answer a FAQ post and publishes it, and the answer appears on the public FAQ page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in, log_out
from questions.models import Question

pytestmark = pytest.mark.browser

QUESTION = "Можно ли разделить трудовой отпуск на две части?"
ANSWER = "Да, по соглашению сторон; одна часть не короче двух недель."


def test_member_asks_press_answers_and_publishes(page, demo):
    page.goto("/ask/")
    form = page.get_by_test_id("ask-form")
    form.locator("[name=topic]").select_option("leave")
    form.locator("[name=text]").fill(QUESTION)
    form.locator("[name=branch]").select_option(label="г. Усть-Каменогорск")
    # Choosing the branch loads its organisations (htmx).
    expect(form.locator("[name=organisation] option")).not_to_have_count(1)
    form.locator("[name=organisation]").select_option(index=1)
    form.locator("[name=name]").fill("Айгуль Серикова")
    form.locator("[name=email]").fill("aigul@example.kz")
    form.locator("[name=consent]").check()
    form.get_by_test_id("send-question").click()
    reference = page.get_by_test_id("reference")
    expect(reference).to_have_text(Question.objects.get().reference)
    question = Question.objects.get()
    assert question.branch.name == "г. Усть-Каменогорск" and question.organisation

    log_in(page, "press")
    page.goto("/ask/queue/")
    expect(page.get_by_test_id("queue-row")).to_have_count(1)
    page.get_by_role("link", name=question.reference).click()
    expect(page.get_by_test_id("asker-email")).to_have_text("aigul@example.kz")
    page.get_by_test_id("answer-form").locator("[name=answer]").fill(ANSWER)
    page.get_by_test_id("save-answer").click()
    expect(page.get_by_test_id("question-status")).to_have_attribute("data-status", "answered")

    day = timezone.localdate() + datetime.timedelta(days=3)
    post_form = page.get_by_test_id("post-form")
    post_form.locator("[name=date]").fill(day.isoformat())
    post_form.locator("[name=rubric]").select_option(label="Ответы на частые вопросы")
    page.get_by_test_id("make-post").click()
    expect(page.get_by_test_id("became-post")).to_be_visible()

    publish = page.get_by_test_id("publish-form")
    publish.locator("[name=publish]").check()
    page.get_by_test_id("save-publish").click()
    expect(page.get_by_test_id("on-faq")).to_be_visible()
    log_out(page)

    question.refresh_from_db()
    assert question.post.rubric.name == "Ответы на частые вопросы"
    assert question.post.date == day
    assert "Айгуль" not in question.post.brief and "aigul@" not in question.post.brief

    page.goto("/ask/faq/?q=ОТПУСК")
    expect(page.get_by_test_id("faq-question")).to_have_text(QUESTION)
    expect(page.get_by_test_id("faq-answer")).to_contain_text(ANSWER)
    expect(page.locator("body")).not_to_contain_text("Айгуль")
