"""/metrics for Prometheus: django-prometheus's counters (requests, latency,
database, cache) and the portal's own gauges, read when scraped.

The ground knows the outbox, the beat's heartbeat and the broker's queue;
an app above adds its own gauges with `register()` in its AppConfig.ready
(the report jobs: `dashboards`). Only a request with the bearer token
METRICS_TOKEN, or from METRICS_ALLOWED_IPS, gets an answer; anyone else 404.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import prometheus_client
from celery import current_app as celery_app
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

from ..models import OutboxEmail
from .health import beat_last_run
from .monitoring import may_monitor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gauge:
    """A figure read at every scrape. With `label`, `read` returns a mapping
    {label value: figure}, one sample each (e.g. connections by status)."""

    name: str
    documentation: str
    read: Callable[[], float | Mapping[str, float] | None]  # None: the gauge is left out
    label: str = ""


_gauges: list[Gauge] = []


def register(gauge: Gauge) -> None:
    """Add a gauge read at every scrape (apps call it in AppConfig.ready)."""
    if all(existing.name != gauge.name for existing in _gauges):
        _gauges.append(gauge)


def queue_length() -> float | None:
    """Messages waiting in Celery's default queue (Redis only: a list per
    priority level, the default one named after the queue)."""
    if not settings.REDIS_URL:
        return None
    import redis

    queue = celery_app.conf.task_default_queue
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        keys = [queue, *client.scan_iter(match=f"{queue}\x06\x16*", count=100)]
        return float(sum(client.llen(key) for key in keys))
    finally:
        client.close()


def _outbox(state: str) -> Callable[[], float]:
    def read() -> float:
        letters = OutboxEmail.objects.filter(sent_at__isnull=True)
        if state == "waiting":
            letters = letters.filter(failed_at__isnull=True)
        else:
            letters = letters.filter(failed_at__isnull=False)
        return float(letters.count())

    return read


def _beat_timestamp() -> float | None:
    last = beat_last_run()
    return last.timestamp() if last else None


def _beat_age() -> float | None:
    last = beat_last_run()
    return (timezone.now() - last).total_seconds() if last else None


register(
    Gauge(
        "profinfo_celery_queue_length",
        "Tasks waiting in the Celery default queue (Redis LLEN).",
        queue_length,
    )
)
register(
    Gauge(
        "profinfo_outbox_waiting",
        "E-mails not sent yet and still being tried.",
        _outbox("waiting"),
    )
)
register(
    Gauge(
        "profinfo_outbox_given_up",
        "E-mails given up after the last attempt (see the admin: Outgoing e-mails).",
        _outbox("given_up"),
    )
)
register(
    Gauge(
        "profinfo_beat_last_run_timestamp_seconds",
        "When the beat's every-minute outbox sweep last ran (Unix time).",
        _beat_timestamp,
    )
)
register(
    Gauge(
        "profinfo_beat_last_run_age_seconds",
        "Seconds since the beat's every-minute outbox sweep last ran.",
        _beat_age,
    )
)


class PortalCollector:
    """Reads every registered gauge; one that fails is reported as an error
    gauge rather than breaking the scrape."""

    def collect(self):
        errors = GaugeMetricFamily(
            "profinfo_metric_errors", "Gauges that could not be read this scrape.", labels=["name"]
        )
        for gauge in list(_gauges):
            try:
                value = gauge.read()
            except Exception as error:  # one unreachable source must not hide the others
                log.warning("metrics: %s could not be read: %s", gauge.name, error)
                errors.add_metric([gauge.name], 1.0)
                continue
            if value is None:
                continue
            if gauge.label:
                family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=[gauge.label])
                for label_value, figure in sorted(value.items()):
                    family.add_metric([str(label_value)], float(figure))
                yield family
            else:
                yield GaugeMetricFamily(gauge.name, gauge.documentation, value=value)
        yield errors


@never_cache
@require_GET
def metrics(request):
    """Prometheus's text format; 404 for anyone without the token or address."""
    if not may_monitor(request):
        raise Http404
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        # gunicorn's workers each count their own requests; their files add up.
        process_registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(process_registry)
    else:
        process_registry = prometheus_client.REGISTRY
    portal_registry = prometheus_client.CollectorRegistry()
    portal_registry.register(PortalCollector())
    body = prometheus_client.generate_latest(process_registry) + prometheus_client.generate_latest(
        portal_registry
    )
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
