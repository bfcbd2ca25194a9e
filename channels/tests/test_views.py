"""The connection pages: who may do what, and the token never coming back."""

from __future__ import annotations

import logging

from django.core import mail
from django.urls import reverse

from branches.models import SocialPage
from channels import services
from channels.models import Connection
from portal.tasks import deliver_outbox_task

from .conftest import GRAPH, PAGE_TOKEN, graph_error
from .test_facebook import PAGE_ID, serve_page


def region_page(world, platform=SocialPage.Platform.FACEBOOK_PAGE, **fields):
    return SocialPage.objects.create(region=world.region, platform=platform, **fields)


def test_press_connects_a_page_and_a_worker_checks_it(
    world, client_for, network, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(
        "portal.infrastructure.broker.send_now", lambda name, args=(), **o: sent.append(name)
    )
    page = region_page(world)
    client = client_for(world.users["press"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("channels:connect", args=[page.pk]),
            {"account": PAGE_ID, "token": PAGE_TOKEN},
            follow=True,
        )
    assert response.status_code == 200
    assert sent == ["channels.tasks.check_connection_task"]
    assert network.log == []  # the request did not wait for the network
    connection = Connection.objects.get(page=page)
    assert connection.status == Connection.Status.CHECKING
    page_text = response.content.decode()
    assert "проверяется" in page_text
    assert f"…оканчивается на {PAGE_TOKEN[-4:]}" in page_text
    assert PAGE_TOKEN not in page_text


def test_a_refused_form_does_not_send_the_token_back(world, client_for, network):
    page = region_page(world, platform=SocialPage.Platform.TELEGRAM)
    response = client_for(world.users["press"]).post(
        reverse("channels:connect", args=[page.pk]), {"token": "short"}
    )
    assert response.status_code == 400
    assert "Укажите, какой аккаунт подключить" in response.content.decode()
    assert 'value="short"' not in response.content.decode()


def test_a_platform_without_an_api_says_it_is_measured_by_hand(world, client_for):
    page = region_page(world, platform=SocialPage.Platform.AITU)
    client = client_for(world.users["press"])
    detail = client.get(reverse("channels:page_connection", args=[page.pk])).content.decode()
    assert "измеряется вручную" in detail or "измеряется вручную или импортом" in detail
    assert 'data-testid="connect-form"' not in detail
    listing = client.get(reverse("channels:connection_list")).content.decode()
    assert "измеряется вручную" in listing
    refused = client.post(reverse("channels:connect", args=[page.pk]), {"token": "x" * 20})
    assert refused.status_code == 404


def test_central_sees_every_region_and_changes_nothing(world, client_for, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    other = SocialPage.objects.create(
        region=world.other_region, platform=SocialPage.Platform.TELEGRAM
    )
    Connection.objects.create(page=other, account="@pavlodar", status="failing")
    client = client_for(world.users["central"])
    listing = client.get(reverse("channels:connection_list")).content.decode()
    assert "Павлодарская область" in listing and "сбой" in listing and "работает" in listing
    detail = client.get(reverse("channels:page_connection", args=[connection.page_id]))
    assert 'data-testid="connect-form"' not in detail.content.decode()
    assert "Проверить сейчас" not in detail.content.decode()
    assert client.post(reverse("channels:disconnect", args=[connection.page_id])).status_code == 404


def test_check_now_queues_one_collection(world, client_for, connect, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "channels.services.send_after_commit", lambda name, args: queued.append((name, args))
    )
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    client = client_for(world.users["press"])
    address = reverse("channels:collect_now", args=[connection.page_id])
    first = client.post(address, follow=True).content.decode()
    second = client.post(address, follow=True).content.decode()
    assert queued == [("channels.tasks.collect_connection_task", [connection.pk])]
    assert "Замер поставлен в очередь" in first
    assert "меньше минуты назад" in second


def test_disconnecting_keeps_the_measurements(world, client_for, connect, network):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, PAGE_ID)
    serve_page(network)
    services.connection_collect(connection=connection)
    client_for(world.users["press"]).post(reverse("channels:disconnect", args=[connection.page_id]))
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert connection.page.snapshots.count() == 1


def test_the_token_appears_in_no_response_log_line_or_email(
    world, client_for, network, caplog, django_capture_on_commit_callbacks, monkeypatch
):
    """The whole life of a connection, with every log record and letter captured."""
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr("portal.infrastructure.broker.send_now", lambda *a, **k: True)
    page = region_page(world)
    press = client_for(world.users["press"])
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        seen.append(
            press.post(
                reverse("channels:connect", args=[page.pk]),
                {"account": PAGE_ID, "token": PAGE_TOKEN},
                follow=True,
            )
        )
    connection = Connection.objects.get(page=page)
    serve_page(network)
    services.connection_collect(connection=connection)  # checks, then measures
    network.clear()
    network.expect_request(f"{GRAPH}/{PAGE_ID}").respond_with_json(
        graph_error(190, f"Error validating access token {PAGE_TOKEN}"), status=400
    )
    services.connection_collect(connection=connection)  # expired: press is told
    with django_capture_on_commit_callbacks(execute=True):
        deliver_outbox_task.apply()
    seen.append(press.get(reverse("channels:page_connection", args=[page.pk])))
    seen.append(press.get(reverse("channels:connection_list")))
    seen.append(press.get(reverse("branches:page_detail", args=[page.pk])))
    seen.append(press.get(reverse("portal:notification_list")))
    seen.append(client_for(world.users["central"]).get(reverse("channels:connection_list")))

    assert mail.outbox, "the expiry letter was sent"
    for response in seen:
        assert response.status_code == 200
        assert PAGE_TOKEN not in response.content.decode()
    for letter in mail.outbox:
        assert PAGE_TOKEN not in letter.subject + letter.body
        assert PAGE_TOKEN not in letter.message().as_string()
    # The loopback server's own request log ("werkzeug") is the network's side.
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert ours, "something was logged"
    for record in ours:
        assert PAGE_TOKEN not in record.getMessage()
    assert PAGE_TOKEN not in Connection.objects.get(page=page).secret


def test_a_bot_token_appears_in_no_response_log_line_or_email(
    world, client_for, network, caplog, django_capture_on_commit_callbacks, monkeypatch
):
    """The same for a Telegram bot token, which travels in the API's very address."""
    from .conftest import BOT_TOKEN
    from .test_telegram import BOT, refusal, serve_channel

    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr("portal.infrastructure.broker.send_now", lambda *a, **k: True)
    page = region_page(world, platform=SocialPage.Platform.TELEGRAM)
    press = client_for(world.users["press"])
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        seen.append(
            press.post(
                reverse("channels:connect", args=[page.pk]),
                {"account": "@vko", "token": BOT_TOKEN},
                follow=True,
            )
        )
    connection = Connection.objects.get(page=page)
    serve_channel(network)
    assert services.connection_collect(connection=connection)
    network.clear()
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(
        refusal(401, f"Unauthorized: bot{BOT_TOKEN}"), status=401
    )
    assert not services.connection_collect(connection=connection)  # expired: press is told
    with django_capture_on_commit_callbacks(execute=True):
        deliver_outbox_task.apply()
    seen.append(press.get(reverse("channels:page_connection", args=[page.pk])))
    seen.append(press.get(reverse("channels:connection_list")))
    seen.append(press.get(reverse("portal:notification_list")))
    seen.append(press.get(reverse("dashboards:region", args=[world.region.pk])))
    seen.append(client_for(world.users["central"]).get(reverse("channels:connection_list")))
    assert mail.outbox, "the expiry letter was sent"
    for response in seen:
        assert response.status_code == 200
        assert BOT_TOKEN not in response.content.decode()
    for letter in mail.outbox:
        assert BOT_TOKEN not in letter.message().as_string()
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert ours, "something was logged"
    for record in ours:
        assert BOT_TOKEN not in record.getMessage()
        assert BOT_TOKEN.split(":")[1] not in record.getMessage()
