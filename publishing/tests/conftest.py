"""Approved posts due at a known minute, connected pages on a loopback server
that answers as the Bot API and the Graph API do (the channels' fixtures)."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from branches.models import SocialPage
from channels.tests import conftest as channel_fixtures
from contentplan.models import Channel, MonthlyPlan, PlannedPost
from contentplan.seed import load_channels
from contentplan.tests.factories import PlanFactory, PostFactory
from publishing.models import PublicationText

P = SocialPage.Platform
# The channels' loopback server and connections, shared.
network_server = channel_fixtures.network_server
network = channel_fixtures.network
connect = channel_fixtures.connect
graph_error = channel_fixtures.graph_error
BOT_TOKEN = channel_fixtures.BOT_TOKEN
DAY = datetime.date(2026, 3, 10)
AT = datetime.time(18, 0)
FB_PAGE = "104000000006200"
IG_USER = "17841400000000714"
TG_CHAT = "-1001000000001"


def wait_until(condition, *, seconds: float) -> bool:
    """Poll the condition until it holds or the deadline passes; returns whether
    it held. For a loopback handler that holds its answer until the test has
    seen what it waits for (an assertion there would only make a 500)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def moment(minutes: int = 0, day: datetime.date = DAY) -> datetime.datetime:
    """18:00 Asia/Almaty on the post's day, plus minutes."""
    return timezone.make_aware(datetime.datetime.combine(day, AT)) + datetime.timedelta(
        minutes=minutes
    )


@pytest.fixture
def make_post(world):
    """An approved post of an approved plan, due at 18:00 on 10 March 2026."""

    load_channels()  # a test on a live database may have emptied every table before

    def make(*codes, text="Сегодня в Усть-Каменогорске прошёл форум молодых педагогов.", **fields):
        plan = PlanFactory(region=world.region, month=DAY.replace(day=1))
        MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
        post = PostFactory(
            plan=plan,
            date=DAY,
            time=AT,
            status=PlannedPost.Status.APPROVED,
            channels=list(Channel.objects.filter(code__in=codes or ["telegram"])),
        )
        image = fields.pop("image", PublicationText.Image.NONE)
        PublicationText.objects.create(post=post, text=text, image=image, **fields)
        return post

    return make


@pytest.fixture
def telegram(connect):
    return connect(P.TELEGRAM, "@vko_profsoyuz", token=BOT_TOKEN, external_id=TG_CHAT)


@pytest.fixture
def facebook(connect):
    return connect(P.FACEBOOK_PAGE, "vko.profsoyuz", external_id=FB_PAGE)


@pytest.fixture
def instagram(connect):
    return connect(P.INSTAGRAM, IG_USER, external_id=IG_USER)


def calls(server, path: str, method: str = "POST") -> int:
    return sum(
        1 for request, _response in server.log if request.path == path and request.method == method
    )


def tg(method: str) -> str:
    return f"/bot{BOT_TOKEN}/{method}"


def telegram_message(message_id: int = 501) -> dict:
    return {
        "ok": True,
        "result": {
            "message_id": message_id,
            "chat": {"id": int(TG_CHAT), "type": "channel", "username": "vko_profsoyuz"},
            "date": 1773144000,
            "text": "…",
        },
    }
