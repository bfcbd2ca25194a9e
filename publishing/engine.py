"""One engine for an operation on a network: publish, edit and delete.

Each is claim → attempt → record (done, or failed: tried again with back-off
for an hour, or given up and the press secretaries told) → sweep (the
minute's run tries whatever is due). A `Kind` says, for one operation,
which axis of the publication it moves and through which states, in which
columns it keeps its attempts, next try and claim, and what its call and
its outcomes are; the engine does the rest the same way for all three.

The columns stay on `Publication` (publish and delete share the first set,
one after the other; an edit has its own): a row per operation would
duplicate what the row already holds, and the exactly-once guarantees rest
on conditional UPDATEs of the publication's own columns (see `claim`).
Every move of a state goes through `workflow.move`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

import networks
from channels import crypto
from networks import Limits
from networks.base import Network
from networks.errors import NetworkError
from portal.infrastructure.broker import send_after_commit, send_now

from .models import Publication
from .workflow import By, move

log = logging.getLogger(__name__)
# A claim older than this has lost its worker (a call takes seconds).
STALE_AFTER = datetime.timedelta(minutes=10)
HELD = "held"  # a run's rate limit holds its network: not claimed, not tried


@dataclass(frozen=True)
class Columns:
    """Where an operation keeps its bookkeeping on the publication."""

    attempts: str
    next_at: str
    first_tried_at: str
    claimed_at: str
    error_code: str
    error_params: str


SHARED = Columns(
    "attempts", "next_attempt_at", "first_tried_at", "claimed_at", "error_code", "error_params"
)
EDITS = Columns(
    "edit_attempts",
    "edit_next_at",
    "edit_first_tried_at",
    "edit_claimed_at",
    "edit_error_code",
    "edit_error_params",
)


def _nothing(*args, **kwargs):
    return None


@dataclass(frozen=True)
class Kind:
    """One operation on a network, as the engine drives it."""

    name: str
    axis: str  # the publication's column that carries its state
    due: str  # the state a try is due in
    busy: str  # the state while one run has it (= due: the claim is a lease)
    gave_up: str  # the state after a refusal, or an hour of tries
    columns: Columns
    write: Callable[..., int]  # an UPDATE that pages which cache it learn of, or one they do not
    # The call: returns what the network answered, raises NetworkError.
    call: Callable[[Publication, Limits | None], Any]
    # Records the call's success; returns the outcome's name.
    succeed: Callable[[Publication, Any, datetime.datetime], str]
    # Told to the press secretaries when the operation gives up.
    tell: Callable[[Publication, str, NetworkError], None]
    done: str  # the outcome's name when it succeeded («sent», «edited», «deleted»)
    prefix: str = ""  # of the other outcomes' names in a run's summary
    # Conditions the publication meets besides its state (an edit: it is out).
    scope: dict = field(default_factory=dict)
    # Errors that mean the work is done already (a message already gone).
    settled: tuple[str, ...] = ()
    # Asked by name for the next try, if a worker should make it (not the run).
    task: str | None = None
    # Whether the claim carries the clock's time (else the run's moment).
    clock: bool = False
    # Checked before the claim: whether the publication may go at all.
    ready: Callable[[int, datetime.datetime], bool] = lambda pk, now: True
    # A verdict before the common rule (publishing: «unknown»); may change fields.
    judge: Callable[[Publication, NetworkError, dict], str | None] = _nothing
    # The failure's UPDATE also requires (an edit: the text it took is the latest).
    holds: Callable[[Publication], dict] = lambda publication: {}
    # When the failure's UPDATE found the operation moved on meanwhile.
    lost: Callable[[Publication, datetime.datetime], str | None] = _nothing
    # States after which the press secretaries are told.
    told: tuple[str, ...] = ()

    def outcome(self, state: str) -> str:
        return self.done if state == self.done else f"{self.prefix}{state}"


# --- Shared pieces ---------------------------------------------------------------------


def network_of(channel_code: str) -> Network:
    """The network a channel of the plan goes out to (of the same code)."""
    return networks.get(channel_code)


def backoff(attempts: int) -> datetime.timedelta:
    seconds = settings.PUBLISHING_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, 15 * 60))


def wait_for(error: NetworkError, attempts: int) -> datetime.timedelta:
    wait = backoff(attempts)
    if error.params.get("seconds") and str(error.params["seconds"]).isdigit():
        wait = max(wait, datetime.timedelta(seconds=int(error.params["seconds"])))
    return wait


def within_window(started, now, wait) -> bool:
    return now + wait - (started or now) <= datetime.timedelta(
        seconds=settings.PUBLISHING_RETRY_SECONDS
    )


def ask(task: str, publication_id: int, *, later: datetime.timedelta | None = None) -> None:
    """Ask a worker for the task by name once the transaction commits (or, for
    a retry, after `later`); if the broker is down the minute's run does it.
    Tests send it to their own worker's queue (`PUBLISHING_TASK_QUEUE`)."""
    queue = getattr(settings, "PUBLISHING_TASK_QUEUE", None)
    options = {"queue": queue} if queue else {}
    if later is None:
        send_after_commit(task, [publication_id], **options)
    else:
        send_now(task, [publication_id], countdown=later.total_seconds(), **options)


