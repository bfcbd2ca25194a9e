"""The nightly housekeeping: by hand, twice, and on a real Celery worker."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from config.celery import app
from portal import services
from portal.models import LoginFailure
from portal.tasks import housekeeping_task


def _old_records():
    fresh = SessionStore()
    fresh["x"] = 1
    fresh.create()
    stale = SessionStore()
    stale["x"] = 2
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    attempt = AccessAttempt.objects.create(
        username="press", ip_address="10.0.0.1", user_agent="test", failures_since_start=3
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=2)
    )
    # Wrong passwords per address: one past its hour, one within it.
    services.login_failure_record(address="10.0.0.1")
    services.login_failure_record(address="10.0.0.1")
    LoginFailure.objects.filter(pk=LoginFailure.objects.earliest("pk").pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    return fresh.session_key, stale.session_key


@pytest.mark.django_db
def test_the_command_runs_the_same_code_and_is_safe_to_repeat(capsys):
    fresh, _stale = _old_records()
    call_command("housekeeping")
    assert "сессий 1" in capsys.readouterr().out
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh]
    assert not AccessAttempt.objects.exists()
    assert LoginFailure.objects.count() == 1
    call_command("housekeeping")
    out = capsys.readouterr().out
    assert "сессий 0, попыток входа 0" in out and "неверных паролей по адресам 0" in out


def test_the_schedule_runs_housekeeping_every_night():
    entry = app.conf.beat_schedule["housekeeping-nightly"]
    assert entry["task"] == housekeeping_task.name
    assert entry["schedule"].hour == {3}


@pytest.mark.celery_worker
def test_housekeeping_on_a_real_worker(celery_worker):
    fresh, _stale = _old_records()
    result = housekeeping_task.apply_async(queue=celery_worker.queue)
    assert result.get(timeout=60) == {
        "sessions": 1,
        "attempts": 1,
        "failures": 0,
        "password_resets": 0,
        "address_failures": 1,
    }
    assert list(Session.objects.values_list("session_key", flat=True)) == [fresh]


@pytest.mark.parametrize("command", ["send_reminders", "send_submission_reminders"])
def test_a_daily_command_refuses_a_date_it_cannot_read(command):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command(command, "--today", "25.03.2026")
