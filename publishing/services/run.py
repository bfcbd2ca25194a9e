"""The run of every minute: publish what is due, and sweep deletions and
edits whose task was lost, failed for now, or died."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from networks import Limits

from .. import engine
from ..engine import HELD
from .deleting import deletions_due
from .due import publications_create
from .editing import edits_due
from .publish import PUBLISH, reconcile


@dataclass
class Run:
    """What a run did, each part under its own key: the reconcile's «unknown»
    (a dead worker's Telegram call) is not an attempt's (a call of this run
    that may have published)."""

    created: int = 0
    reconciled: dict = field(default_factory=dict)  # to_check, unknown
    attempted: dict = field(default_factory=dict)  # the state after each attempt
    # Due, but not tried: a rate limit this run met holds their network.
    held: int = 0
    deletions: dict = field(default_factory=dict)
    edits: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "created": self.created,
            "reconciled": dict(self.reconciled),
            "attempted": dict(self.attempted),
            "held": self.held,
            "deletions": dict(self.deletions),
            "edits": dict(self.edits),
        }


def publish_due(*, now: datetime.datetime | None = None) -> Run:
    """Everything the minute's beat does; safe to run twice at once.

    A rate limit a network names and the run does not wait out holds for the
    rest of the run in its scope (`Limits`, as in a collection): after
    Graph's application limit no publication, deletion or edit of this run
    calls Facebook or Instagram again; after a bot's or a page's limit, none
    with that token. Those wait for the next run, their attempts untouched.
    """
    now = now or timezone.now()
    run = Run()
    limits = Limits()
    run.reconciled = reconcile(now=now)
    run.created = publications_create(now=now)
    run.attempted = engine.sweep(PUBLISH, now=now, limits=limits)
    run.held = run.attempted.pop(HELD, 0)
    # Deletions and edits asked for whose task was lost, failed for now, or died.
    run.deletions = deletions_due(now=now, limits=limits)
    run.edits = edits_due(now=now, limits=limits)
    return run
