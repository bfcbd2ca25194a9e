import datetime
import json

import pytest
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from portal.infrastructure import health
from portal.infrastructure.health import BEAT_HEARTBEAT
from portal.models import Heartbeat
from portal.tasks import deliver_outbox_task

TOKEN = "metrics-token-for-the-probe"


@pytest.fixture(autouse=True)
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []


def ready(client, **extra):
    """/readyz as the operator reads it: with the metrics token, so with the details."""
    return client.get(reverse("readyz"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any database access would raise here.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_broker(client):
    response = ready(client)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "broker": "ok",
        "static": "ok",
        "beat": "ok",
    }


@pytest.mark.django_db
def test_anyone_else_reads_the_status_alone(client, settings):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # A wrong token is no token; an allowed address needs none.
    wrong = client.get(reverse("readyz"), HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.json() == {"status": "ok"}
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert "checks" in client.get(reverse("readyz"), REMOTE_ADDR="10.1.2.3").json()


@pytest.mark.django_db
def test_a_failure_tells_the_public_nothing_but_the_status(client, dead_broker, caplog):
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "fail"}
    assert b"broker" not in response.content and b"6379" not in response.content
    # The operator reads the reason with the token, and in the server's log.
    assert ready(client).json()["failed"] == ["broker"]
    assert any("readyz: broker: error" in record.getMessage() for record in caplog.records), (
        caplog.text
    )


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
    response = ready(client)
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
    response = ready(client)
    assert response.status_code == 503
    assert "cache" in response.json()["failed"]


MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_readyz_names_a_missing_static_manifest(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = MANIFEST_STORAGES
    response = ready(client)
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["static"]
    assert "prepare_release" in body["checks"]["static"]


@pytest.mark.django_db
def test_readyz_accepts_a_collected_static_manifest(client, settings, tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "hash": "x", "paths": {"css/a.css": "css/a.1.css"}})
    )
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = MANIFEST_STORAGES
    response = ready(client)
    assert response.status_code == 200, response.json()


@pytest.mark.django_db
def test_readyz_names_migrations_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    # Forgotten inside the test's transaction, rolled back afterwards.
    # The portal's newest migration, whichever it is now.
    (_app, newest), *_rest = MigrationLoader(None).graph.leaf_nodes("portal")
    MigrationRecorder.Migration.objects.filter(app="portal", name=newest).delete()
    response = ready(client)
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["migrations"]
    assert f"portal.{newest}" in body["checks"]["migrations"]


@pytest.mark.django_db
def test_readyz_names_a_silent_beat_until_its_sweep_runs(client, settings, monkeypatch):
    settings.BEAT_STALE_MINUTES = 10
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    monkeypatch.setattr(health, "STARTED", long_ago)
    response = ready(client)
    assert response.status_code == 503
    assert response.json()["failed"] == ["beat"]
    assert "has not run ever" in response.json()["checks"]["beat"]

    Heartbeat.objects.create(name=BEAT_HEARTBEAT, at=long_ago)
    assert ready(client).status_code == 503

    # The beat's own run of the outbox sweep writes the heartbeat; a run after
    # a commit (without from_beat) does not.
    deliver_outbox_task.apply()
    assert ready(client).status_code == 503
    deliver_outbox_task.apply(kwargs={"from_beat": True})
    response = ready(client)
    assert response.status_code == 200, response.json()


@pytest.mark.django_db
def test_a_fresh_process_waits_for_the_beat_before_calling_it_silent(client, settings):
    settings.BEAT_STALE_MINUTES = 10
    assert ready(client).status_code == 200


def test_the_beat_schedule_marks_its_outbox_sweep():
    entry = celery_app.conf.beat_schedule["outbox-every-minute"]
    assert entry["task"] == "portal.tasks.deliver_outbox_task"
    assert entry["kwargs"] == {"from_beat": True}
