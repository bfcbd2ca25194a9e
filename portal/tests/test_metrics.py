"""/metrics: django-prometheus's and the portal's own figures, for the token only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.infrastructure.health import BEAT_HEARTBEAT
from portal.models import Heartbeat, OutboxEmail

TOKEN = "metrics-token-for-the-test"


@pytest.fixture
def metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    return settings


def _scrape(client, token=TOKEN, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(reverse("metrics"), **headers, **extra)


def _value(body: str, name: str) -> float:
    for line in body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the metrics")


@pytest.mark.django_db
def test_nobody_without_the_token_sees_the_metrics(client, metrics_settings):
    assert _scrape(client, token=None).status_code == 404
    assert _scrape(client, token="wrong").status_code == 404
    metrics_settings.METRICS_TOKEN = ""
    assert _scrape(client, token="").status_code == 404


@pytest.mark.django_db
def test_the_token_reads_requests_database_outbox_and_beat(client, metrics_settings):
    from dashboards.models import ReportJob

    OutboxEmail.objects.create(key="a", to="a@x.kz", subject="s", body="b")
    OutboxEmail.objects.create(
        key="b", to="b@x.kz", subject="s", body="b", failed_at=timezone.now()
    )
    OutboxEmail.objects.create(key="c", to="c@x.kz", subject="s", body="b", sent_at=timezone.now())
    ran = timezone.now() - datetime.timedelta(minutes=3)
    Heartbeat.objects.create(name=BEAT_HEARTBEAT, at=ran)
    from portal.tests.factories import RegionFactory

    job = ReportJob.objects.create(
        region=RegionFactory(),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
    )
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    client.get(reverse("healthz"))

    response = _scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "django_http_requests_total_by_view_transport_method_total" in body
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert "django_db_execute_total" in body
    assert _value(body, "profinfo_outbox_waiting") == 1
    assert _value(body, "profinfo_outbox_given_up") == 1
    assert _value(body, "profinfo_beat_last_run_timestamp_seconds") == pytest.approx(
        ran.timestamp()
    )
    assert 170 < _value(body, "profinfo_beat_last_run_age_seconds") < 400
    assert 110 < _value(body, "profinfo_report_job_oldest_waiting_seconds") < 400


@pytest.mark.django_db
def test_an_allowed_address_needs_no_token(client, metrics_settings):
    metrics_settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    assert _scrape(client, token=None, REMOTE_ADDR="10.1.2.3").status_code == 200
    assert _scrape(client, token=None, REMOTE_ADDR="192.168.1.1").status_code == 404


@pytest.mark.django_db
def test_the_queue_length_is_read_from_redis(client, metrics_settings, redis_available):
    metrics_settings.REDIS_URL = redis_available
    body = _scrape(client).content.decode()
    assert _value(body, "profinfo_celery_queue_length") >= 0
    assert "profinfo_metric_errors{" not in body


@pytest.mark.django_db
def test_a_gauge_that_cannot_be_read_does_not_break_the_scrape(client, metrics_settings):
    metrics_settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = _scrape(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'profinfo_metric_errors{name="profinfo_celery_queue_length"} 1.0' in body
    assert "profinfo_outbox_waiting" in body


def test_json_logs_are_one_object_a_line():
    import json
    import logging

    from portal.infrastructure.logformat import JsonFormatter

    record = logging.makeLogRecord(
        {
            "name": "portal.x",
            "levelname": "WARNING",
            "msg": "Письмо %s не ушло",
            "args": (7,),
            "job": 3,
        }
    )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["message"] == "Письмо 7 не ушло"
    assert (entry["level"], entry["logger"], entry["job"]) == ("WARNING", "portal.x", 3)


def test_log_format_json_is_taken_from_the_environment():
    import os
    import subprocess
    import sys
    from pathlib import Path

    base = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); logging.getLogger('portal').warning('hi')",
        ],
        cwd=base,
        env={**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert '"message": "hi"' in result.stderr, result.stderr


def _labelled(body: str, name: str) -> dict[str, float]:
    """The samples of a labelled gauge, by the value of its one label."""
    samples = {}
    for line in body.splitlines():
        if line.startswith(name + "{"):
            label = line[line.index('"') + 1 : line.rindex('"')]
            samples[label] = float(line.split()[-1])
    return samples


@pytest.mark.django_db
def test_connections_by_status_and_the_oldest_success(client, metrics_settings, world):
    from branches.tests.factories import SocialPageFactory
    from channels.models import Connection

    body = _scrape(client).content.decode()
    # No connection yet: every status reads 0, and no success has an age.
    assert set(_labelled(body, "profinfo_connections").values()) == {0.0}
    assert set(_labelled(body, "profinfo_connections")) == set(Connection.Status.values)
    assert "profinfo_connections_oldest_success_age_seconds " not in body

    now = timezone.now()
    made = [
        (Connection.Status.WORKING, now - datetime.timedelta(hours=2)),
        (Connection.Status.WORKING, now - datetime.timedelta(minutes=5)),
        (Connection.Status.FAILING, now - datetime.timedelta(hours=30)),
        (Connection.Status.EXPIRED, None),
        (Connection.Status.EXPIRED, now - datetime.timedelta(days=3, hours=1)),
    ]
    for number, (status, success) in enumerate(made):
        page = SocialPageFactory(region=world.region, url=f"https://facebook.com/p{number}")
        Connection.objects.create(
            page=page, account=str(number), status=status, last_success_at=success
        )

    body = _scrape(client).content.decode()
    counts = _labelled(body, "profinfo_connections")
    assert counts["working"] == 2
    assert counts["failing"] == 1
    assert counts["expired"] == 2
    assert counts["refused"] == counts["checking"] == 0
    oldest = (3 * 24 + 1) * 3600
    assert oldest <= _value(body, "profinfo_connections_oldest_success_age_seconds") < oldest + 300
    assert "profinfo_metric_errors{" not in body
