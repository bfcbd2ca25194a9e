"""Django's cache backends, counting gets, hits and misses for the metrics
(django-prometheus's own counters; its Redis backend needs django-redis, and
its file backend turns a cached 0 or "" into the default)."""

from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

_MISSING = object()


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


class RedisCache(_Measured, DjangoRedisCache):
    metrics_label = "redis"
