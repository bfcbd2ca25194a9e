"""The minute's publishing run: a thin task around the service, safe to repeat."""

from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import services


@shared_task
def publish_due_task(now: str | None = None) -> dict:
    """Publish what is due; reconcile what a dead worker left «sending»."""
    moment = parse_datetime(now) if now else None
    return services.publish_due(now=moment).summary()
