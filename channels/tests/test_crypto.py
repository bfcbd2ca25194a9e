"""Tokens at rest: encrypted, rotated, never printed."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from branches.models import SocialPage
from channels import checks, crypto, services
from channels.models import Connection

from .conftest import PAGE_TOKEN


def test_a_token_is_stored_encrypted_and_read_back(world, settings):
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.INSTAGRAM)
    connection = services.connection_save(
        page=page, user=None, token=PAGE_TOKEN, account="profsouz"
    )
    stored = Connection.objects.get(pk=connection.pk)
    assert PAGE_TOKEN not in stored.secret
    assert stored.secret_tail == PAGE_TOKEN[-4:]
    assert crypto.decrypt(stored.secret).reveal() == PAGE_TOKEN
    assert PAGE_TOKEN not in repr(crypto.decrypt(stored.secret))
    assert PAGE_TOKEN not in repr(stored) + str(stored)


def test_rotation_re_encrypts_under_the_new_key(world, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CHANNELS_KEY = old
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.INSTAGRAM)
    connection = services.connection_save(page=page, user=None, token=PAGE_TOKEN, account="x")
    settings.CHANNELS_KEY = f"{new},{old}"
    out = io.StringIO()
    call_command("rotate_channels_key", stdout=out)
    assert "Токенов перешифровано: 1." in out.getvalue()
    settings.CHANNELS_KEY = new  # the old key dropped
    stored = Connection.objects.get(pk=connection.pk).secret
    assert crypto.decrypt(stored).reveal() == PAGE_TOKEN


def test_a_token_under_a_lost_key_makes_a_clear_status(world, settings, network):
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.INSTAGRAM)
    connection = services.connection_save(page=page, user=None, token=PAGE_TOKEN, account="x")
    settings.CHANNELS_KEY = Fernet.generate_key().decode()
    assert not services.connection_check(connection=connection)
    connection.refresh_from_db()
    assert connection.error_code == "bad_key"
    assert network.log == []


def test_without_a_key_in_production_nothing_is_stored(world, settings):
    settings.CHANNELS_KEY = ""
    settings.DEBUG = False
    page = SocialPage.objects.create(region=world.region, platform=SocialPage.Platform.INSTAGRAM)
    with pytest.raises(services.ConnectRefused):
        services.connection_save(page=page, user=None, token=PAGE_TOKEN, account="x")
    assert [error.id for error in checks.check_channels_key_deploy(None)] == ["channels.W001"]
    assert checks.check_channels_key(None) == []
    settings.CHANNELS_KEY = "not-a-key"
    assert [error.id for error in checks.check_channels_key(None)] == ["channels.E002"]
