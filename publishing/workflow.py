"""Which state of a publication may follow which, who takes each step, and
what it means: one table per axis, as `contentplan/workflow.py` has for posts.

A publication has two axes: `state` (is the post on the network?) and
`edit_state` (is the network's text the saved one?). Every conditional
UPDATE that moves either goes through `move`, which refuses a step the
table lacks (`IllegalMove`), so the table is the whole of what the code can
do. Who: a WORKER is the minute's run or a task (claim, call, record); a
PERSON is the region's press secretary acting on the post's panel or plan.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from .models import Publication

S = Publication.State
E = Publication.Edit


class By(StrEnum):
    WORKER = "worker"
    PERSON = "person"


@dataclass(frozen=True)
class Step:
    by: frozenset[By]
    means: str


def _step(by: By | tuple[By, ...], means: str) -> Step:
    return Step(frozenset(by if isinstance(by, tuple) else (by,)), means)


# (from, to) → who and what it means.
STATE: dict[tuple[str, str], Step] = {
    (S.WAITING, S.SENDING): _step(By.WORKER, "claimed by one run, committed before the call"),
    (S.SENDING, S.SENT): _step(By.WORKER, "the network answered with the post's id"),
    # A late answer of a call whose claim was reconciled meanwhile still counts.
    (S.WAITING, S.SENT): _step(By.WORKER, "a reconciled call's answer came after all"),
    (S.FAILED, S.SENT): _step(By.WORKER, "a reconciled call's answer came after all"),
    (S.SENDING, S.WAITING): _step(
        By.WORKER, "failed for now (tried again later), or its dead worker's post is looked for"
    ),
    (S.SENDING, S.FAILED): _step(By.WORKER, "refused, or an hour of tries ran out"),
    (S.SENDING, S.UNKNOWN): _step(
        By.WORKER, "may have gone out and the network cannot be asked: a person confirms"
    ),
    (S.FAILED, S.WAITING): _step(By.PERSON, "«Повторить»: a new round"),
    (S.UNKNOWN, S.WAITING): _step(By.PERSON, "confirmed not out: a new round"),
    (S.UNKNOWN, S.SENT): _step(
        (By.PERSON, By.WORKER),
        "confirmed out, with its address; or a reconciled call's answer came after all",
    ),
    (S.SENT, S.DELETING): _step(
        By.PERSON, "«Удалить из сети», or the post deleted from the plan with its copies"
    ),
    (S.KEPT, S.DELETING): _step(By.PERSON, "«Повторить» of a deletion the network refused"),
    # The state stays: the claim is a lease (the next try moves on by it).
    (S.DELETING, S.DELETING): _step(
        By.WORKER, "claimed by one run for one call, or failed for now: tried again later"
    ),
    (S.DELETING, S.DELETED): _step(By.WORKER, "gone from the network (or was already)"),
    (S.DELETING, S.KEPT): _step(By.WORKER, "refused, or an hour of tries ran out"),
}

_saved = "the text was saved with a change"
EDIT: dict[tuple[str, str], Step] = {
    (E.NONE, E.WAITING): _step(By.PERSON, _saved),
    (E.WAITING, E.WAITING): _step(By.PERSON, _saved + " again before the edit"),
    (E.FAILED, E.WAITING): _step(By.PERSON, _saved + ", or «Повторить» of a failed edit"),
    (E.MANUAL, E.WAITING): _step(By.PERSON, _saved),
    # Instagram's caption cannot be changed through the API.
    (E.NONE, E.MANUAL): _step(By.PERSON, _saved + " for a network the portal cannot edit"),
    (E.WAITING, E.MANUAL): _step(By.PERSON, _saved + " for a network the portal cannot edit"),
    (E.FAILED, E.MANUAL): _step(By.PERSON, _saved + " for a network the portal cannot edit"),
    (E.MANUAL, E.MANUAL): _step(By.PERSON, _saved + " for a network the portal cannot edit"),
    (E.WAITING, E.EDITING): _step(By.WORKER, "claimed by one run, committed before the call"),
    (E.EDITING, E.NONE): _step(By.WORKER, "done, or the publication left the network"),
    (E.EDITING, E.WAITING): _step(
        By.WORKER, "failed for now, a newer text was saved meanwhile, or its worker died"
    ),
    (E.EDITING, E.FAILED): _step(By.WORKER, "refused, or an hour of tries ran out"),
    (E.WAITING, E.NONE): _step(By.WORKER, "the publication is no longer on the network"),
}

AXES: dict[str, dict[tuple[str, str], Step]] = {"state": STATE, "edit_state": EDIT}


class IllegalMove(Exception):
    """A step the table lacks: a mistake in the code, never a user's."""


def allowed(axis: str, start: str, to: str, by: By) -> bool:
    step = AXES[axis].get((start, to))
    return step is not None and by in step.by


def move(
    rows,
    *,
    axis: str = "state",
    start: str | Iterable[str],
    to: str,
    by: By,
    write: Callable[..., int],
    **fields,
) -> int:
    """UPDATE the rows among `rows` on one of the `start` states to `to`, with
    `fields`, through `write` (which says who learns of it); returns how many
    moved. Raises IllegalMove, before any UPDATE, if a step is not in the table."""
    starts = [start] if isinstance(start, str) else list(start)
    for each in starts:
        if not allowed(axis, each, to, by):
            raise IllegalMove(f"{axis}: {each!r} → {to!r} by {by}")
    return write(rows.filter(**{f"{axis}__in": starts}), **{axis: to}, **fields)
