"""Connecting a Facebook page by Facebook Login, against a loopback Graph API.

The dialog is Facebook's (the browser goes there); the portal's part is the
signed state, the callback, and a worker's exchange: code → user token →
long-lived user token (``fb_exchange_token``) → ``/me/accounts``, paged → the
page the press secretary picks, whose token is saved encrypted.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from werkzeug import Response

from branches.models import SocialPage
from channels import crypto
from channels.models import Connection, FacebookGrant

from .conftest import GRAPH, graph_error

APP_ID, APP_SECRET = "1234567890", "app-secret-0f9e8d7c6b5a"
CODE = "AQDcode-from-facebook-1234567890abcdef"
SHORT, LONG = "EAAshort-user-token-abcdef123", "EAAlong-lived-user-token-xyz789"
PAGE_TOKENS = {
    "104000000000001": "EAApage-one-token-111aaa",
    "104000000000002": "EAApage-two-token-222bbb",
}
SECRETS = [CODE, SHORT, LONG, APP_SECRET, *PAGE_TOKENS.values()]


@pytest.fixture
def facebook_app(network, settings):
    settings.FACEBOOK_APP_ID, settings.FACEBOOK_APP_SECRET = APP_ID, APP_SECRET
    settings.FACEBOOK_DIALOG_URL = "https://www.facebook.com/v26.0/dialog/oauth"
    return network


@pytest.fixture
def run_tasks(monkeypatch):
    """Each task sent runs at once in this process (the worker's code, no Redis)."""
    import channels.tasks  # noqa: F401  (registers the tasks)
    from config.celery import app

    sent = []

    def send_now(name, args=(), **options):
        sent.append(name)
        if name == "channels.tasks.facebook_grant_task":
            app.tasks[name].apply(args=list(args))
        return True

    monkeypatch.setattr("portal.infrastructure.broker.send_now", send_now)
    return sent


def serve_login(network, *, accounts=None):
    """The two token exchanges and /me/accounts in two pages, as the Graph API answers."""

    def access_token(request):
        args = request.args
        if args.get("grant_type") == "fb_exchange_token":
            assert args["fb_exchange_token"] == SHORT and args["client_secret"] == APP_SECRET
            body = {"access_token": LONG, "token_type": "bearer", "expires_in": 5183944}
        else:
            assert args["code"] == CODE and args["client_id"] == APP_ID
            assert args["redirect_uri"] == "http://testserver/connections/facebook/callback/"
            body = {"access_token": SHORT, "token_type": "bearer", "expires_in": 5400}
        return Response(json.dumps(body), content_type="application/json")

    network.expect_request(f"{GRAPH}/oauth/access_token").respond_with_handler(access_token)
    pages = (
        accounts
        if accounts is not None
        else [
            [
                {
                    "id": "104000000000001",
                    "name": "Профсоюз ВКО",
                    "access_token": PAGE_TOKENS["104000000000001"],
                }
            ],
            [
                {
                    "id": "104000000000002",
                    "name": "Профсоюз Риддера",
                    "access_token": PAGE_TOKENS["104000000000002"],
                }
            ],
        ]
    )

    def me_accounts(request):
        assert request.args["access_token"] == LONG
        index = int(request.args.get("after", 0))
        body = {"data": pages[index] if pages else [], "paging": {"cursors": {"after": "x"}}}
        if index + 1 < len(pages):
            body["paging"]["next"] = network.url_for(
                f"{GRAPH}/me/accounts?access_token={LONG}&limit=100&after={index + 1}"
            )
        return Response(json.dumps(body), content_type="application/json")

    network.expect_request(f"{GRAPH}/me/accounts").respond_with_handler(me_accounts)


def start_login(client, page) -> dict:
    """Press «Connect with Facebook Login»; the dialog's address and its parameters."""
    response = client.post(reverse("channels:facebook_login", args=[page.pk]))
    assert response.status_code == 302
    address = urlsplit(response["Location"])
    assert f"{address.scheme}://{address.netloc}{address.path}" == (
        "https://www.facebook.com/v26.0/dialog/oauth"
    )
    return {key: values[0] for key, values in parse_qs(address.query).items()}


def region_page(world):
    return SocialPage.objects.create(
        region=world.region, platform=SocialPage.Platform.FACEBOOK_PAGE
    )


def test_facebook_login_connects_the_page_the_press_secretary_picks(
    world, client_for, facebook_app, run_tasks, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    page = region_page(world)
    client = client_for(world.users["press"])
    detail = client.get(reverse("channels:page_connection", args=[page.pk])).content.decode()
    assert 'data-testid="facebook-login"' in detail
    params = start_login(client, page)
    assert params["client_id"] == APP_ID and "pages_read_engagement" in params["scope"]
    assert params["redirect_uri"] == "http://testserver/connections/facebook/callback/"
    serve_login(facebook_app)
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}
        )
    grant = FacebookGrant.objects.get()
    assert back.status_code == 302 and back["Location"] == reverse(
        "channels:facebook_choose", args=[grant.pk]
    )
    assert grant.status == FacebookGrant.Status.READY
    choose = client.get(back["Location"])
    text = choose.content.decode()
    assert "Профсоюз ВКО" in text and "Профсоюз Риддера" in text  # both pages of the list
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(back["Location"], {"page_id": "104000000000002"}, follow=True)
    assert done.status_code == 200
    connection = Connection.objects.get(page=page)
    assert connection.account == "104000000000002"
    assert crypto.decrypt(connection.secret).reveal() == PAGE_TOKENS["104000000000002"]
    assert connection.secret_tail == PAGE_TOKENS["104000000000002"][-4:]
    assert "channels.tasks.check_connection_task" in run_tasks
    assert not FacebookGrant.objects.exists()  # the other page's token is forgotten
    for response in (detail, text, done.content.decode(), back.content.decode()):
        for secret in SECRETS:
            assert secret not in response
    for record in caplog.records:
        if not record.name.startswith("werkzeug"):
            for secret in SECRETS:
                assert secret not in record.getMessage()


