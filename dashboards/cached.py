"""The dashboards' figures, kept in the cache until what they show changes.

A dashboard is the same for everyone of one role and scope who may see it,
in one language, on one day: it is built once and kept under a key that
carries the region's version (`portal.freshness`), which changes after every
committed change of the region's rows and after every recount of its stored
monthly figures. The central dashboard carries the version of everything.
"""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

from django.utils.translation import get_language

from portal import freshness
from portal.permissions import role_of

from . import cells, selectors


@functools.cache
def shape() -> str:
    """A fingerprint of the code that builds and draws the cached dashboards:
    an entry made by other code (before a deploy) is never read back."""
    here = Path(__file__).resolve().parent
    return freshness.fingerprint(
        here / "selectors.py",
        here / "cells.py",
        here / "cached.py",
        here / "templates" / "dashboards" / "includes" / "table_rows.html",
    )


def _audience(user) -> str:
    """What decides what a user sees of a dashboard: the role and its scope."""
    return f"{role_of(user)}-{user.region_id or ''}-{user.branch_id or ''}"


def region_dashboard(*, user, region, today: datetime.date) -> selectors.RegionDashboard:
    key = freshness.key(
        "dashboards.region",
        shape(),
        region.pk,
        get_language(),
        _audience(user),
        today.isoformat(),
        region_id=region.pk,
    )

    def build() -> selectors.RegionDashboard:
        dashboard = selectors.region_dashboard(user=user, region=region, today=today)
        for table in dashboard.tables.values():
            cells.rows_html(table)  # drawn now, kept with the dashboard
        return dashboard

    return freshness.cached(key, build)


def central_dashboard(*, user, today: datetime.date, sort: str) -> selectors.CentralDashboard:
    sort = sort if sort in selectors.SORTS else "instagram"  # never a raw value in a key
    key = freshness.key(
        "dashboards.central", shape(), sort, get_language(), _audience(user), today.isoformat()
    )

    def build() -> selectors.CentralDashboard:
        dashboard = selectors.central_dashboard(user=user, today=today, sort=sort)
        cells.rows_html(dashboard.table)  # drawn now, kept with the dashboard
        return dashboard

    return freshness.cached(key, build)
