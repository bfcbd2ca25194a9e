"""Redis really stopped: a committed change never answers 500 and loses nothing.

A private redis-server is started, the portal's broker, result store and cache
pointed at it, and the server stopped (or hung). Requesting a report, sending
or returning a material and asking a question must all answer as usual within
2 s, with their work recorded in the database; once Redis is back, the sweeps
send it.
"""

from __future__ import annotations

import datetime
import logging
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import broker_at
from dashboards import jobs
from dashboards.models import ReportJob
from materials.models import Submission
from materials.tests import images
from materials.tests.test_workflow import send
from portal.infrastructure import broker, outbox
from portal.models import OutboxEmail, User
from portal.tests.factories import UserFactory
from questions.models import Question


def test_committed_work_survives_a_redis_outage(
    world, client_for, settings, redis_server, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.infrastructure.cache.RedisCache",
            "LOCATION": redis_server.url,
        }
    }
    submission = send(world)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.IN_REVIEW)
    OutboxEmail.objects.all().delete()
    with broker_at(redis_server.url):
        assert broker.send_now("portal.tasks.deliver_outbox_task")  # the broker works
        assert redis_server.queued() == 1
        redis_server.stop()

        press = client_for(world.users["press"])
        with django_capture_on_commit_callbacks(execute=True):
            response = press.post(
                reverse("dashboards:report_start", args=[world.region.pk]),
                {"start": "2025-01-01", "end": "2025-12-31"},
            )
        assert response.status_code == 302
        job = ReportJob.objects.get()
        assert job.status == ReportJob.Status.QUEUED

        with django_capture_on_commit_callbacks(execute=True):
            response = press.post(
                reverse("submissions:return", args=[submission.pk]),
                {"version": 0, "comment": "Добавьте фото с мероприятия."},
            )
        assert response.status_code == 302
        submission.refresh_from_db()
        assert submission.status == Submission.Status.RETURNED
        letter = OutboxEmail.objects.get(to=world.users["chair"].email)
        assert letter.sent_at is None

        anonymous = client_for(None)
        with django_capture_on_commit_callbacks(execute=True):
            response = anonymous.post(
                reverse("questions:ask"),
                {
                    "region": world.region.pk,
                    "topic": "leave",
                    "text": "Можно ли перенести отпуск на осень?",
                    "website": "",
                },
                REMOTE_ADDR="10.1.2.3",
            )
        assert response.status_code == 302
        assert Question.objects.count() == 1

        # Redis is back: the sweeps send what waited (once the pause after
        # the failed sends has passed).
        redis_server.start()
        wait_until(lambda: not broker.paused(), seconds=broker.PAUSE + 5)
        later = timezone.now() + datetime.timedelta(minutes=3)
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.sweep(now=later) == {"requeued": 1, "failed": 0}
        assert redis_server.queued() == 1  # the report's task reached the broker
    assert outbox.deliver_due()["sent"] >= 1
    assert any(m.to == [world.users["chair"].email] for m in mail.outbox)


def wait_until(condition, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.05)


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_every_page_answers_within_two_seconds_while_redis_is_down(
    fault, world, client_for, settings, redis_server, django_capture_on_commit_callbacks, caplog
):
    """Redis stopped (connections refused) or hung (connections accepted, no
    answer, as behind a dead link): a chair's material, a report request and a
    cached dashboard each answer within 2 s, their work recorded and sent once
    Redis is back. Each request is timed with its commit hooks, the sends."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.infrastructure.cache.RedisCache",
            "LOCATION": redis_server.url,
        }
    }
    # Two press secretaries: the material asks for two letters' delivery.
    UserFactory(username="press2", role=User.Role.PRESS, region=world.region)
    OutboxEmail.objects.all().delete()
    region = world.region.pk
    dashboard = reverse("dashboards:region", args=[region])
    requests = {
        "material": (
            "chair",
            lambda client: client.post(
                reverse("submissions:create"),
                {
                    "title": "Праздник",
                    "text": "В школе-лицее № 1 прошёл праздник для ветеранов труда. " * 6,
                    "event_date": "2026-03-05",
                    "consent": "on",
                    "complete": "True",
                    "photos": [images.jpeg("a.jpg", width=300, height=300)],
                },
            ),
        ),
        "report": (
            "press",
            lambda client: client.post(
                reverse("dashboards:report_start", args=[region]),
                {"start": "2025-01-01", "end": "2025-12-31"},
            ),
        ),
        "dashboard": ("press", lambda client: client.get(dashboard)),
        # The probe says so, quickly (a hung Redis held it for ever).
        "readyz": (None, lambda client: client.get(reverse("readyz"))),
    }
    with broker_at(redis_server.url):
        assert client_for(world.users["press"]).get(dashboard).status_code == 200
        client_for(None).get(reverse("readyz"))  # its checks' first run reads migrations
        assert broker.send_now("portal.tasks.deliver_outbox_task")  # the broker works
        redis_server.stop() if fault == "stopped" else redis_server.hang()

        seconds, statuses = {}, {}
        caplog.set_level(logging.WARNING, logger="portal.infrastructure.broker")
        for name, (who, request) in requests.items():
            client = client_for(who and world.users[who])
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True):
                statuses[name] = request(client).status_code
            seconds[name] = round(time.monotonic() - started, 2)
        assert statuses == {"material": 302, "report": 302, "dashboard": 200, "readyz": 503}
        assert max(seconds.values()) < 2, seconds
        # Work was handed to the broker and left for the sweeps: the material's
        # second letter, and the report, without waiting for the broker again.
        left = [
            r.getMessage().split(":")[0]
            for r in caplog.records
            if r.name == "portal.infrastructure.broker"
        ]
        assert left == [
            "Broker unavailable, portal.tasks.deliver_outbox_task left for the sweep",
            "Broker unavailable a moment ago, portal.tasks.deliver_outbox_task left for the sweep",
            "Broker unavailable a moment ago, dashboards.tasks.generate_report_task "
            "left for the sweep",
        ]
        assert Submission.objects.count() == 1
        job = ReportJob.objects.get()
        assert job.status == ReportJob.Status.QUEUED
        letters = OutboxEmail.objects.filter(sent_at=None)
        assert sorted(letters.values_list("to", flat=True)) == [
            "press2@example.kz",
            "press@example.kz",
        ]

        # Redis is back: the sweeps send what waited.
        if fault == "stopped":
            redis_server.start()
        else:
            redis_server.wake()
        wait_until(lambda: not broker.paused(), seconds=broker.PAUSE + 5)
        queued = redis_server.queued()
        with django_capture_on_commit_callbacks(execute=True):
            later = timezone.now() + datetime.timedelta(minutes=3)
            assert jobs.sweep(now=later) == {"requeued": 1, "failed": 0}
        assert redis_server.queued() == queued + 1  # the report's task reached Redis
    assert outbox.deliver_due()["sent"] == 2
    assert not letters.exists()