def held(publication_id: int, limits: Limits | None) -> bool:
    """Whether a limit this run met holds the publication's network (for its
    token, or for the whole app): then it waits for the next run, unclaimed,
    its attempts untouched, rather than call a network that refuses it."""
    if limits is None or not limits.holding():
        return False
    row = (
        Publication.objects.filter(pk=publication_id)
        .values_list("channel__code", "connection__secret")
        .first()
    )
    if row is None or row[0] not in networks.publishing() or not row[1]:
        return False
    try:
        token = crypto.decrypt(row[1]).reveal()
    except (crypto.SecretUnreadable, crypto.KeyMissing):
        return False  # the attempt records it
    return limits.holds(network_of(row[0]).scopes(token))


# --- The engine ------------------------------------------------------------------------


def claim(kind: Kind, publication_id: int, now: datetime.datetime) -> bool:
    """due → busy, only for one caller, committed before any call.

    The UPDATE's condition names only the publication's own columns: a
    condition through a join would become a subquery, which PostgreSQL does
    not check again after waiting for another claim's lock (both would win).
    A claim that keeps the state (a deletion's) moves the next try on by
    STALE_AFTER: a run whose worker died is due again after it.
    """
    if not kind.ready(publication_id, now):
        return False
    c = kind.columns
    fields = {
        # Whether a claim's worker is alive is a question of real minutes: a
        # run by hand may be told another moment.
        c.claimed_at: timezone.now() if kind.clock else now,
        c.attempts: F(c.attempts) + 1,
        c.first_tried_at: Coalesce(c.first_tried_at, now),
        "updated_at": now,
    }
    if kind.busy == kind.due:
        fields[c.next_at] = now + STALE_AFTER
    rows = Publication.objects.filter(pk=publication_id, **kind.scope, **{f"{c.next_at}__lte": now})
    with transaction.atomic():
        moved = move(
            rows,
            axis=kind.axis,
            start=kind.due,
            to=kind.busy,
            by=By.WORKER,
            write=kind.write,
            **fields,
        )
    return moved == 1


def _load(publication_id: int) -> Publication:
    return Publication.objects.select_related(
        "post__plan", "post__rubric", "channel", "connection__page", "region"
    ).get(pk=publication_id)


def attempt(
    kind: Kind,
    *,
    publication_id: int,
    now: datetime.datetime | None = None,
    limits: Limits | None = None,
) -> str:
    """Claim the operation and make its call; returns the outcome, or "" when
    it was not due (another run has it, or nothing is to be done), or HELD
    when a limit of the run (`limits`) holds its network."""
    now = now or timezone.now()
    if held(publication_id, limits):
        return HELD
    if not claim(kind, publication_id, now):
        return ""
    publication = _load(publication_id)
    try:
        result = kind.call(publication, limits)
    except NetworkError as error:
        if error.code not in kind.settled:
            return failed(kind, publication, error, now)
        result = None
    return kind.succeed(publication, result, now)


def failed(kind: Kind, publication: Publication, error: NetworkError, now) -> str:
    """Record a failed try: due again after a back-off while the hour lasts and
    the error is a passing one, else given up (and the people told)."""
    c = kind.columns
    fields = {c.error_code: error.code, c.error_params: error.params, "updated_at": now}
    state = kind.judge(publication, error, fields)
    if state is None:
        wait = wait_for(error, getattr(publication, c.attempts))
        if error.transient and within_window(getattr(publication, c.first_tried_at), now, wait):
            state, fields[c.next_at] = kind.due, now + wait
            if kind.task:
                ask(kind.task, publication.pk, later=wait)
        else:
            state, fields[c.next_at] = kind.gave_up, None
    with transaction.atomic():
        moved = move(
            Publication.objects.filter(pk=publication.pk, **kind.holds(publication)),
            axis=kind.axis,
            start=kind.busy,
            to=state,
            by=By.WORKER,
            write=kind.write,
            **fields,
        )
        if not moved:
            again = kind.lost(publication, now)
            if again is not None:
                return again
        log.warning("publication %s: %s %s (%s)", publication.pk, kind.name, error.code, state)
        if state in kind.told:
            kind.tell(publication, state, error)
    return state


def sweep(
    kind: Kind, *, now: datetime.datetime, limits: Limits | None = None, order: str = ""
) -> dict[str, int]:
    """Try every operation of the kind that is due; returns how many ended how.
    One publication's trouble (the database, say) does not hold up the others
    of the minute; a claim it left is swept up later."""
    c = kind.columns
    due = Publication.objects.filter(
        **{kind.axis: kind.due, f"{c.next_at}__lte": now}, **kind.scope
    ).order_by(c.next_at, "pk")
    outcomes: dict[str, int] = {}
    for publication_id in list(due.values_list("pk", flat=True)):
        try:
            state = attempt(kind, publication_id=publication_id, now=now, limits=limits)
        except Exception:
            log.exception("publication %s: the %s failed", publication_id, kind.name)
            state = "error"
        if state:
            key = kind.outcome(str(state))
            outcomes[key] = outcomes.get(key, 0) + 1
    return outcomes
