"""The connections in the admin: the token never shown, «Проверить сейчас» queues."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import SocialPage
from channels.models import Connection
from portal.models import User

from .conftest import BOT_TOKEN, PAGE_TOKEN


@pytest.fixture
def admin_client_for(client_for, world):
    admin = User.objects.create_superuser("root", "root@example.kz", "x-root-password-1")
    return client_for(admin)


def test_the_admin_shows_only_the_last_four_characters(admin_client_for, connect):
    connection = connect(SocialPage.Platform.FACEBOOK_PAGE, "104000000006200")
    stored = Connection.objects.get(pk=connection.pk).secret
    pages = [
        reverse("admin:channels_connection_changelist"),
        reverse("admin:channels_connection_changelist") + "?q=104",
        reverse("admin:channels_connection_change", args=[connection.pk]),
        reverse("admin:channels_connection_delete", args=[connection.pk]),
        reverse("admin:channels_connection_history", args=[connection.pk]),
    ]
    for address in pages:
        response = admin_client_for.get(address)
        assert response.status_code == 200, address
        text = response.content.decode()
        assert PAGE_TOKEN not in text, address
        assert stored not in text and stored[:40] not in text, address
    change = admin_client_for.get(pages[2]).content.decode()
    assert f"…{PAGE_TOKEN[-4:]}" in change
    assert 'name="secret"' not in change
    assert admin_client_for.get(reverse("admin:channels_connection_add")).status_code == 403


def test_check_now_in_the_admin_queues_one_measurement_each(admin_client_for, connect, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "channels.services.send_after_commit", lambda name, args: queued.append((name, args))
    )
    working = connect(SocialPage.Platform.FACEBOOK_PAGE, "104000000006200")
    expired = connect(
        SocialPage.Platform.TELEGRAM,
        "-100123",
        token=BOT_TOKEN,
        status=Connection.Status.EXPIRED,
    )
    address = reverse("admin:channels_connection_changelist")
    response = admin_client_for.post(
        address,
        {"action": "check_now", "_selected_action": [working.pk, expired.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert queued == [("channels.tasks.collect_connection_task", [working.pk])]
    text = response.content.decode()
    assert "1 замер поставлен в очередь" in text
    assert "1 подключение пропущено" in text


def test_deleting_in_the_admin_disconnects(admin_client_for, connect, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "channels.services.send_after_commit", lambda name, args: queued.append((name, args))
    )
    connection = connect(SocialPage.Platform.TELEGRAM, "-100123", token=BOT_TOKEN, webhook=True)
    stored = Connection.objects.get(pk=connection.pk).secret
    response = admin_client_for.post(
        reverse("admin:channels_connection_delete", args=[connection.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Connection.objects.filter(pk=connection.pk).exists()
    assert queued == [("channels.tasks.forget_webhook_task", [stored])]