@pytest.mark.parametrize("tamper", ["changed", "another_user", "no_session", "stale"])
def test_a_state_not_given_to_this_person_is_refused(
    world, client_for, facebook_app, run_tasks, tamper, settings
):
    page = region_page(world)
    client = client_for(world.users["press"])
    params = start_login(client, page)
    state = params["state"]
    if tamper == "changed":
        state = state[:-3] + ("aaa" if not state.endswith("aaa") else "bbb")
    elif tamper == "another_user":
        from channels import logins
        from portal.tests.factories import UserFactory

        other = UserFactory(username="press2", role="press", region=world.region)
        state = urlsplit(logins.facebook_login_url(page=page, user=other, nonce="n" * 20)).query
        state = parse_qs(state)["state"][0]
    elif tamper == "no_session":
        client = client_for(world.users["press"])  # logged in again: a new session
    elif tamper == "stale":
        from channels import logins

        settings.SECRET_KEY = settings.SECRET_KEY  # same key; the clock moves instead
        import time

        real = time.time
        try:
            time.time = lambda: real() + logins.GRANT_MINUTES * 60 + 5
            response = client.get(
                reverse("channels:facebook_callback"), {"code": CODE, "state": state}, follow=True
            )
        finally:
            time.time = real
    if tamper != "stale":
        response = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": state}, follow=True
        )
    assert response.status_code == 200
    assert "не отсюда или устарел" in response.content.decode()
    assert not FacebookGrant.objects.exists()
    assert facebook_app.log == []


