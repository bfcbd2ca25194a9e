import pytest
from django.urls import reverse

from portal.celery import app as celery_app


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access would raise here.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_broker(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.fixture
def dead_broker():
    """Point the Celery app at a port where nothing listens, then restore it."""
    original = celery_app.conf.broker_url
    # /readyz opens a new connection each time, so the next one goes here.
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    yield
    celery_app.conf.broker_url = original


@pytest.mark.django_db
def test_readyz_names_the_broker_when_it_is_down(client, dead_broker):
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]
