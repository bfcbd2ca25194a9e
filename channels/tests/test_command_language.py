"""Management commands speak Russian, the network's refusal included (issue 32,
item 6): `connect_channel` with a revoked token, through the sandbox on loopback."""

from __future__ import annotations

import io
import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.utils import translation

from branches.models import SocialPage
from channels.sandbox import fakes
from channels.sandbox.server import addresses, serve


@pytest.fixture
def sandbox_urls(settings):
    server = serve("127.0.0.1", 0)
    urls = addresses(server)
    settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
    settings.CHANNELS_BACKOFF_SECONDS = 0.01
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    yield urls
    server.shutdown()


@pytest.mark.parametrize("active", ["en", "kk", None])
def test_connect_channel_says_why_in_russian(world, sandbox_urls, monkeypatch, active):
    page = SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.FACEBOOK_PAGE
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(fakes.REVOKED + "\n"))
    with translation.override(active), pytest.raises(CommandError) as raised:
        call_command("connect_channel", str(page.pk), "--account", "vko.profsoyuz")
    said = str(raised.value)
    assert said.startswith("Проверка не прошла: ")
    assert "токен" in said
    # No English sentence: words of Latin letters are names only (Facebook, API).
    english = [w for w in re.findall(r"[A-Za-z]{3,}", said) if w not in {"Facebook", "API"}]
    assert english == [], said
