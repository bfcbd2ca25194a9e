"""The Bot API on loopback (the networks' server), the bot's token and a chair."""

from __future__ import annotations

import pytest

from contentplan.tests.conftest import rubrics  # noqa: F401
from networks.tests import conftest as loopback
from portal.models import User
from portal.tests.factories import BranchFactory, UserFactory

from .botapi import TOKEN, BotAPI

network_server = loopback.network_server


@pytest.fixture
def telegram(network_server, settings):
    loopback.point_at(network_server, settings)
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.SITE_URL = "http://testserver"
    yield BotAPI(network_server)
    network_server.clear()


@pytest.fixture
def chair(db):
    return UserFactory(
        username="chair",
        first_name="Айгуль",
        last_name="Сапарова",
        role=User.Role.CHAIR,
        branch=BranchFactory(name="Глубоковский район"),
    )
