"""One address trying a few passwords on each of many accounts (password
spraying) is stopped at LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords an hour,
across accounts; the lock of one account after AXES_FAILURE_LIMIT stays."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import LoginFailure

from .factories import UserFactory

LOGIN = reverse("login")
SPRAYER, NEIGHBOUR = "203.0.113.9", "198.51.100.4"


@pytest.fixture
def accounts(world) -> list[str]:
    return [UserFactory(username=f"member{n}").username for n in range(8)]


def _try(client, username, password, **extra) -> int:
    return client.post(LOGIN, {"username": username, "password": password}, **extra).status_code


def test_spraying_eight_accounts_from_one_address_stops_at_the_limit(world, accounts, client):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20  # the default
    assert settings.AXES_FAILURE_LIMIT > 4  # four a account never lock one
    statuses = [
        _try(client, username, f"Guess-{n}-2025", REMOTE_ADDR=SPRAYER)
        for username in accounts
        for n in range(4)
    ]
    # The 20th wrong password is answered with the lock-out page, as the 5th
    # on one account is; the 12 after it are refused unchecked.
    assert statuses == [200] * 19 + [429] * 13
    assert LoginFailure.objects.count() == 20
    # The right password of an account never tried is refused too, in Russian.
    response = client.post(
        LOGIN, {"username": "press", "password": settings.DEMO_PASSWORD}, REMOTE_ADDR=SPRAYER
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно заблокирован" in page
    assert "Слишком много неверных паролей с вашего адреса" in page
    assert "_auth_user_id" not in client.session
    # Another address logs in as usual, into a sprayed account too.
    neighbour = Client(REMOTE_ADDR=NEIGHBOUR)
    assert _try(neighbour, "member0", settings.DEMO_PASSWORD) == 302
    # An hour after the wrong passwords, the address may log in again.
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(hours=1, seconds=1))
    assert _try(client, "press", settings.DEMO_PASSWORD, REMOTE_ADDR=SPRAYER) == 302


def test_behind_the_proxy_each_client_is_counted_apart(world, accounts, settings):
    """The address is the one TRUSTED_PROXY_COUNT points at, as everywhere."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    sprayer = Client(**proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {SPRAYER}")
    statuses = [_try(sprayer, name, "Wrong-2025") for name in accounts[:4]]
    assert statuses == [200, 200, 429, 429]
    # The same proxy, another client: not locked.
    other = Client(**proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.9, {NEIGHBOUR}")
    assert _try(other, "press", settings.DEMO_PASSWORD) == 302


def test_an_ipv6_network_counts_as_one_address(world, accounts, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for n, name in enumerate(accounts[:3]):
        assert _try(Client(REMOTE_ADDR=f"2001:db8:7:1::{n + 1}"), name, "Wrong-2025") in (200, 429)
    # Another address of the same /64 is locked; one of the next /64 is not.
    assert _try(Client(REMOTE_ADDR="2001:db8:7:1::ff"), "press", settings.DEMO_PASSWORD) == 429
    assert _try(Client(REMOTE_ADDR="2001:db8:7:2::1"), "press", settings.DEMO_PASSWORD) == 302


def test_one_accounts_lock_still_comes_first(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "press", "password": "wrong"})
    response = client.post(LOGIN, {"username": "press", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Вход в эту учётную запись с вашего адреса заблокирован" in response.content.decode()
    # Refused by the account's lock, nothing more is counted against the address.
    for _ in range(10):
        client.post(LOGIN, {"username": "press", "password": settings.DEMO_PASSWORD})
    assert LoginFailure.objects.count() == settings.AXES_FAILURE_LIMIT
    assert _try(client, "chair", settings.DEMO_PASSWORD) == 302


def test_a_successful_login_does_not_wipe_the_count(world, accounts, client, settings):
    """An account of one's own must not reset the address's wrong passwords."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for name in accounts[:3]:
        assert _try(client, name, "Wrong-2025") == 200
    assert _try(client, "press", settings.DEMO_PASSWORD) == 302
    client.post(reverse("logout"))
    assert _try(client, accounts[3], "Wrong-2025") == 429


def test_the_limit_of_zero_turns_the_address_lock_off(world, accounts, client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 0
    statuses = {_try(client, name, f"Wrong-{n}") for name in accounts for n in range(4)}
    assert statuses == {200}
