"""Password-reset e-mails are limited per address and per client, counted in
the database; the page answers the same whether an e-mail went out or not."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.infrastructure import outbox
from portal.models import OutboxEmail, PasswordResetRequest
from portal.services import PASSWORD_RESET_LIMIT_PER_CLIENT, PASSWORD_RESET_LIMIT_PER_EMAIL


def sent() -> list:
    """The letters the mail server took: the outbox delivers what is due first."""
    outbox.deliver_due()
    return mail.outbox


RESET = reverse("password_reset")
DONE = reverse("password_reset_done")


def _ask(client, email, address="192.0.2.10", **extra):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **extra)


def test_three_emails_an_hour_to_one_address(world, client):
    responses = [_ask(client, "press@example.kz") for _ in range(5)]
    assert len(sent()) == PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    # The limited requests get the same answer as the ones that sent a letter.
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, DONE)}
    # Another person's address from the same client still gets its letter.
    _ask(client, "chair@example.kz")
    assert sent()[-1].to == ["chair@example.kz"]


def test_the_address_is_compared_without_case_or_spaces(world, client):
    for email in ("press@example.kz", "PRESS@example.kz", " Press@Example.kz "):
        _ask(client, email)
    _ask(client, "press@example.kz")
    assert len(sent()) == 3


def test_an_unknown_address_gets_the_same_answer(world, client):
    known = _ask(client, "press@example.kz")
    unknown = _ask(client, "nobody@example.kz")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(sent()) == 1


def test_one_client_may_ask_only_so_often(world, client):
    emails = [f"user{n}@example.kz" for n in range(PASSWORD_RESET_LIMIT_PER_CLIENT)]
    for email in emails:  # unknown addresses count too: probing is what is limited
        assert _ask(client, email).status_code == 302
    _ask(client, "press@example.kz")
    assert sent() == []
    _ask(client, "press@example.kz", address="198.51.100.7")
    assert len(sent()) == 1


def test_behind_the_proxy_clients_are_counted_not_the_proxy(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def ask_via_proxy(email, client_address):
        return _ask(client, email, address="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address)

    for n in range(PASSWORD_RESET_LIMIT_PER_CLIENT):
        ask_via_proxy(f"user{n}@example.kz", "203.0.113.5")
    ask_via_proxy("press@example.kz", "203.0.113.5")
    assert sent() == []
    ask_via_proxy("press@example.kz", "203.0.113.6")
    assert len(sent()) == 1


def test_the_limit_holds_without_a_cache(world, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for _ in range(5):
        _ask(client, "press@example.kz")
    assert len(sent()) == 3


def test_after_an_hour_letters_go_again_and_housekeeping_forgets(world, client):
    for _ in range(4):
        _ask(client, "press@example.kz")
    assert len(sent()) == 3
    # The refused request left nothing behind; the three sent are counted.
    assert PasswordResetRequest.objects.count() == 3
    stored = " ".join(
        " ".join(row)
        for row in PasswordResetRequest.objects.values_list("email_hash", "client_hash")
    )
    assert "press" not in stored and "192.0.2.10" not in stored

    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    _ask(client, "press@example.kz")
    assert len(sent()) == 4
    call_command("housekeeping")
    assert PasswordResetRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_reset_form_page_still_opens(client):
    assert client.get(RESET).status_code == 200


class _DownBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_mail_server_outage_delays_the_link_and_answers_as_usual(world, client, settings):
    settings.EMAIL_BACKEND = f"{__name__}._DownBackend"
    response = client.post(reverse("password_reset"), {"email": "chair@example.kz"})
    assert response.status_code == 302
    assert outbox.deliver_due() == {"due": 1, "sent": 0}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxEmail.objects.update(next_try_at=timezone.now())
    assert len(sent()) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
