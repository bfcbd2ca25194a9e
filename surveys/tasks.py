"""Background work of surveys: thin tasks around the services, safe to repeat."""

from __future__ import annotations

from celery import shared_task

from portal import dates

from . import services


@shared_task
def purge_addresses_task(today: str | None = None) -> int:
    """Delete the address hashes of surveys that have closed."""
    return services.addresses_purge(today=dates.day_or_today(today))
