"""Handing work to Celery without ever failing a committed change.

A service records what must happen (an outbox letter, a queued report job) in
its own transaction; `send_after_commit` then asks a worker by task name. If
the broker (Redis) is down, the request is dropped with a log line and the
caller's page still answers: the beat's sweeps find the recorded work and send
it once the broker is back. Asking by name also keeps the ground floor free of
imports of the floors above it.
"""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def send_now(name: str, args: tuple | list = (), **options) -> bool:
    """Send the task; False (and a warning) if the broker cannot take it."""
    from .celery import app

    try:
        app.send_task(name, args=list(args), **options)
    except Exception as error:
        log.warning("Broker unavailable, %s left for the sweep: %s", name, error)
        return False
    return True


def send_after_commit(name: str, args: tuple | list = (), **options) -> None:
    """Send the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(name, args, **options))
