"""A whole union's collection in parts that workers take side by side (issue 33).

The daily collection splits its pages into parts (a region's together, at most
CHANNELS_COLLECT_PART_SIZE each); each part is a task, so two workers measure
two regions at once and a slow region holds up no other. The parts of one run
share the limits a network names (through the cache), so Graph's application
limit met in one part stops Graph calls in every part; a part delivered again
calls no page it already measured.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import Connection
from channels.tasks import collect_all_task, collect_part_task

from .conftest import BOT_TOKEN, GRAPH
from .test_rate_limits import APP_LIMIT, calls, serve_bot, serve_graph_page, token

FB = SocialPage.Platform.FACEBOOK_PAGE
TG = SocialPage.Platform.TELEGRAM


@pytest.fixture
def connect_in(network, world):
    """connect_in(region, platform, account, token): a working connection there."""

    def make(region, platform, account, *, secret):
        page = SocialPage.objects.create(region=region, platform=platform)
        press = world.users["press" if region == world.region else "other_press"]
        connection = services.connection_save(page=page, user=press, token=secret, account=account)
        Connection.objects.filter(pk=connection.pk).update(
            external_id=account, status=Connection.Status.WORKING
        )
        connection.refresh_from_db()
        return connection

    return make


def test_parts_keep_a_region_together_and_stay_small(connect_in, world):
    here = [connect_in(world.region, FB, f"10450000000000{n}", secret=token(n)) for n in range(3)]
    there = [
        connect_in(world.other_region, FB, f"10460000000000{n}", secret=token(n + 3))
        for n in range(2)
    ]
    parts = services.collect_parts(size=2)
    assert sorted(map(sorted, parts)) == sorted(
        [
            sorted(c.pk for c in here[:2]),
            [here[2].pk],
            sorted(c.pk for c in there),
        ]
    )


def test_an_app_limit_met_in_one_part_holds_every_part(connect_in, world, network, settings):
    settings.CHANNELS_MAX_WAIT_SECONDS = 0.05
    settings.CHANNELS_COLLECT_PART_SIZE = 2
    pages = [
        connect_in(region, FB, f"1047{index}0000000000{n}", secret=token(10 * index + n))
        for index, region in enumerate([world.region, world.other_region])
        for n in range(2)
    ]
    channel = connect_in(world.other_region, TG, "-1001234567890", secret=BOT_TOKEN)
    network.expect_request(re.compile(f"^{GRAPH}/")).respond_with_json(APP_LIMIT, status=403)
    serve_bot(network, BOT_TOKEN)

    summary = collect_all_task.apply().get()

    # The first part's first call meets the limit; no other part calls Graph.
    assert len(calls(network, f"{GRAPH}/")) == 1
    assert summary == {"measured": 1, "failed": 0, "waiting": 4}
    assert all(not PageSnapshot.objects.filter(page=c.page).exists() for c in pages)
    assert PageSnapshot.objects.filter(page=channel.page).exists()


def test_a_part_delivered_again_calls_no_page_it_measured(connect_in, world, network):
    first, second = (
        connect_in(world.region, FB, f"10480000000000{n}", secret=token(n)) for n in range(2)
    )
    for connection in (first, second):
        serve_graph_page(network, connection.external_id)
    started = timezone.now() - timedelta(seconds=1)
    assert collect_part_task.apply(args=[[first.pk], "run-1", started.isoformat()]).get() == {
        "measured": 1,
        "failed": 0,
        "waiting": 0,
    }
    # Its worker died before it was acknowledged: the broker hands it out again.
    again = collect_part_task.apply(args=[[first.pk, second.pk], "run-1", started.isoformat()])
    assert again.get() == {"measured": 1, "failed": 0, "waiting": 0}
    asked = calls(network, f"{GRAPH}/")
    assert asked.count(f"{GRAPH}/{first.external_id}") == 1
    assert asked.count(f"{GRAPH}/{second.external_id}") == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_measure_two_regions_at_once(
    connect_in, world, network, settings, monkeypatch, redis_available
):
    """Each region's page answers only once the other region's page has been
    asked too: one worker going through the parts in turn would wait out its
    time-out on the first; two take a region each and both are measured."""
    from conftest import running_worker

    settings.CHANNELS_TIMEOUT_SECONDS = 20
    settings.CHANNELS_RETRIES = 0
    here = connect_in(world.region, FB, "104900000000001", secret=token(1))
    there = connect_in(world.other_region, FB, "104900000000002", secret=token(2))
    both_asked = threading.Barrier(2, timeout=15)

    def page(request):
        from werkzeug import Response

        both_asked.wait()
        page_id = request.path.rsplit("/", 1)[-1]
        return Response(
            f'{{"id": "{page_id}", "followers_count": 700}}', content_type="application/json"
        )

    for connection in (here, there):
        network.expect_request(f"{GRAPH}/{connection.external_id}").respond_with_handler(page)
        network.expect_request(f"{GRAPH}/{connection.external_id}/posts").respond_with_json(
            {"data": []}
        )
    for name in ("TELEGRAM_API_URL", "GRAPH_API_URL", "TELEGRAM_PREVIEW_URL", "CHANNELS_KEY"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    monkeypatch.setenv("CHANNELS_TIMEOUT_SECONDS", "20")
    monkeypatch.setenv("CHANNELS_RETRIES", "0")
    monkeypatch.setenv("CHANNELS_COLLECT_THREADS", "1")  # the parts, not the threads

    with running_worker(redis_available) as one, running_worker(redis_available, queue=one.queue):
        sent = collect_all_task.apply_async(queue=one.queue).get(timeout=60)
        assert sent == {"parts": 2, "connections": 2}
        deadline = time.monotonic() + 60
        while PageSnapshot.objects.filter(page__in=[here.page, there.page]).count() < 2:
            assert time.monotonic() < deadline, "the two regions were not measured in a minute"
            time.sleep(0.2)
    assert set(PageSnapshot.objects.values_list("followers", flat=True)) == {700}


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_part_measures_its_pages_side_by_side_on_postgresql(
    connect_in, world, network, settings, monkeypatch, redis_available
):
    """One worker process, one part of two pages, each page answering only once
    the other has been asked: the part's threads measure both at once."""
    from django.db import connection as db

    from conftest import require, running_worker

    require(db.vendor == "postgresql", "the threads of a part run on PostgreSQL only")
    pages = [connect_in(world.region, FB, f"10491000000000{n}", secret=token(n)) for n in range(2)]
    both_asked = threading.Barrier(2, timeout=15)

    def page(request):
        from werkzeug import Response

        both_asked.wait()
        page_id = request.path.rsplit("/", 1)[-1]
        return Response(
            f'{{"id": "{page_id}", "followers_count": 800}}', content_type="application/json"
        )

    for connection in pages:
        network.expect_request(f"{GRAPH}/{connection.external_id}").respond_with_handler(page)
        network.expect_request(f"{GRAPH}/{connection.external_id}/posts").respond_with_json(
            {"data": []}
        )
    for name in ("TELEGRAM_API_URL", "GRAPH_API_URL", "TELEGRAM_PREVIEW_URL", "CHANNELS_KEY"):
        monkeypatch.setenv(name, str(getattr(settings, name)))
    monkeypatch.setenv("CHANNELS_TIMEOUT_SECONDS", "20")
    monkeypatch.setenv("CHANNELS_RETRIES", "0")
    monkeypatch.setenv("CHANNELS_COLLECT_THREADS", "4")

    with running_worker(redis_available) as worker:
        sent = collect_all_task.apply_async(queue=worker.queue).get(timeout=60)
        assert sent == {"parts": 1, "connections": 2}
        deadline = time.monotonic() + 60
        while PageSnapshot.objects.filter(page__in=[c.page for c in pages]).count() < 2:
            assert time.monotonic() < deadline, "the part did not measure both pages in a minute"
            time.sleep(0.2)
    assert set(PageSnapshot.objects.values_list("followers", flat=True)) == {800}
