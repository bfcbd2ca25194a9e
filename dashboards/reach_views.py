"""The reach pages of the dashboards (issue 30): a region's reach and the
regions ranked by reach per 1,000 members, with their XLSX exports. Scope as
the dashboards': a press secretary its own region, the central committee all;
404 outside it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import exports, permissions, reach, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(table, filename: str) -> HttpResponse:
    response = HttpResponse(exports.table_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def region_reach(request, pk: int):
    region = selectors.dashboard_region(user=request.user, pk=pk)
    context = {
        "region": region,
        "reach": reach.region_reach(region=region, today=timezone.localdate()),
        "is_central": permissions.may_see_central_dashboard(request.user),
    }
    return render(request, "dashboards/reach_region.html", context)


@login_required
@require_GET
def region_reach_export(request, pk: int, table: str):
    region = selectors.dashboard_region(user=request.user, pk=pk)
    found = reach.region_table(region=region, key=table, today=timezone.localdate())
    if found is None:
        raise Http404
    return _xlsx(found, f"reach-{region.pk}-{table}.xlsx")


@login_required
@require_GET
def central_reach(request):
    if not permissions.may_see_central_dashboard(request.user):
        raise Http404
    found = reach.central_reach(today=timezone.localdate())
    return render(request, "dashboards/reach_central.html", {"reach": found})


@login_required
@require_GET
def central_reach_export(request, table: str):
    if not permissions.may_see_central_dashboard(request.user) or table != "regions":
        raise Http404
    return _xlsx(reach.central_reach(today=timezone.localdate()).table, "reach-regions.xlsx")
