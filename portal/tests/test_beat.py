"""Exactly one Celery beat: with Redis, RedBeat's lock lets one schedule and
keeps any other waiting; without Redis, the file schedule under var/."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# A database of the test's own on the same Redis, so a developer's running
# beat (and its lock) is never touched.
TEST_REDIS_DB = 15
ACQUIRED = "beat: Acquired lock"
WAITING = "beat: Acquiring lock..."


class Beat:
    """A `celery -A portal beat` process whose log is read as it comes."""

    def __init__(self, redis_url: str):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel=DEBUG",
                # Look at the schedule (and the lock) every second, not every minute.
                "--max-interval=1",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.log:
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        return text in self.log

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def beat_redis(redis_available):
    import redis

    url = urlsplit(redis_available)._replace(path=f"/{TEST_REDIS_DB}").geturl()
    client = redis.Redis.from_url(url)

    def clean():
        for key in client.scan_iter("profinfo:redbeat:*"):
            client.delete(key)

    clean()
    yield url
    clean()


def test_a_second_beat_waits_for_the_lock_and_takes_over_when_the_first_stops(beat_redis):
    first = Beat(beat_redis)
    second = None
    try:
        assert first.wait_for(ACQUIRED, 30), first.log
        second = Beat(beat_redis)
        assert second.wait_for(WAITING, 30), second.log
        # The first renews its lock every second: the second keeps waiting.
        time.sleep(3)
        assert ACQUIRED not in second.log, second.log
        assert second.process.poll() is None
        assert first.process.poll() is None

        first.stop()
        assert "beat: Releasing lock" in first.log
        # A standby, not a dead process: it schedules as soon as the lock is free.
        assert second.wait_for(ACQUIRED, 10), second.log
    finally:
        first.stop()
        if second is not None:
            second.stop()


@pytest.mark.parametrize(
    ("redis_url", "scheduler"),
    [
        ("", "celery.beat:PersistentScheduler"),
        ("redis://127.0.0.1:1/0", "redbeat.RedBeatScheduler"),
    ],
)
def test_the_scheduler_follows_redis(redis_url, scheduler):
    code = "from portal.celery import app; print(app.conf.beat_scheduler)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == scheduler, result.stderr
