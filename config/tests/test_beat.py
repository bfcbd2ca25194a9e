"""Exactly one Celery beat: with Redis, RedBeat's lock lets one schedule and
keeps any other waiting, also across a Redis outage; without Redis, the file
schedule under var/."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import RedisServer, wait_until

BASE_DIR = Path(__file__).resolve().parents[2]
ACQUIRED = "beat: Acquired lock"
WAITING = "beat: Acquiring lock..."
EXTENDING = "beat: Extending lock..."
TICK = "beat: Waking up"
UNAVAILABLE = "beat: Redis does not answer"


class Beat:
    """A `celery -A config beat` process whose log is read as it comes."""

    def __init__(self, redis_url: str, *, max_interval: float = 1):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=DEBUG",
                # Look at the schedule (and the lock) every second, not every 30 s.
                f"--max-interval={max_interval}",
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
        wait_until(lambda: text in self.log or self.process.poll() is not None, seconds)
        return text in self.log

    def count(self, text: str) -> int:
        return self.log.count(text)

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def test_a_second_beat_waits_for_the_lock_and_takes_over_when_the_first_stops(redis_server):
    first = Beat(redis_server.url)
    second = None
    try:
        assert first.wait_for(ACQUIRED, 30), first.log
        second = Beat(redis_server.url)
        assert second.wait_for(WAITING, 30), second.log
        # The first renews its lock every second: the second keeps waiting.
        # Long enough to know: the first has renewed it more times than its
        # 3 s lifetime would have needed to lapse, and the second has woken
        # up to look for it three times since.
        renewed, looked = first.count(EXTENDING), second.count(TICK)
        assert wait_until(
            lambda: first.count(EXTENDING) >= renewed + 4 and second.count(TICK) >= looked + 3,
            60,
        ), (first.log, second.log)
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
        ("redis://127.0.0.1:1/0", "config.beat.Scheduler"),
    ],
)
def test_the_scheduler_follows_redis(redis_url, scheduler):
    code = "from config.celery import app; print(app.conf.beat_scheduler)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == scheduler, result.stderr


# A Redis outage, at a fifteenth of production's time: there the beat looks
# every 30 s, its lock lapses after 75 s, and after a 60 s outage the next
# due task must go out within 90 s of Redis's return; here 2 s, 5 s, 4 s, 6 s.
SCALE = 15
MAX_INTERVAL = 30 // SCALE
OUTAGE = 60 / SCALE
BOUND = 90 / SCALE
# An entry of the test's own, due every second, sent to a queue of its own:
# what the beat sends is counted there.
QUEUE = "beat-test"
EVERY_SECOND = (
    "from celery.schedules import schedule\n"
    "from redbeat import RedBeatSchedulerEntry\n"
    "from config.celery import app\n"
    "RedBeatSchedulerEntry('test-every-second', 'portal.tasks.deliver_outbox_task',"
    f" schedule(1), options={{'queue': '{QUEUE}'}}, app=app).save()\n"
)


@pytest.fixture
def redis_with_aof(tmp_path):
    """A Redis of the test's own keeping its data in an append-only file, as
    production's does: the lock a beat holds is there again after a restart."""
    server = RedisServer(folder=tmp_path)
    server.start()
    subprocess.run(
        [sys.executable, "-c", EVERY_SECOND],
        cwd=BASE_DIR,
        env={**os.environ, "REDIS_URL": server.url},
        check=True,
        timeout=60,
    )
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.mark.parametrize("holder", ["rides it out", "dies during it"])
def test_after_a_redis_outage_the_beat_sends_again_within_the_bound(redis_with_aof, holder):
    redis = redis_with_aof
    beats = [Beat(redis.url, max_interval=MAX_INTERVAL) for _ in range(2)]
    try:
        assert wait_until(
            lambda: any(ACQUIRED in beat.log or not beat.running for beat in beats), 60
        )
        assert all(beat.running for beat in beats), beats[0].log + beats[1].log
        first, second = beats if ACQUIRED in beats[0].log else beats[::-1]
        assert second.wait_for(WAITING, 60), second.log
        assert wait_until(lambda: redis.queued(QUEUE) > 0, 10), first.log

        redis.stop()
        if holder == "dies during it":  # without releasing its lock
            first.process.kill()
        # The outage lasts its length, and is seen: the beat that stays has
        # found Redis gone before it comes back.
        ends, missed = time.monotonic() + OUTAGE, second.count(UNAVAILABLE)
        assert wait_until(
            lambda: time.monotonic() >= ends and second.count(UNAVAILABLE) > missed,
            OUTAGE + 60,
        ), second.log
        redis.start()  # from the same append-only file: the lock is back
        back = time.monotonic()
        queued = redis.queued(QUEUE)
        assert wait_until(lambda: redis.queued(QUEUE) > queued, BOUND), (first.log, second.log)
        print(f"sent again {time.monotonic() - back:.1f} s after Redis returned ({holder})")

        assert second.running
        if holder == "rides it out":
            assert first.running
            assert ACQUIRED not in second.log, second.log  # still one beat
        else:
            assert ACQUIRED in second.log, second.log
    finally:
        for beat in beats:
            beat.stop()
