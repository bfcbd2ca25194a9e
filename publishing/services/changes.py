"""Writes of publications, and who learns of them: the one place where
publishing tells the cached pages (`portal.freshness`) that something changed.
"""

from __future__ import annotations

from portal import freshness


def _set(rows, **fields) -> int:
    """UPDATE the publications; pages that cache what they show (the
    dashboards count sent publications, the calendar draws their states)
    learn of it once the transaction commits."""
    changed = rows.update(**fields)
    if changed:
        freshness.changed()
    return changed


def _note(rows, **fields) -> int:
    """UPDATE fields no cached page shows (an edit's bookkeeping, Instagram's
    container): only the post's panel, drawn on every request, reads them, so
    the cached boards and dashboards of every region are left as they are."""
    return rows.update(**fields)


def _added() -> None:
    """New publications: the same pages learn of them once the transaction commits."""
    freshness.changed()
