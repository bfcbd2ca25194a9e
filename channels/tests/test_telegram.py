"""A Telegram channel measured through the Bot API, against a loopback server."""

from __future__ import annotations

import json
import time
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from branches.models import PageSnapshot, SocialPage
from channels import services
from channels.models import ChannelPost, Connection
from portal.models import Notification

from .conftest import BOT_TOKEN

CHAT_ID = -1001234567890
BOT = f"/bot{BOT_TOKEN}"


def ok(result) -> dict:
    return {"ok": True, "result": result}


def refusal(code: int, description: str, **parameters) -> dict:
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


def channel_post(update_id: int, message_id: int, days_ago: float, **extra) -> dict:
    when = int((timezone.now() - timedelta(days=days_ago)).timestamp())
    message = {
        "message_id": message_id,
        "sender_chat": {"id": CHAT_ID, "title": "Профсоюз ВКО", "type": "channel"},
        "chat": {"id": CHAT_ID, "title": "Профсоюз ВКО", "type": "channel", "username": "vko"},
        "date": when,
        "text": "Новость",
        **extra,
    }
    return {"update_id": update_id, "channel_post": message}


FORWARD = {
    "forward_origin": {
        "type": "channel",
        "chat": {"id": -100999, "title": "ЦК", "type": "channel"},
        "message_id": 7,
        "date": 1733300000,
    }
}


def serve_channel(network, *, members=380, updates=()):
    network.expect_request(f"{BOT}/getMe", method="POST").respond_with_json(
        ok({"id": 7012345678, "is_bot": True, "first_name": "Profinfo", "username": "pf_bot"})
    )
    network.expect_request(f"{BOT}/getChat", method="POST").respond_with_json(
        ok({"id": CHAT_ID, "type": "channel", "title": "Профсоюз ВКО", "username": "vko"})
    )
    network.expect_request(f"{BOT}/getChatMemberCount", method="POST").respond_with_json(
        ok(members)
    )
    batches = [list(updates), []]

    def get_updates(request):
        offset = json.loads(request.data)["offset"]
        batch = [u for u in batches[0] if u["update_id"] >= offset]
        from werkzeug import Response

        return Response(json.dumps(ok(batch)), content_type="application/json")

    network.expect_request(f"{BOT}/getUpdates", method="POST").respond_with_handler(get_updates)


def test_connecting_checks_the_bot_and_the_channel_then_measures(network, world):
    page = SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.TELEGRAM, url="https://t.me/vko"
    )
    connection = services.connection_save(page=page, user=world.users["press"], token=BOT_TOKEN)
    assert connection.account == "@vko"
    serve_channel(
        network,
        updates=[
            channel_post(10, 1, 3),
            channel_post(11, 2, 1, **FORWARD),
            channel_post(12, 3, 0.2),
            {"update_id": 13, "message": {"message_id": 9, "chat": {"id": 5}}},
        ],
    )
    assert services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert (connection.external_id, connection.bot_id) == (str(CHAT_ID), "7012345678")
    assert connection.telegram_offset == 14
    snapshot = PageSnapshot.objects.get(page=page)
    assert (snapshot.followers, snapshot.posts_30d) == (380, 3)
    assert (snapshot.own_posts, snapshot.reposts) == (2, 1)  # the forward is a repost
    assert snapshot.last_own_post == timezone.localdate(timezone.now() - timedelta(days=0.2))
    # Once taken, updates are not counted twice.
    assert services.connection_collect(connection=connection)
    assert ChannelPost.objects.filter(connection=connection).count() == 3


