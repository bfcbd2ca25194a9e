"""The sandbox answers the reach as the networks do: a post published through it
shows its reach after one collection, and its figures move from day to day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet

import networks
from branches.models import SocialPage
from channels import services
from channels.models import NetworkPost, PageDay, PostMeasurement
from channels.sandbox import fakes
from channels.sandbox.server import addresses, serve
from networks.base import Page

P = SocialPage.Platform


@pytest.fixture
def sandbox_server(settings):
    server = serve("127.0.0.1", 0)
    urls = addresses(server)
    settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
    settings.TELEGRAM_API_URL = urls["TELEGRAM_API_URL"]
    settings.TELEGRAM_PREVIEW_URL = urls["TELEGRAM_PREVIEW_URL"]
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    yield urls
    server.shutdown()


@pytest.mark.parametrize(
    ("platform", "account", "figure"),
    [
        (P.FACEBOOK_PAGE, "vko.profsoyuz", "reach"),
        (P.TELEGRAM, "@vko_profsoyuz", "views"),
    ],
)
def test_a_post_published_through_the_sandbox_shows_its_reach_after_one_collection(
    world, sandbox_server, platform, account, figure
):
    page = SocialPage.objects.create(region=world.region, platform=platform)
    connection = services.connection_save(page=page, user=None, token=fakes.TOKEN, account=account)
    assert services.connection_check(connection=connection)
    published = networks.get(platform).publish(
        token=fakes.TOKEN,
        page=Page(connection.account, connection.external_id),
        text="Разъяснение: как оплачивается сверхурочная работа педагога",
        images=[],
    )
    run = services.collect_all(pages=[page])
    assert run.measured == [page.pk] and run.reach > 0
    ours = PostMeasurement.objects.get(post__network_id=published.network_id)
    assert ours.age == PostMeasurement.Age.FIRST_DAY
    assert getattr(ours, figure) > 0
    # The page's older posts at their ages, each once.
    assert PostMeasurement.objects.filter(post__connection=connection, age__gt=0).exists()
    connection.refresh_from_db()
    assert connection.reach_error == ""


def test_instagram_and_the_pages_days_through_the_sandbox(world, sandbox_server):
    page = SocialPage.objects.create(region=world.region, platform=P.INSTAGRAM)
    connection = services.connection_save(
        page=page, user=None, token=fakes.TOKEN, account="17841400000000714"
    )
    assert services.connection_check(connection=connection)
    now = datetime.now(UTC)
    services.collect_reach(connection=connection, now=now)
    rows = PostMeasurement.objects.filter(post__connection=connection)
    assert rows.exists()
    assert all(row.reach is not None or row.note == "too_few_viewers" for row in rows)
    tomorrow = now + timedelta(days=1)
    services.collect_reach(connection=connection, now=tomorrow)
    days = list(PageDay.objects.filter(connection=connection).order_by("day"))
    assert len(days) == 2 and days[0].reach != days[1].reach  # the figures move
    assert NetworkPost.objects.filter(connection=connection).count() >= rows.count()


def test_the_sandbox_figures_grow_and_move_from_day_to_day():
    posted = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 19:00 in Almaty
    first = fakes.figures("104000000006200_3", posted, posted + timedelta(days=1))
    second = fakes.figures("104000000006200_3", posted, posted + timedelta(days=2))
    assert 0 < first["reach"] < second["reach"]
    morning = fakes.figures("104000000006200_3", posted.replace(hour=2), posted + timedelta(10))
    evening = fakes.figures("104000000006200_3", posted, posted + timedelta(days=10))
    assert evening["reach"] > morning["reach"]