@pytest.mark.parametrize("forged", ["changed", "another_user", "none"])
def test_a_forged_callback_leaves_the_login_in_progress_alone(
    world, client_for, facebook_app, run_tasks, django_capture_on_commit_callbacks, forged
):
    """Someone sends the press secretary a callback link of their own while her
    login is at Facebook: refused, and her own callback still connects."""
    from channels import logins
    from portal.tests.factories import UserFactory

    page = region_page(world)
    client = client_for(world.users["press"])
    params = start_login(client, page)
    if forged == "changed":
        state = params["state"][:-3] + ("aaa" if not params["state"].endswith("aaa") else "bbb")
    elif forged == "another_user":
        other = UserFactory(username="press2", role="press", region=world.region)
        address = logins.facebook_login_url(page=page, user=other, nonce="n" * 20)
        state = parse_qs(urlsplit(address).query)["state"][0]
    else:
        state = ""
    refused = client.get(
        reverse("channels:facebook_callback"),
        {"code": "AQDthe-forgers-own-code-0000", "state": state},
        follow=True,
    )
    assert "не отсюда или устарел" in refused.content.decode()
    assert not FacebookGrant.objects.exists()
    serve_login(facebook_app)
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}
        )
    grant = FacebookGrant.objects.get()
    assert back["Location"] == reverse("channels:facebook_choose", args=[grant.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(back["Location"], {"page_id": "104000000000001"})
    assert Connection.objects.get(page=page).account == "104000000000001"
    # Used once: the same callback again is refused.
    again = client.get(
        reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}, follow=True
    )
    assert "не отсюда или устарел" in again.content.decode()


def test_a_facebook_user_with_no_pages_is_told_so(
    world, client_for, facebook_app, run_tasks, django_capture_on_commit_callbacks
):
    page = region_page(world)
    client = client_for(world.users["press"])
    params = start_login(client, page)
    serve_login(facebook_app, accounts=[])
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}
        )
    text = client.get(back["Location"]).content.decode()
    assert "не управляет ни одной страницей" in text
    assert FacebookGrant.objects.get().status == FacebookGrant.Status.FAILED
    assert not Connection.objects.filter(page=page).exists()


@pytest.mark.parametrize(
    ("answer", "status", "shown"),
    [
        (graph_error(100, f"Invalid verification code format: {CODE}"), 400, "ошибка 100"),
        (graph_error(190, "Error validating verification code"), 400, "не принимает токен"),
        ({"token_type": "bearer"}, 200, "access_token"),
        ("{not json", 200, "не удалось прочитать"),
        # A limit is told as one of the login, not of a collection.
        (graph_error(4, "(#4) Application request limit reached"), 403, "войдите ещё раз позже"),
    ],
)
def test_graph_errors_of_the_exchange_are_told_without_any_secret(
    world,
    client_for,
    facebook_app,
    run_tasks,
    django_capture_on_commit_callbacks,
    caplog,
    answer,
    status,
    shown,
):
    caplog.set_level(logging.DEBUG)
    page = region_page(world)
    client = client_for(world.users["press"])
    params = start_login(client, page)
    body = answer if isinstance(answer, str) else json.dumps(answer)
    facebook_app.expect_request(f"{GRAPH}/oauth/access_token").respond_with_data(
        body, status=status, content_type="application/json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}
        )
    grant = FacebookGrant.objects.get()
    assert grant.status == FacebookGrant.Status.FAILED and grant.secret == ""
    text = client.get(back["Location"]).content.decode()
    assert shown in text.lower() or shown in text
    assert CODE not in text and APP_SECRET not in text
    for record in caplog.records:
        if not record.name.startswith("werkzeug"):
            assert CODE not in record.getMessage() and APP_SECRET not in record.getMessage()


def test_without_an_app_facebook_login_is_not_offered(world, client_for, network, settings):
    settings.FACEBOOK_APP_ID = settings.FACEBOOK_APP_SECRET = ""
    page = region_page(world)
    client = client_for(world.users["press"])
    detail = client.get(reverse("channels:page_connection", args=[page.pk])).content.decode()
    assert 'data-testid="facebook-login"' not in detail
    assert 'data-testid="connect-form"' in detail  # pasting a token stays
    assert client.post(reverse("channels:facebook_login", args=[page.pk])).status_code == 404


def test_only_the_person_who_logged_in_sees_the_choice(
    world, client_for, facebook_app, run_tasks, django_capture_on_commit_callbacks
):
    page = region_page(world)
    client = client_for(world.users["press"])
    params = start_login(client, page)
    serve_login(facebook_app)
    with django_capture_on_commit_callbacks(execute=True):
        back = client.get(
            reverse("channels:facebook_callback"), {"code": CODE, "state": params["state"]}
        )
    for role in ("central", "other_press", "chair"):
        other = client_for(world.users[role])
        assert other.get(back["Location"]).status_code == 404
        assert other.post(back["Location"], {"page_id": "104000000000001"}).status_code == 404
    assert not Connection.objects.exists()
