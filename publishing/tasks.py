"""The minute's publishing run: a thin task around the service, safe to repeat."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import services


@shared_task
def publish_due_task(now: str | None = None) -> dict:
    """Publish what is due; reconcile what a dead worker left «sending»."""
    moment = parse_datetime(now) if now else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the portal's time (Asia/Almaty)
    return services.publish_due(now=moment).summary()


@shared_task
def publication_delete_task(publication_id: int) -> str:
    """Delete one publication from its network (asked for after a commit);
    a second run of the same task finds nothing due and calls nothing."""
    return services.deletion_attempt(publication_id=int(publication_id))


@shared_task
def publication_edit_task(publication_id: int) -> str:
    """Put a publication's changed text on its network."""
    return services.edit_attempt(publication_id=int(publication_id))
