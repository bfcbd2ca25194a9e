"""Collection: one measured snapshot a day per connected page, and the audit on it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from branches import services as page_services
from branches.forms import SnapshotForm
from branches.models import PageAudit, PageSnapshot, SocialPage
from channels import services
from channels.models import Connection
from channels.tasks import check_connection_task, collect_all_task, collect_connection_task

from .conftest import BOT_TOKEN, GRAPH, PAGE_TOKEN
from .test_facebook import PAGE_ID, post, serve_page


def report_snapshot(page, **figures):
    """The report's hand measurement of a month ago: an active page."""
    values = {
        "followers": 6200,
        "posts_30d": 30,
        "own_posts": 26,
        "reposts": 4,
        "last_own_post": timezone.localdate() - timedelta(days=31),
        "visual_quality": 4,
        **figures,
    }
    return PageSnapshot.objects.create(
        page=page,
        measured_on=timezone.localdate() - timedelta(days=30),
        source=PageSnapshot.Source.REPORT,
        **values,
    )


def test_the_command_measures_and_the_audit_follows_the_measured_data(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    report_snapshot(connection.page)
    page_services.audit_run(as_of=timezone.localdate() - timedelta(days=30))
    # The network says: no own post for 70 days, only shares since.
    serve_page(
        network,
        followers=5800,
        pages=[[post(2, share=True), post(9, share=True)], [post(70)]],
    )
    out = io.StringIO()
    call_command("collect_metrics", stdout=out)
    assert "Измерено страниц: 1, с ошибкой: 0." in out.getvalue()
    snapshot = PageSnapshot.objects.get(page=connection.page, measured_on=timezone.localdate())
    assert snapshot.source == PageSnapshot.Source.API
    assert snapshot.visual_quality == 4  # the last assessment, which no API gives
    audit = PageAudit.objects.get(page=connection.page, as_of=timezone.localdate())
    assert audit.snapshot == snapshot
    assert audit.verdict == PageAudit.Verdict.DORMANT
    codes = {reason["code"] for reason in audit.reasons}
    assert {"silent", "reposts", "followers_falling"} <= codes


def test_a_lively_page_by_its_measured_data(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(network, pages=[[post(day) for day in range(1, 25, 3)]])
    assert collect_connection_task.apply(args=[connection.pk]).get()
    audit = PageAudit.objects.get(page=connection.page)
    assert audit.verdict == PageAudit.Verdict.ACTIVE


def test_a_second_collection_the_same_day_refreshes_the_one_snapshot(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(network)
    assert services.connection_collect(connection=connection)
    assert services.connection_collect(connection=connection)
    assert PageSnapshot.objects.filter(page=connection.page).count() == 1


def test_a_hand_measurement_of_the_day_gives_way_to_the_network(network, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    PageSnapshot.objects.create(
        page=connection.page,
        measured_on=timezone.localdate(),
        followers=1,
        posts_30d=1,
        own_posts=1,
        reposts=0,
        visual_quality=2,
        note="На глаз.",
    )
    serve_page(network)
    assert services.connection_collect(connection=connection)
    snapshot = PageSnapshot.objects.get(page=connection.page)
    assert (snapshot.source, snapshot.followers, snapshot.visual_quality) == ("api", 6200, 2)
    assert snapshot.note.startswith("На глаз.")


def test_hand_entry_never_overwrites_or_edits_a_measured_snapshot(network, connect, world):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(network)
    assert services.connection_collect(connection=connection)
    data = {
        "measured_on": timezone.localdate(),
        "followers": 1,
        "posts_30d": 0,
        "own_posts": 0,
        "reposts": 0,
        "last_own_post": None,
        "visual_quality": None,
        "note": "",
    }
    with pytest.raises(page_services.SnapshotRefused):
        page_services.snapshot_record(page=connection.page, data=data, user=world.users["press"])
    measured = PageSnapshot.objects.get(page=connection.page)
    form = SnapshotForm(
        data={**data, "measured_on": data["measured_on"].isoformat(), "followers": 2},
        instance=measured,
    )
    assert not form.is_valid()
    assert PageSnapshot.objects.get(page=connection.page).followers == 6200


def test_one_failing_page_stops_no_other(network, connect, world):
    broken = connect(SocialPage.Platform.TELEGRAM, "-100777", token=BOT_TOKEN)
    working = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID, branch=world.branch)
    network.expect_request(f"/bot{BOT_TOKEN}/getUpdates").respond_with_data("oops", status=200)
    serve_page(network)
    assert collect_all_task.apply().get() == {"measured": 1, "failed": 1, "waiting": 0}
    broken.refresh_from_db()
    assert broken.error_code == "malformed"
    assert PageSnapshot.objects.filter(page=working.page).count() == 1


def test_closed_pages_and_expired_connections_are_not_called(network, connect, world):
    expired = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID, status="expired")
    closed = connect(SocialPage.Platform.INSTAGRAM, "1784", branch=world.branch)
    SocialPage.objects.filter(pk=closed.page_id).update(lifecycle=SocialPage.Lifecycle.CLOSED)
    assert services.collect_all().measured == []
    assert network.log == []
    assert not collect_connection_task.apply(args=[expired.pk]).get()


def test_the_check_task_checks_once_then_measures(network, world):
    page = SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    connection = services.connection_save(
        page=page, user=world.users["press"], token=PAGE_TOKEN, account=PAGE_ID
    )
    serve_page(network)
    assert check_connection_task.apply(args=[connection.pk]).get()
    assert not check_connection_task.apply(args=[connection.pk]).get()  # checked already
    assert Connection.objects.get(pk=connection.pk).status == Connection.Status.WORKING
    assert PageSnapshot.objects.filter(page=page, source="api").count() == 1


def test_collect_metrics_for_one_page(network, connect, world):
    one = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    connect(SocialPage.Platform.INSTAGRAM, "1784", branch=world.branch)
    serve_page(network)
    out = io.StringIO()
    call_command("collect_metrics", "--page", str(one.page_id), stdout=out)
    assert "Измерено страниц: 1, с ошибкой: 0." in out.getvalue()
    assert all(request.path.startswith(f"{GRAPH}/{PAGE_ID}") for request, _ in network.log)


def test_connect_channel_reads_the_token_from_standard_input(network, world, monkeypatch):
    page = SocialPage.objects.create(
        region=world.region,
        platform=SocialPage.Platform.FACEBOOK_PAGE,
        url=f"https://www.facebook.com/profile.php?id={PAGE_ID}",
    )
    serve_page(network)
    monkeypatch.setattr("sys.stdin", io.StringIO(PAGE_TOKEN + "\n"))
    out = io.StringIO()
    call_command("connect_channel", str(page.pk), stdout=out)
    assert "Подключено" in out.getvalue() and "Первый замер сохранён." in out.getvalue()
    assert PAGE_TOKEN not in out.getvalue()
    connection = Connection.objects.get(page=page)
    assert connection.secret_tail == PAGE_TOKEN[-4:]
    assert PAGE_TOKEN not in connection.secret
    sent = [request.args.get("access_token") for request, _ in network.log]
    assert set(sent) == {PAGE_TOKEN}
