"""Background tasks of the portal: thin wrappers around services."""

from celery import shared_task
from django.conf import settings

from . import services
from .infrastructure import backup, outbox
from .infrastructure.health import BEAT_HEARTBEAT


@shared_task
def housekeeping_task() -> dict:
    return services.housekeeping_run()


@shared_task
def deliver_outbox_task(*, from_beat: bool = False) -> dict:
    """Send the e-mails that are due (after a commit, and every minute).

    The beat's run says so (`from_beat`), and leaves a heartbeat behind."""
    if from_beat:
        services.heartbeat_record(name=BEAT_HEARTBEAT)
    return outbox.deliver_due()


@shared_task
def backup_task() -> dict:
    """The nightly backup into BACKUP_DIR, keeping the newest BACKUP_KEEP."""
    archive = backup.create(folder=settings.BACKUP_DIR)
    pruned = backup.prune(folder=settings.BACKUP_DIR, keep=settings.BACKUP_KEEP)
    return {"archive": str(archive), "pruned": len(pruned)}
