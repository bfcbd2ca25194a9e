"""The role × URL matrix of the dashboards' reach pages (issue 30). Kept apart
from dashboards/tests/url_cases.py and registered in
portal/tests/test_url_matrix.py's PORTAL_CASE_MODULES."""

from __future__ import annotations

from django.urls import reverse

from portal.tests.url_cases import Case, logged_in, url

# As the dashboards: chairs none, a press secretary its own region, the
# central committee every region and the ranking.
REGION = logged_in(200, chair=404, chair2=404)
CENTRAL_ONLY = logged_in(404, central=200)

CASES = [
    Case("dashboards:central_reach", url("dashboards:central_reach"), CENTRAL_ONLY),
    Case(
        "dashboards:central_reach_export",
        lambda world: reverse("dashboards:central_reach_export", args=["regions"]),
        CENTRAL_ONLY,
    ),
    Case(
        "dashboards:region_reach",
        url("dashboards:region_reach", "region"),
        REGION,
        label="own region",
    ),
    Case(
        "dashboards:region_reach",
        url("dashboards:region_reach", "other_region"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "dashboards:region_reach_export",
        lambda world: reverse("dashboards:region_reach_export", args=[world.region.pk, "top"]),
        REGION,
        label="own region",
    ),
    Case(
        "dashboards:region_reach_export",
        lambda world: reverse(
            "dashboards:region_reach_export", args=[world.other_region.pk, "months"]
        ),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "dashboards:region_reach",
        url("dashboards:region_reach", "region"),
        logged_in(405),
        method="post",
        label="POST is refused",
    ),
]
