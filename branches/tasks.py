"""Background tasks of the page audit: thin wrappers around services."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def run_audit_task(as_of: str | None = None) -> dict:
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    run = services.audit_run(as_of=day)
    return {"as_of": day.isoformat(), "audited": run.audited, "worse": len(run.worse)}
