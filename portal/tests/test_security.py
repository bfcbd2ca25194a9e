"""Headers every page sends, and files that are never served directly."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse


@pytest.mark.django_db
def test_pages_send_a_strict_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_page_has_an_inline_script(world, client_for):
    for role in ("press", "chair", "central"):
        page = client_for(world.users[role]).get(reverse("portal:home")).content.decode()
        assert "<script>" not in page and "onclick=" not in page and "onchange=" not in page


@pytest.mark.django_db
def test_uploaded_files_are_not_served_by_address(client, world, client_for):
    name = default_storage.save("private/secret.txt", ContentFile(b"secret"))
    for user in (None, world.users["central"]):
        response = client_for(user).get(f"/media/{name}")
        assert response.status_code == 404


@pytest.mark.django_db
def test_production_cookies_are_secure():
    import subprocess
    import sys

    from .test_deployment import BASE_DIR, PRODUCTION_ENV

    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000"], result.stderr


@pytest.mark.django_db
def test_every_response_switches_the_browsers_powerful_features_off(client, world, client_for):
    responses = [
        client.get(reverse("login")),
        client.get(reverse("healthz")),
        client.get("/no-such-page/"),
        client.get("/static/css/profinfo.css"),
        client_for(world.users["press"]).get(reverse("portal:home")),
    ]
    for response in responses:
        features = dict(
            item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", (response.status_code, feature)
        assert set(features.values()) == {"()"}
