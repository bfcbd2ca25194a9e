"""Exactly one Celery beat, which rides out a Redis outage.

RedBeat keeps the schedule in Redis and schedules only while holding a lock
there, renewed at every tick. As it comes, a beat dies on the first
connection error without releasing its lock, and the lock, saved with Redis's
data, kept the restarted beats waiting for its five minutes: a one-minute
outage stopped publishing for five.

This scheduler stays up instead: while Redis does not answer, it tries again
every `max_interval / 6` seconds (5 s), and carries on with the lock it held
as soon as Redis is back. The lock lapses `LOCK_INTERVALS` beat intervals
(75 s) after its holder last renewed it, so a beat that did die is replaced
that soon after Redis returns. A beat takes the lock in its tick, never
blocking in it, and schedules only in a tick that renewed it: when the lock
lapsed while Redis was away and another beat took it, this one waits again.
"""

from __future__ import annotations

import logging
import math
import time

from celery.signals import beat_init
from kombu.exceptions import OperationalError
from redbeat.schedulers import (
    LUA_EXTEND_TO_SCRIPT,
    RedBeatScheduler,
    acquire_distributed_beat_lock,
    get_redis,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import LockNotOwnedError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("celery.beat")

# The lock lapses this many beat intervals after its last renewal: a tick may
# run one and a half intervals long, and a dead beat is replaced soon.
LOCK_INTERVALS = 2.5
# Redis (or the broker in it) does not answer.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OperationalError)

# RedBeat waits for the lock inside beat's start, looking once a beat interval,
# and a connection error there leaves the beat without a lock, to die at its
# first tick; here the tick takes it.
beat_init.disconnect(acquire_distributed_beat_lock)


class Scheduler(RedBeatScheduler):
    def __init__(self, app, **kwargs):
        super().__init__(app, **kwargs)
        if not app.redbeat_conf.lock_timeout:
            self.lock_timeout = math.ceil(LOCK_INTERVALS * self.max_interval)
        self._waiting = False

    @property
    def retry_interval(self) -> float:
        """Seconds between tries while Redis does not answer or another beat
        holds the lock."""
        return self.max_interval / 6

    def setup_schedule(self):
        # A beat started while Redis is down waits for it (rather than dying,
        # and being restarted until systemd gives up).
        while True:
            try:
                return super().setup_schedule()
            except UNAVAILABLE as error:
                self._unavailable(error)
                time.sleep(self.retry_interval)

    def _unavailable(self, error: Exception) -> None:
        logger.warning(
            "beat: Redis does not answer (%s); trying again in %.1f s", error, self.retry_interval
        )

    def _acquire(self) -> bool:
        """Take the lock if no beat holds it; never blocks."""
        if not self._waiting:
            logger.info("beat: Acquiring lock...")
            self._waiting = True
        client = get_redis(self.app)
        lock = client.lock(self.lock_key, timeout=self.lock_timeout)
        # RedBeat's renewal sets the time left (redis-py's would add to it).
        lock.lua_extend = client.register_script(LUA_EXTEND_TO_SCRIPT)
        if not lock.acquire(blocking=False):
            return False
        logger.info("beat: Acquired lock")
        self.lock, self._waiting = lock, False
        return True

    def tick(self, *args, **kwargs):
        try:
            if self.lock is None and not self._acquire():
                return self.retry_interval
            # RedBeat's tick renews the lock first, and sends what is due.
            return super().tick(*args, **kwargs)
        except LockNotOwnedError:
            logger.warning("beat: The lock lapsed while Redis was away; waiting for it again")
            self.lock = None
            return self.retry_interval
        except UNAVAILABLE as error:
            self._unavailable(error)
            return self.retry_interval

    def close(self):
        try:
            super().close()
        except UNAVAILABLE:
            # Stopping while Redis is away: the lock lapses by itself.
            logger.warning("beat: Could not release the lock: Redis does not answer")