def test_a_chat_that_is_not_a_channel_is_refused(network, world):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.TELEGRAM)
    connection = services.connection_save(
        page=page, user=world.users["press"], token=BOT_TOKEN, account="@somegroup"
    )
    network.expect_request(f"{BOT}/getMe").respond_with_json(ok({"id": 1, "is_bot": True}))
    network.expect_request(f"{BOT}/getChat").respond_with_json(
        ok({"id": -100555, "type": "supergroup", "title": "Группа"})
    )
    assert not services.connection_check(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.REFUSED
    assert connection.last_error == "Этот чат Telegram — не канал."


def test_a_revoked_bot_token_expires_the_connection(network, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(
        refusal(401, "Unauthorized"), status=401
    )
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.EXPIRED
    assert Notification.objects.filter(user__username="press").count() == 1
    assert not PageSnapshot.objects.filter(page=connection.page).exists()


def test_a_bot_removed_from_the_channel_lacks_rights_its_token_is_not_expired(network, connect):
    """403 is a valid bot without the right (removed, not an administrator): the
    page is refused with what to do, the token is kept, and the next collection
    calls again, so making the bot an administrator again mends it. Only 401
    (above) expires the connection."""
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(ok([]))
    network.expect_oneshot_request(f"{BOT}/getChatMemberCount").respond_with_json(
        refusal(403, "Forbidden: bot is not a member of the channel chat"), status=403
    )
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert (connection.status, connection.error_code) == ("refused", "no_permission")
    assert "администратором канала" in connection.last_error
    assert not Notification.objects.filter(key__startswith="channel-expired").exists()
    # The press secretary is told once, in words, with the way to mend it.
    told = Notification.objects.get(key__startswith="channel-refused")
    assert told.user.username == "press"
    assert "отказывает" in told.title and "администратором канала" in told.body
    # Refused again at the next collection: nobody is told twice.
    network.expect_oneshot_request(f"{BOT}/getChatMemberCount").respond_with_json(
        refusal(403, "Forbidden: bot is not a member of the channel chat"), status=403
    )
    assert not services.connection_collect(connection=connection)
    assert Notification.objects.filter(key__startswith="channel-refused").count() == 1
    # The bot is an administrator again: the next collection measures the page.
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json(ok(380))
    assert services.collectable().filter(pk=connection.pk).exists()
    assert services.connection_collect(connection=connection)


def test_a_vanished_channel(network, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(ok([]))
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json(
        refusal(400, "Bad Request: chat not found"), status=400
    )
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.REFUSED
    assert connection.error_code == "not_found"


def test_retry_after_is_waited_out(network, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(ok([]))
    network.expect_oneshot_request(f"{BOT}/getChatMemberCount").respond_with_json(
        refusal(429, "Too Many Requests: retry after 1", retry_after=1), status=429
    )
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json(ok(381))
    started = time.monotonic()
    assert services.connection_collect(connection=connection)
    assert time.monotonic() - started >= 1
    assert PageSnapshot.objects.get(page=connection.page).followers == 381


def test_a_missing_result_writes_no_zero(network, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(ok([]))
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json({"ok": True})
    assert not services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert connection.error_code == "missing_field"
    assert not PageSnapshot.objects.filter(page=connection.page).exists()


def test_a_webhook_elsewhere_leaves_nothing_to_poll(network, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(
        refusal(409, "Conflict: can't use getUpdates method while webhook is active"),
        status=409,
    )
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json(ok(12))
    assert services.connection_collect(connection=connection)


def test_with_an_https_site_the_check_sets_a_webhook_with_a_secret(network, world, settings):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.TELEGRAM)
    connection = services.connection_save(
        page=page, user=world.users["press"], token=BOT_TOKEN, account="@vko"
    )
    serve_channel(network)
    settings.SITE_URL = "https://profinfo.example.kz"
    network.expect_request(f"{BOT}/setWebhook").respond_with_json(ok(True))
    assert services.connection_check(connection=connection)
    sent = next(json.loads(r.data) for r, _ in network.log if r.path.endswith("/setWebhook"))
    assert sent["url"] == f"https://profinfo.example.kz/connections/telegram/{connection.pk}/"
    assert sent["secret_token"] == services.webhook_secret(connection)
    assert sent["allowed_updates"] == ["channel_post"]
    connection.refresh_from_db()
    assert connection.webhook


def test_the_webhook_takes_posts_with_the_secret_only(client, connect):
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    address = reverse("channels:telegram_webhook", args=[connection.pk])
    update = json.dumps(channel_post(20, 5, 0.1, **FORWARD))
    refused = client.post(
        address,
        update,
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN="wrong",
    )
    assert refused.status_code == 403
    taken = client.post(
        address,
        update,
        content_type="application/json",
        HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN=services.webhook_secret(connection),
    )
    assert taken.status_code == 200
    post = ChannelPost.objects.get(connection=connection)
    assert (post.message_id, post.forwarded) == (5, True)


def _run_tasks_at_once(monkeypatch):
    """The broker hands each task to this process at once (the worker's code, no Redis)."""
    import channels.tasks  # noqa: F401  (registers the tasks)
    from config.celery import app

    def send_now(name, args=(), **options):
        app.tasks[name].apply(args=list(args))
        return True

    monkeypatch.setattr("portal.infrastructure.broker.send_now", send_now)


def test_disconnecting_a_channel_with_a_webhook_deletes_the_webhook(
    network, connect, client_for, world, monkeypatch, django_capture_on_commit_callbacks
):
    _run_tasks_at_once(monkeypatch)
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN, webhook=True)
    network.expect_request(f"{BOT}/deleteWebhook", method="POST").respond_with_json(ok(True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["press"]).post(
            reverse("channels:disconnect", args=[connection.page_id])
        )
    assert response.status_code == 302
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert [r.path for r, _ in network.log] == [f"{BOT}/deleteWebhook"]


def test_a_failed_delete_webhook_is_logged_without_the_token_and_still_disconnects(
    network, connect, client_for, world, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import logging

    caplog.set_level(logging.DEBUG)
    _run_tasks_at_once(monkeypatch)
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN, webhook=True)
    network.expect_request(f"{BOT}/deleteWebhook").respond_with_json(
        refusal(401, f"Unauthorized: bot{BOT_TOKEN}"), status=401
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["press"]).post(
            reverse("channels:disconnect", args=[connection.page_id]), follow=True
        )
    assert response.status_code == 200
    assert "отключена" in response.content.decode()
    assert not Connection.objects.filter(pk=connection.pk).exists()
    ours = [r for r in caplog.records if not r.name.startswith("werkzeug")]
    assert any("webhook not deleted" in r.getMessage() for r in ours)
    for record in ours:
        assert BOT_TOKEN not in record.getMessage()
        assert BOT_TOKEN[-12:] not in str(record.args)


def test_a_polled_channel_is_disconnected_without_calling_telegram(
    network, connect, client_for, world, monkeypatch, django_capture_on_commit_callbacks
):
    _run_tasks_at_once(monkeypatch)
    connection = connect(SocialPage.Platform.TELEGRAM, str(CHAT_ID), token=BOT_TOKEN)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.users["press"]).post(
            reverse("channels:disconnect", args=[connection.page_id])
        )
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert network.log == []


def test_a_first_check_that_failed_is_checked_again_before_anything_is_measured(
    network, world, settings
):
    """A first check cut short (a 502 here, a time-out alike) leaves a failing
    connection that has no channel id yet: the next collection checks it
    again, and never asks the network about a chat with an empty name."""
    settings.CHANNELS_RETRIES = 0
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.TELEGRAM)
    connection = services.connection_save(
        page=page, user=world.users["press"], token=BOT_TOKEN, account="@vko_profsoyuz"
    )
    network.expect_oneshot_request(f"{BOT}/getMe").respond_with_data("Bad Gateway", status=502)
    assert not services.connection_check(connection=connection)
    connection.refresh_from_db()
    assert (connection.status, connection.external_id) == (Connection.Status.FAILING, "")

    network.expect_request(f"{BOT}/getMe").respond_with_json(ok({"id": 1, "is_bot": True}))
    network.expect_request(f"{BOT}/getChat").respond_with_json(
        ok({"id": CHAT_ID, "type": "channel", "title": "Профсоюз образования ВКО"})
    )
    network.expect_request(f"{BOT}/getChatMemberCount").respond_with_json(ok(380))
    network.expect_request(f"{BOT}/getUpdates").respond_with_json(ok([]))
    assert services.connection_collect(connection=connection)
    connection.refresh_from_db()
    assert (connection.status, connection.external_id) == ("working", str(CHAT_ID))
    counted = [
        request.form.get("chat_id") or (request.get_json(silent=True) or {}).get("chat_id")
        for request, _response in network.log
        if request.path.endswith("/getChatMemberCount")
    ]
    assert counted and all(str(chat) == str(CHAT_ID) for chat in counted), counted
