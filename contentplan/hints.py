"""What an app above the content plan teaches the plan from the posts' reach.

The reach of the posts is measured and read above this app, which may not
import it. That app gives its `PostExtension` (`contentplan.extensions`) two
hooks: `rubric_hours(region_id=...)` → `{rubric_id: HourHint}`, the hours the
post form suggests for each rubric, and `rubric_medians(region_id=..., end=...)`
→ `{rubric_id: ReachMedian}`, each rubric's median reach for the month's
balance. Each is asked once a page, only when registered; with nothing
registered the form suggests nothing and the balance shows no reach.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import extensions


@dataclass(frozen=True)
class HourHint:
    """The hours of a rubric's highest median reach, best first, and the
    number of posts the suggestion stands on."""

    hours: list[int]
    posts: int

    @property
    def labels(self) -> list[str]:
        return [f"{hour:02d}:00" for hour in self.hours]


@dataclass(frozen=True)
class ReachMedian:
    median: float
    posts: int


def rubric_hours(*, region_id: int) -> dict[int, HourHint]:
    found: dict[int, HourHint] = {}
    for extension in extensions.registered():
        if extension.rubric_hours is not None:
            found.update(extension.rubric_hours(region_id=region_id))
    return found


def rubric_medians(*, region_id: int, end: datetime.date) -> dict[int, ReachMedian]:
    found: dict[int, ReachMedian] = {}
    for extension in extensions.registered():
        if extension.rubric_medians is not None:
            found.update(extension.rubric_medians(region_id=region_id, end=end))
    return found
