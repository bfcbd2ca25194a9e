"""What the plan learns from reach: each rubric's best hours for the post form,
and each rubric's median reach for the month's balance.

Both read the region's measured posts of the last `DAYS` days in one query
(`selectors.posts`); a rubric whose posts' reach is known for fewer than
`MINIMUM_POSTS` suggests no hours: a median of three posts is chance, not a
lesson.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from statistics import median

from django.utils import timezone

from contentplan.hints import HourHint, ReachMedian

from . import selectors

DAYS = 90
MINIMUM_POSTS = 5
# How many hours the form suggests, best first.
HOURS = 3


def _known(*, region_id: int, end: date) -> list[selectors.PostReach]:
    rows = selectors.posts(start=end - timedelta(days=DAYS - 1), end=end, region=region_id)
    return [row for row in rows if row.rubric_id is not None and row.reach is not None]


def best_hours(*, region_id: int, today: date | None = None) -> dict[int, HourHint]:
    """{rubric_id: the hours (in the portal's time zone) of the highest median
    reach over the last 90 days, and the number of posts behind them} for the
    rubrics with at least `MINIMUM_POSTS` measured posts."""
    today = today or timezone.localdate()
    by_rubric: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in _known(region_id=region_id, end=today):
        by_rubric[row.rubric_id][timezone.localtime(row.posted_at).hour].append(row.reach)
    found = {}
    for rubric_id, hours in by_rubric.items():
        posts = sum(len(reaches) for reaches in hours.values())
        if posts < MINIMUM_POSTS:
            continue
        ranked = sorted(hours, key=lambda hour: (-median(hours[hour]), -len(hours[hour]), hour))
        found[rubric_id] = HourHint(hours=ranked[:HOURS], posts=posts)
    return found


def rubric_medians(*, region_id: int, end: date) -> dict[int, ReachMedian]:
    """{rubric_id: the median reach of its measured posts of the 90 days up to
    `end`, and how many}; a rubric without a measured post is absent."""
    by_rubric: dict[int, list[int]] = defaultdict(list)
    for row in _known(region_id=region_id, end=end):
        by_rubric[row.rubric_id].append(row.reach)
    return {
        rubric_id: ReachMedian(median=median(reaches), posts=len(reaches))
        for rubric_id, reaches in by_rubric.items()
    }
