"""In a real headless Chromium: a post written once, in the post's own form,
goes out with that text (issue 32, item 1). The press secretary fills the
form's «Текст публикации»; at the post's minute the portal publishes it to
the sandbox's Telegram channel — the path publishing's own journey uses."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from branches.models import SocialPage
from channels import services as channel_services
from channels.sandbox import fakes, state
from conftest import log_in
from contentplan.models import Channel, MonthlyPlan, PlannedPost
from contentplan.seed import load_channels
from portal import dates
from portal.models import User
from publishing import services as publishing
from publishing.tests.test_browser import sandbox_server  # noqa: F401

pytestmark = pytest.mark.browser

TEXT = "Сегодня в Усть-Каменогорске прошёл форум молодых педагогов области."


def test_a_post_written_in_its_form_goes_out_with_that_text(page, demo, sandbox_server):  # noqa: F811
    region = demo
    channel_page = SocialPage.objects.create(region=region, platform=SocialPage.Platform.TELEGRAM)
    connection = channel_services.connection_save(
        page=channel_page, user=None, token=fakes.TOKEN, account="@vko_profsoyuz"
    )
    assert channel_services.connection_check(connection=connection), connection.last_error
    load_channels()
    due = (timezone.localtime() + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    press = User.objects.get(username="press")
    plan = MonthlyPlan.objects.create(
        region=region, month=dates.first_day(due.date()), created_by=press
    )

    # The press secretary writes the post once, in its form.
    log_in(page, "press")
    page.goto(reverse("contentplan:post_create", args=[plan.pk]) + f"?date={due.date()}")
    form = page.get_by_test_id("post-form")
    form.locator("[name=time]").fill(f"{due:%H:%M}")
    form.locator("[name=rubric]").select_option(label="Освещение мероприятий")
    form.locator("[name=title]").fill("Форум молодых педагогов")
    form.get_by_label("Текст публикации").fill(TEXT)
    telegram = Channel.objects.get(code="telegram")
    form.locator(f"[name=channels][value='{telegram.pk}']").check()
    form.get_by_test_id("save-post").click()
    expect(page.get_by_test_id("post-panel")).to_contain_text("Форум молодых педагогов")
    # The publishing panel shows the same text: nothing to write a second time.
    publishing_panel = page.get_by_test_id("publishing-panel")
    expect(publishing_panel.locator("textarea[name=text]")).to_have_value(TEXT)

    # Approved (the leader's page is another journey's), it goes out at its minute.
    post = PlannedPost.objects.get(plan=plan, title="Форум молодых педагогов")
    PlannedPost.objects.filter(pk=post.pk).update(status=PlannedPost.Status.APPROVED)
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    before = len(state.PUBLISHED)
    publishing.publish_due(now=due)
    sent = state.PUBLISHED[before:]
    assert [(entry["network"], entry["text"]) for entry in sent] == [("telegram", TEXT)]
