"""The dashboards' figures, kept in the cache until what they read changes.

A dashboard is the same for everyone of one role and scope who may see it,
in one language, on one day: its figures (numbers and names, never drawn
HTML: `dashboards.cells` draws them on every visit) are built once and kept
by `portal.freshness.fresh`, until a row of a kind they read (`*_READS`)
changes in the region (the central dashboard: in any region). A post's new
title, which no dashboard shows, leaves them as they are: they read the
posts' figures only. A stale dashboard is rebuilt by one request while the
others are shown the previous one.
"""

from __future__ import annotations

import datetime

from django.utils.translation import get_language

from portal import freshness
from portal.permissions import role_of

from . import selectors

# What the region dashboard reads (a test checks every table its queries touch is here).
REGION_READS = (
    "portal.region",
    "portal.branch",
    "portal.primaryorganisation",
    "branches.socialpage",
    "branches.pagesnapshot",
    "branches.pageaudit",
    "contentplan.rubric",
    "contentplan.channel",
    "contentplan.campaign",
    "contentplan.monthlyplan:figures",
    "contentplan.plannedpost:figures",
    "dashboards.monthfigure",
    "bulletins.bulletin",
    "bulletins.collection",
    "bulletins.section",
    "bulletins.item",
    "questions.question",
    "brand.standardcheck",
    "surveys.survey",
    "surveys.question",
    "surveys.option",
    "surveys.response",
    "surveys.answer",
)
CENTRAL_READS = (
    "portal.region",
    "portal.branch",
    "portal.primaryorganisation",
    "branches.socialpage",
    "branches.pagesnapshot",
    "branches.pageaudit",
    "contentplan.monthlyplan:figures",
    "contentplan.plannedpost:figures",
    "bulletins.bulletin",
    "bulletins.collection",
)


def _audience(user) -> str:
    """What decides what a user sees of a dashboard: the role and its scope."""
    return f"{role_of(user)}-{user.region_id or ''}-{user.branch_id or ''}"


def region_dashboard(*, user, region, today: datetime.date) -> selectors.RegionDashboard:
    return freshness.fresh(
        "dashboards.region",
        region.pk,
        get_language(),
        _audience(user),
        today.isoformat(),
        region_id=region.pk,
        reads=REGION_READS,
        compute=lambda: selectors.region_dashboard(user=user, region=region, today=today),
    )


def central_dashboard(*, user, today: datetime.date, sort: str) -> selectors.CentralDashboard:
    sort = sort if sort in selectors.SORTS else "instagram"  # never a raw value in a key
    return freshness.fresh(
        "dashboards.central",
        sort,
        get_language(),
        _audience(user),
        today.isoformat(),
        reads=CENTRAL_READS,
        compute=lambda: selectors.central_dashboard(user=user, today=today, sort=sort),
    )
