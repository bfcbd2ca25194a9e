"""Background work of the connections: thin wrappers around services, ids only."""

from celery import shared_task

from . import services
from .models import Connection, FacebookGrant


@shared_task
def collect_all_task() -> dict:
    run = services.collect_all()
    return {"measured": len(run.measured), "failed": len(run.failed), "waiting": len(run.waiting)}


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
    return services.facebook_grant_exchange(grant=grant)
