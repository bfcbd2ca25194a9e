"""A post published through the sandbox (answering as Graph and the Bot API
do, and serving the channel's public page) shows its reach on its page and in
the calendar after one `collect_metrics`."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from branches.models import SocialPage
from channels import services as channel_services
from channels.sandbox import fakes
from channels.sandbox.server import addresses, serve
from contentplan.models import Channel, MonthlyPlan, PlannedPost
from contentplan.seed import load_channels
from contentplan.tests.factories import PlanFactory, PostFactory
from publishing import services as publishing
from publishing.models import Publication, PublicationText
from reach import posts

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


@pytest.mark.django_db(transaction=True)
def test_a_post_published_through_the_sandbox_shows_its_reach_after_one_collection(
    world, sandbox_server, client_for
):
    load_channels()  # a live database's test may have emptied every table
    for platform, account in [(P.FACEBOOK_PAGE, "vko.profsoyuz"), (P.TELEGRAM, "@vko_profsoyuz")]:
        page = SocialPage.objects.create(region=world.region, platform=platform)
        connection = channel_services.connection_save(
            page=page, user=None, token=fakes.TOKEN, account=account
        )
        assert channel_services.connection_check(connection=connection), connection.last_error
    now = timezone.localtime()
    plan = PlanFactory(region=world.region, month=now.date().replace(day=1))
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.APPROVED)
    post = PostFactory(
        plan=plan,
        date=now.date(),
        time=datetime.time(0, 0),
        status=PlannedPost.Status.APPROVED,
        channels=list(Channel.objects.filter(code__in=["facebook_page", "telegram"])),
    )
    PublicationText.objects.create(
        post=post,
        text="Разъяснение: как оплачивается сверхурочная работа педагога",
        image=PublicationText.Image.NONE,
    )
    publishing.publish_due(now=timezone.now())
    publishing.publish_due(now=timezone.now())
    assert set(Publication.objects.filter(post=post).values_list("state", flat=True)) == {"sent"}
    assert posts.reach_of_posts([post.pk]) == {}  # nothing measured yet
    client = client_for(world.users["press"])
    page = client.get(reverse("contentplan:post_detail", args=[post.pk])).content.decode()
    assert page.count("ещё не измерено") == 2

    call_command("collect_metrics")

    found = {row.code: row for row in posts.figures_of_posts([post.pk])[post.pk]}
    assert found["facebook_page"].state == posts.State.MEASURED and found["facebook_page"].reach > 0
    assert found["telegram"].from_public_page and found["telegram"].views > 0
    total = found["facebook_page"].reach + found["telegram"].views
    assert posts.reach_of_posts([post.pk]) == {post.pk: total}
    page = client.get(reverse("contentplan:post_detail", args=[post.pk])).content.decode()
    assert "ещё не измерено" not in page
    assert f"измерено {now.day} " in page
    day = reverse("contentplan:day", args=[now.year, f"{now.month:02d}", f"{now.day:02d}"])
    shown = client.get(day).content.decode().split('data-testid="day-post-reach"')[1]
    assert "охват" in shown.split("</span>")[0]
