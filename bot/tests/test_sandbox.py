"""The issue's «done when», through the sandbox as `make run` starts it: a chair
links with the profile page's deep link, sends a photo album with a caption
from the sandbox's page, press sees the material with its photos and accepts
it, and the chair reads «принят» in the bot."""

from __future__ import annotations

import datetime
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.management import call_command

from bot import outbox, services
from bot.models import TelegramLink
from channels.sandbox import bot_api
from channels.sandbox.server import addresses, serve
from materials import services as materials
from materials.models import Submission

from .test_bot import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def bot_sandbox(settings, monkeypatch):
    monkeypatch.setattr(bot_api, "BOT_CHAT", bot_api.BotChat())
    server = serve("127.0.0.1", 0)
    settings.TELEGRAM_API_URL = addresses(server)["TELEGRAM_API_URL"]
    settings.TELEGRAM_BOT_TOKEN = bot_api.BOT_TOKEN
    settings.SITE_URL = "http://testserver"
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()


def post(address: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(  # noqa: S310  (the sandbox on loopback)
        address, data=body, method="POST", headers={"Content-Type": content_type}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:  # the 303 back to the page
        return error.code


def say(base: str, text: str = "", photos: list[bytes] = ()) -> None:
    boundary = "sandboxboundary7MA4YWxk"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'.encode()
    ]
    for n, content in enumerate(photos):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
            f'filename="p{n}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    status = post(base + "/bot", b"".join(parts), f"multipart/form-data; boundary={boundary}")
    assert status == 303


def press(base: str, label: str) -> None:
    entry = next(
        e for e in reversed(bot_api.BOT_CHAT.transcript) if e["who"] == "bot" and e["buttons"]
    )
    (data,) = [b["callback_data"] for row in entry["buttons"] for b in row if b["text"] == label]
    body = urllib.parse.urlencode({"message_id": entry["id"], "data": data}).encode()
    assert post(base + "/bot/press", body, "application/x-www-form-urlencoded") == 303


def bot_texts() -> list[str]:
    return [e["text"] for e in bot_api.BOT_CHAT.transcript if e["who"] == "bot"]


def poll() -> None:
    call_command("telegram_bot", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_chair_links_sends_an_album_and_reads_accepted(world, bot_sandbox, rubrics):
    chair = world.users["chair"]
    code = services.link_code_create(user=chair)
    assert services.bot_name() == "profinfo_sandbox_bot"
    say(bot_sandbox, f"https://t.me/profinfo_sandbox_bot?start={code.code}")
    poll()
    assert TelegramLink.objects.get(telegram_id=bot_api.PLAYER["id"]).user == chair

    caption = "Турнир по волейболу\nКоманды школ города сыграли 20.11.2026 турнир."
    say(bot_sandbox, caption, photos=[jpeg_bytes(), jpeg_bytes()])
    poll()
    assert "Турнир по волейболу" in bot_texts()[-1]
    press(bot_sandbox, "Отправить на рассмотрение")
    poll()

    submission = Submission.objects.get()
    assert submission.title == "Турнир по волейболу"
    assert submission.event_date == datetime.date(2026, 11, 20)
    assert submission.photos.count() == 2
    materials.submission_accept(
        submission=submission,
        user=world.users["press"],
        version=submission.version,
        date=datetime.date(2026, 12, 15),
        rubric=rubrics["Освещение мероприятий"],
    )
    assert outbox.deliver_due()["sent"] == 1
    assert "принят" in bot_texts()[-1]

    page = urllib.request.urlopen(bot_sandbox + "/bot", timeout=10).read().decode()  # noqa: S310
    assert "Турнир по волейболу" in page and "принят" in page
