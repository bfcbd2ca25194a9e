"""A table of status steps and who may take each: the one way every app's
workflow (plans, posts, materials, questions) answers «may this user move it
there?» and «where may this user move it now?».
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Transitions:
    """(from, to) → who may take the step. A step missing from the table is
    refused whoever asks; the objects moved have a `status`."""

    def __init__(self, table: dict[tuple[str, str], Callable[[Any, Any], bool]]):
        self.table = table

    def may_move(self, user, obj, to: str) -> bool:
        allowed = self.table.get((obj.status, to))
        return allowed is not None and allowed(user, obj)

    def targets(self, user, obj) -> list[str]:
        """The statuses this user may move the object to now, in the table's order."""
        return [
            to for (start, to) in self.table if start == obj.status and self.may_move(user, obj, to)
        ]
