"""Handing work to Celery without ever failing a committed change.

A service records what must happen (an outbox letter, a queued report job) in
its own transaction; `send_after_commit` then asks a worker by task name. If
the broker (Redis) is down, the request is dropped with a log line and the
caller's page still answers: the beat's sweeps find the recorded work and send
it once the broker is back. Asking by name also keeps the ground floor free of
imports of the floors above it, and the app is Celery's current one (config's,
loaded with the settings), never imported.

So a page never waits for a broker that is down, a send tries once, with
short timeouts of its own (Celery's defaults retry for seconds, and a stopped
Redis held each request for 19 s), and after a failure the next sends of the
same process give up at once for `PAUSE` seconds.
"""

from __future__ import annotations

import logging
import time

from celery import current_app as app
from django.db import transaction
from kombu import pools

log = logging.getLogger(__name__)

# Seconds to wait for the broker to accept a connection, and then to answer a
# command: a Redis nearby answers in a millisecond. With the cache's own (the
# same Redis, portal/infrastructure/cache.py), they keep a page within the 2 s it may take
# when Redis is down (stopped: refused at once; unreachable or hung: these).
CONNECT_TIMEOUT = 0.5
COMMAND_TIMEOUT = 0.5
# After a failure, sends give up without trying for this long: a request that
# sends two tasks waits once, and so does each process once per pause.
PAUSE = 5.0

# Broker URL → the monotonic moment until which sends to it give up at once.
_paused_until: dict[str, float] = {}


def paused() -> bool:
    """Whether sends give up at once, the broker having failed a moment ago."""
    return time.monotonic() < _paused_until.get(app.conf.broker_url, 0.0)


def _connection():
    """A connection to the app's broker that tries once, with short timeouts.

    Its options differ from the app's, so kombu keeps a pool of its own for it
    (the worker and the beat keep theirs, which wait and retry)."""
    options = {
        **(app.conf.broker_transport_options or {}),
        "max_retries": 0,
        "socket_connect_timeout": CONNECT_TIMEOUT,
        "socket_timeout": COMMAND_TIMEOUT,
    }
    return app.connection_for_write(connect_timeout=CONNECT_TIMEOUT, transport_options=options)


def check() -> None:
    """Connect to the broker as a send would, or raise (for /readyz)."""
    with _connection() as connection:
        connection.ensure_connection(max_retries=0, timeout=CONNECT_TIMEOUT)


def send_now(name: str, args: tuple | list = (), **options) -> bool:
    """Send the task; False (and a warning) if the broker cannot take it."""
    url = app.conf.broker_url
    if paused():
        log.warning("Broker unavailable a moment ago, %s left for the sweep", name)
        return False
    try:
        with pools.producers[_connection()].acquire(block=True, timeout=1) as producer:
            # No retries (the sweep is the retry), and nobody reads a result
            # of these sends: without ignore_result, Celery first subscribes to
            # the result in the result store, which retries for 19 s.
            app.send_task(
                name,
                args=list(args),
                producer=producer,
                retry=False,
                ignore_result=True,
                **options,
            )
    except Exception as error:
        _paused_until[url] = time.monotonic() + PAUSE
        log.warning("Broker unavailable, %s left for the sweep: %s", name, error)
        return False
    return True


def send_after_commit(name: str, args: tuple | list = (), **options) -> None:
    """Send the task once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_now(name, args, **options))
