"""How updates arrive: Telegram's webhook (the secret token before the body) and
`manage.py telegram_bot` polling getUpdates with an offset, as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from bot import services, views
from bot.models import Draft, ProcessedUpdate, TelegramLink

from .botapi import TOKEN


class Unreadable:
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture
def https(settings, telegram):
    settings.SITE_URL = "https://profinfo.example.kz"
    settings.ALLOWED_HOSTS = ["testserver", "profinfo.example.kz"]
    return telegram


def post(client, body: dict, secret: str | None):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    return client.post(
        reverse("bot:webhook"), json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.django_db
@pytest.mark.parametrize("secret", [None, "", "wrong-secret"])
def test_the_webhook_refuses_a_call_without_the_secret_before_reading_the_body(https, secret):
    headers = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": secret} if secret is not None else {}
    request = RequestFactory().post(
        reverse("bot:webhook"),
        data=b'{"update_id": 1}',
        content_type="application/json",
        **{"wsgi.input": Unreadable()},
        **headers,
    )
    response = views.webhook(request)
    assert response.status_code == 403
    assert not ProcessedUpdate.objects.exists()


@pytest.mark.django_db
def test_the_webhook_with_the_secret_handles_the_update_once(client, https):
    person = https.user(321, language="ru")
    update = https.message(person, text="Здравствуйте")
    for _time in range(2):  # Telegram retries a webhook call it thinks failed
        response = post(client, update, views.webhook_secret())
        assert response.status_code == 200
    assert ProcessedUpdate.objects.filter(update_id=update["update_id"]).count() == 1
    assert len(https.texts()) == 1
    assert TelegramLink.objects.get(telegram_id=321).chat_id == 321


@pytest.mark.django_db
def test_without_https_the_webhook_is_not_there(client, telegram):
    response = post(client, {"update_id": 5}, views.webhook_secret())
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_secret_is_not_the_token(settings, telegram):
    assert TOKEN not in views.webhook_secret()
    assert TOKEN.split(":")[1] not in views.webhook_secret()


def run_bot(settings, *args) -> subprocess.CompletedProcess:
    from conftest import BASE_DIR, _database_url_of_test_database

    env = {
        **os.environ,
        "DATABASE_URL": _database_url_of_test_database(),
        "TELEGRAM_API_URL": settings.TELEGRAM_API_URL,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SITE_URL": settings.SITE_URL,
        "CHANNELS_BACKOFF_SECONDS": "0.01",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "telegram_bot", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_telegram_bot_once_handles_a_batch_and_asks_past_it_next_time(settings, telegram, chair):
    code = services.link_code_create(user=chair)
    person = telegram.user()
    first = telegram.message(person, text=f"/start {code.code}")
    second = telegram.message(person, text="Собрание\nПрошло собрание коллектива.")

    done = run_bot(settings, "--once")
    assert done.returncode == 0, done.stderr
    assert "@union_test_bot" in done.stdout and "2 updates" in done.stdout
    assert TelegramLink.objects.get(telegram_id=person["id"]).user == chair
    assert Draft.objects.get().messages == ["Собрание\nПрошло собрание коллектива."]
    offsets = [params["offset"] for params in telegram.sent("getUpdates")]
    assert offsets == [0]
    assert telegram.sent("deleteWebhook")  # polling: no webhook may be set

    # The next run asks past both: Telegram forgets them; nothing is handled twice.
    third = telegram.message(person, text="/stop")
    done = run_bot(settings, "--once")
    assert done.returncode == 0, done.stderr
    assert [params["offset"] for params in telegram.sent("getUpdates")] == [
        0,
        second["update_id"] + 1,
    ]
    assert first["update_id"] < second["update_id"] < third["update_id"]
    assert "1 updates" in done.stdout
    assert TelegramLink.objects.get(telegram_id=person["id"]).user is None
    assert TOKEN not in done.stdout + done.stderr
