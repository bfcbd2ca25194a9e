"""The content plan's figures for the period, and what the branches sent:
the regional report's conclusions and the union's lines draw on both."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from contentplan.models import PlannedPost
from materials.selectors import submission_stats
from portal.models import Region


@dataclass
class PlanTotals:
    planned: int
    due: int
    published: int
    missed: int
    own: int
    featured_branches: int
    branches: int


def totals(region: Region, start: datetime.date, end: datetime.date) -> PlanTotals:
    posts = PlannedPost.objects.filter(plan__region=region, date__gte=start, date__lte=end)
    row = posts.aggregate(
        planned=Count("pk"),
        due=Count("pk", filter=Q(date__lte=timezone.localdate())),
        published=Count("pk", filter=Q(status=PlannedPost.Status.PUBLISHED)),
        missed=Count("pk", filter=Q(status=PlannedPost.Status.MISSED)),
        own=Count(
            "pk",
            filter=Q(status=PlannedPost.Status.PUBLISHED, origin=PlannedPost.Origin.OWN),
        ),
        featured_branches=Count(
            "branch", distinct=True, filter=~Q(status=PlannedPost.Status.MISSED)
        ),
    )
    return PlanTotals(**row, branches=region.branches.count())


def submissions(region: Region, start: datetime.date, end: datetime.date) -> tuple[int, int]:
    lines = submission_stats(region_ids=[region.pk], since=start, until=end, with_medians=False)
    return sum(line.submitted for line in lines), sum(line.accepted for line in lines)
