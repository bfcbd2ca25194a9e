"""Django's cache backends, counting gets, hits and misses for the metrics
(django-prometheus's own counters; its Redis backend needs django-redis, and
its file backend turns a cached 0 or "" into the default).

The portal reads and writes its cache through `portal.freshness`, which
takes a cache error for a miss. So that a page never waits on a Redis that
is down, the Redis backend has short timeouts (redis-py waits 5 s for a
connection and 5 s for each answer), and after a failure gives up at once for
`PAUSE` seconds: one page writes the cache several times, and a hung or
unreachable Redis would make each write wait.
"""

import functools
import os
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.utils.functional import cached_property
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

_MISSING = object()
# Seconds to connect to Redis and to get an answer, unless the settings' OPTIONS
# say otherwise: a Redis nearby answers in a millisecond.
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
# Seconds after a failure during which the Redis cache gives up at once.
PAUSE = 5.0
# Cache location → the monotonic moment until which it gives up at once.
_paused_until: dict[str, float] = {}


class _Measured:
    metrics_label = ""

    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend=self.metrics_label).inc()
        value = super().get(key, _MISSING, version=version)
        if value is _MISSING:
            django_cache_misses_total.labels(backend=self.metrics_label).inc()
            return default
        django_cache_hits_total.labels(backend=self.metrics_label).inc()
        return value


class FileBasedCache(_Measured, DjangoFileBasedCache):
    metrics_label = "filebased"

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """Only one of several callers adds the key, as Redis' SET NX does
        (portal.freshness takes its rebuild lock with `add`); Django's reads,
        then writes. The entry is written aside and linked into place: the
        link fails when the key's file exists, and nobody sees it half written."""
        if self.has_key(key, version):  # an expired file is removed here
            return False
        self._createdir()
        self._cull()
        fd, aside = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as file:
                self._write_content(file, timeout, value)
            os.link(aside, self._key_to_file(key, version))
        except FileExistsError:
            return False
        finally:
            os.remove(aside)
        return True


class _Pausing:
    """Django's Redis client, giving up at once for a while after Redis failed."""

    def __init__(self, client, location: str):
        self._client, self._location = client, location

    def __getattr__(self, name):
        method = getattr(self._client, name)
        errors = (self._client._lib.ConnectionError, self._client._lib.TimeoutError)

        @functools.wraps(method)
        def call(*args, **kwargs):
            if time.monotonic() < _paused_until.get(self._location, 0.0):
                raise self._client._lib.ConnectionError("Redis failed a moment ago")
            try:
                return method(*args, **kwargs)
            except errors:
                _paused_until[self._location] = time.monotonic() + PAUSE
                raise

        return call


class RedisCache(_Measured, DjangoRedisCache):
    metrics_label = "redis"

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options = {**TIMEOUTS, **self._options}

    @cached_property
    def _cache(self):
        return _Pausing(self._class(self._servers, **self._options), ",".join(self._servers))
