"""Redis really stopped: a committed change never answers 500 and loses nothing.

A private redis-server is started, the portal's broker (and, for the question
form, its cache) pointed at it, and the server stopped. Requesting a report,
returning a material and asking a question must all answer as usual, with
their work recorded in the database; once Redis is back, the sweeps send it.
"""

from __future__ import annotations

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import broker_at, require
from dashboards import jobs
from dashboards.models import ReportJob
from materials.models import Submission
from materials.tests.test_workflow import send
from portal import broker, outbox
from portal.models import OutboxEmail
from questions.models import Question


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.path = shutil.which("redis-server")
        require(bool(self.path), "redis-server is not installed (apt-get install redis-server)")
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.path, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("the test's redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def queued(self, queue: str = "celery") -> int:
        import redis

        return redis.Redis.from_url(self.url).llen(queue)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


def test_committed_work_survives_a_redis_outage(
    world, client_for, settings, redis_server, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
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

        # Redis is back: the sweeps send what waited.
        redis_server.start()
        later = timezone.now() + datetime.timedelta(minutes=3)
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.sweep(now=later) == {"requeued": 1, "failed": 0}
        assert redis_server.queued() == 1  # the report's task reached the broker
    assert outbox.deliver_due()["sent"] >= 1
    assert any(m.to == [world.users["chair"].email] for m in mail.outbox)
