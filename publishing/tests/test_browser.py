"""In a real headless Chromium: a leader approves a plan whose post is due in a
minute; the minute's run publishes it to the sandbox's Telegram channel, and
the calendar shows the post published with the network's link."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone
from playwright.sync_api import expect

from branches.models import SocialPage
from channels import services as channel_services
from channels.sandbox import fakes, state
from channels.sandbox.server import addresses, serve
from conftest import log_in, log_out
from contentplan.models import Channel, MonthlyPlan, PlannedPost, Rubric
from contentplan.seed import load_channels
from portal.models import User
from publishing import services
from publishing.models import PublicationText

pytestmark = pytest.mark.browser


@pytest.fixture
def sandbox_server(settings, live_server):
    server = serve("127.0.0.1", 0)
    urls = addresses(server)
    settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
    settings.TELEGRAM_API_URL = urls["TELEGRAM_API_URL"]
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    settings.SITE_URL = live_server.url
    yield urls
    server.shutdown()


def test_an_approved_post_goes_out_and_shows_its_link(page, demo, sandbox_server):
    region = demo
    channel_page = SocialPage.objects.create(region=region, platform=SocialPage.Platform.TELEGRAM)
    connection = channel_services.connection_save(
        page=channel_page, user=None, token=fakes.TOKEN, account="@vko_profsoyuz"
    )
    assert channel_services.connection_check(connection=connection), connection.last_error

    due = (timezone.localtime() + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0)
    press = User.objects.get(username="press")
    plan = MonthlyPlan.objects.create(
        region=region,
        month=due.date().replace(day=1),
        status=MonthlyPlan.Status.ON_APPROVAL,
        submitted_by=press,
        created_by=press,
    )
    post = PlannedPost.objects.create(
        plan=plan,
        date=due.date(),
        time=due.time(),
        rubric=Rubric.objects.order_by("pk").first(),
        title="Форум молодых педагогов",
        origin=PlannedPost.Origin.OWN,
        status=PlannedPost.Status.APPROVED,
    )
    load_channels()
    post.channels.set([Channel.objects.get(code="telegram")])
    text = "Сегодня в Усть-Каменогорске прошёл форум молодых педагогов области."
    PublicationText.objects.create(post=post, text=text, image=PublicationText.Image.NONE)

    log_in(page, "leader")
    page.goto(plan.get_absolute_url())
    page.get_by_test_id("approve-form").locator("button").click()
    expect(page.get_by_test_id("approved-by")).to_be_visible()
    log_out(page)

    before = len(state.PUBLISHED)
    services.publish_due(now=due - datetime.timedelta(seconds=30))  # not yet
    assert len(state.PUBLISHED) == before
    services.publish_due(now=due)  # the beat of the post's minute
    services.publish_due(now=due + datetime.timedelta(minutes=1))  # and the next: nothing more
    sent = state.PUBLISHED[before:]
    assert [(entry["network"], entry["text"]) for entry in sent] == [("telegram", text)]
    link = sent[0]["permalink"]

    log_in(page, "press")
    page.goto(plan.calendar_url())
    page.get_by_test_id(f"day-{due.date().isoformat()}").get_by_test_id("chip").click()
    panel = page.get_by_test_id("post-panel")
    expect(panel.get_by_test_id("post-status")).to_contain_text("Опубликован")
    expect(panel.get_by_test_id("published-url")).to_have_attribute("href", link)
    publishing = panel.get_by_test_id("publishing-panel")
    expect(publishing.get_by_test_id("publication-link")).to_have_attribute("href", link)
    expect(publishing.get_by_test_id("publication-state")).to_contain_text("опубликован")

    # The press secretary corrects the text: it is edited on the channel by itself.
    corrected = "Форум молодых педагогов области перенесён на пятницу."
    publishing.locator("textarea[name=text]").fill(corrected)
    publishing.get_by_role("button", name="Сохранить текст").click()
    expect(publishing.get_by_test_id("publication-edit")).to_contain_text("обновляется")
    services.publish_due()  # the task's work, if no worker took it
    assert [e["text"] for e in state.PUBLISHED if e["permalink"] == link] == [corrected]

    # Deleting the post asks about the channel's copy, and deletes it there too.
    page.on("dialog", lambda dialog: dialog.accept())
    panel.get_by_test_id("post-delete").click()
    question = panel.get_by_test_id("delete-question")
    expect(question).to_contain_text("опубликован в сетях")
    expect(question.get_by_test_id("copy-telegram")).to_contain_text(link)
    question.get_by_test_id("delete-from-networks").click()
    expect(page.get_by_text("Пост удалён")).to_be_visible()
    services.publish_due()
    assert not [e for e in state.PUBLISHED if e["permalink"] == link]
