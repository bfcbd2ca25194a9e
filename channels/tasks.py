"""Background work of the connections: thin wrappers around services, ids only."""

import uuid
from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from networks import SharedLimits

from . import logins, services
from .models import Connection, FacebookGrant


def _summary(run: services.CollectRun) -> dict:
    return {"measured": len(run.measured), "failed": len(run.failed), "waiting": len(run.waiting)}


@shared_task(bind=True)
def collect_all_task(self) -> dict:
    """The daily collection, in parts that free workers take side by side (a
    whole union's pages in minutes, not hours), sharing the run's limits.

    Applied in place (`apply()`, `manage.py collect_metrics` style) the parts
    run here, one after another, and the summary is the whole run's."""
    run = self.request.id or uuid.uuid4().hex
    started = timezone.now().isoformat()
    parts = services.collect_parts(size=settings.CHANNELS_COLLECT_PART_SIZE)
    if self.request.is_eager:
        total = {"measured": 0, "failed": 0, "waiting": 0}
        for ids in parts:
            for name, count in collect_part_task.apply(args=[ids, run, started]).get().items():
                total[name] += count
        return total
    # The parts go where the collection came from (a worker of its own, if so).
    queue = (self.request.delivery_info or {}).get("routing_key") or None
    for ids in parts:
        collect_part_task.apply_async(args=[ids, run, started], queue=queue)
    return {"parts": len(parts), "connections": sum(map(len, parts))}


@shared_task
def collect_part_task(connection_ids: list[int], run: str, started: str) -> dict:
    """One part of a collection: its pages, with the run's shared limits; a page
    measured since the run started (this part delivered again) is not called."""
    return _summary(
        services.collect_all(
            connection_ids=connection_ids,
            limits=SharedLimits(run),
            measured_before=datetime.fromisoformat(started),
        )
    )


@shared_task
def collect_connection_task(connection_id: int) -> bool:
    connection = services.collectable().filter(pk=connection_id).first()
    if connection is None:  # disconnected or expired meanwhile
        return False
    return services.connection_collect(connection=connection)


@shared_task
def check_connection_task(connection_id: int) -> bool:
    connection = Connection.objects.select_related("page__region").filter(pk=connection_id).first()
    if connection is None or connection.status != Connection.Status.CHECKING:
        return False  # disconnected, or checked already: a second run changes nothing
    if not services.connection_check(connection=connection):
        return False
    # A page just connected is measured at once, not tomorrow.
    return services.connection_collect(connection=connection)


@shared_task
def telegram_poll_task() -> int:
    return services.telegram_poll_all()


@shared_task
def forget_webhook_task(stored_secret: str) -> bool:
    """deleteWebhook for a disconnected channel; the argument is the encrypted token."""
    return services.forget_webhook(stored_secret=stored_secret)


@shared_task
def facebook_grant_task(grant_id: int) -> bool:
    grant = FacebookGrant.objects.filter(pk=grant_id, status=FacebookGrant.Status.WAITING).first()
    if grant is None:
        return False
    return logins.facebook_grant_exchange(grant=grant)
