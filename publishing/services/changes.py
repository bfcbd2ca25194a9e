"""Writes of publications. Who learns of them is the model's business: its
manager (`portal.freshness.RegionQuerySet`) tells the cached pages of the
regions an update touched, and its `figure_fields` which updates they show.
"""

from __future__ import annotations


def _set(rows, **fields) -> int:
    """UPDATE the publications (a step of their workflow): the pages of their
    regions that cache what they show (the dashboards count sent publications,
    the calendar draws their states) learn of it once the transaction commits."""
    return rows.update(**fields)


def _note(rows, **fields) -> int:
    """UPDATE fields no cached page shows (an edit's bookkeeping, Instagram's
    container; outside `Publication.figure_fields`): the boards and dashboards
    are left as they are."""
    return rows.update(**fields)
