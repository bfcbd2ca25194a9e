"""Who may see the dashboards and have the portal write a region's report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.models import Region
from portal.permissions import Role, regions_for, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- Dashboards and reports (dashboards) ---------------------------------
# The central committee sees every region's dashboard and the central one; a
# press secretary only its own region's; chairs none. Whoever sees a region's
# dashboard may have the portal write that region's report and download it.


def may_see_dashboards(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def dashboard_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose dashboard (and reports) the user may open."""
    if may_see_dashboards(user):
        return regions_for(user)
    return Region.objects.none()


def may_see_central_dashboard(user: AnyUser) -> bool:
    return role_of(user) == Role.CENTRAL


def may_generate_report(user: AnyUser, region: Region | None) -> bool:
    """`region` None: the whole union's report, the central committee's alone."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return True
    return region is not None and role == Role.PRESS and user.region_id == region.pk


def report_jobs_for(user: AnyUser) -> QuerySet:
    """Report jobs the user may follow and download: those of its dashboard regions,
    and for the central committee the whole union's too."""
    from .models import ReportJob

    if may_see_central_dashboard(user):
        return ReportJob.objects.all()
    return ReportJob.objects.filter(region__in=dashboard_regions_for(user))
