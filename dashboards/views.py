"""The dashboards and the report pages. Each view reads input, asks a selector or
a service, and renders; scope comes from `portal.permissions` (404 outside it)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import cached, exports, jobs, permissions, selectors
from .models import ReportJob
from .report.generate import report_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def default_period(today: datetime.date) -> dict:
    """From 1 January two years back to today: the span the report usually covers."""
    return {"start": datetime.date(today.year - 2, 1, 1), "end": today}


@login_required
@require_GET
def home(request):
    """The central committee lands on all regions, a press secretary on its own."""
    user = request.user
    if permissions.may_see_central_dashboard(user):
        return redirect("dashboards:central")
    if permissions.role_of(user) == permissions.Role.PRESS:
        return redirect("dashboards:region", pk=user.region_id)
    raise Http404


@login_required
@require_GET
def region(request, pk: int):
    region = selectors.dashboard_region(user=request.user, pk=pk)
    today = timezone.localdate()
    dashboard = cached.region_dashboard(user=request.user, region=region, today=today)
    context = {
        "region": region,
        "dashboard": dashboard,
        "report_form": ReportForm(initial=default_period(today)),
        "reports": permissions.report_jobs_for(request.user).filter(region=region)[:5],
        "is_central": permissions.may_see_central_dashboard(request.user),
    }
    return render(request, "dashboards/region.html", context)


def _xlsx(table, filename: str) -> HttpResponse:
    response = HttpResponse(exports.table_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def region_export(request, pk: int, table: str):
    region = selectors.dashboard_region(user=request.user, pk=pk)
    found = selectors.region_table(
        user=request.user, region=region, key=table, today=timezone.localdate()
    )
    if found is None:
        raise Http404
    return _xlsx(found, f"dashboard-{region.pk}-{table}.xlsx")


@login_required
@require_GET
def central(request):
    if not permissions.may_see_central_dashboard(request.user):
        raise Http404
    dashboard = cached.central_dashboard(
        user=request.user, today=timezone.localdate(), sort=request.GET.get("sort", "")
    )
    return render(
        request,
        "dashboards/central.html",
        {"dashboard": dashboard, "sorts": selectors.SORTS},
    )


@login_required
@require_GET
def central_export(request, table: str):
    if not permissions.may_see_central_dashboard(request.user) or table != "regions":
        raise Http404
    dashboard = selectors.central_dashboard(
        user=request.user, today=timezone.localdate(), sort=request.GET.get("sort", "")
    )
    return _xlsx(dashboard.table, "dashboard-regions.xlsx")


@login_required
@require_POST
def report_start(request, pk: int):
    region = selectors.dashboard_region(user=request.user, pk=pk)
    if not permissions.may_generate_report(request.user, region):
        raise Http404
    form = ReportForm(request.POST)
    if not form.is_valid():
        today = timezone.localdate()
        dashboard = selectors.region_dashboard(user=request.user, region=region, today=today)
        context = {"region": region, "dashboard": dashboard, "report_form": form, "reports": []}
        return render(request, "dashboards/region.html", context, status=400)
    with transaction.atomic():
        job = report_request(
            user=request.user,
            region=region,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        jobs.enqueue(job)
    return redirect("dashboards:report_detail", pk=job.pk)


def _job_for(request, pk: int) -> ReportJob:
    return get_object_or_404(
        permissions.report_jobs_for(request.user).select_related("region"), pk=pk
    )


@login_required
@require_GET
def report_detail(request, pk: int):
    return render(request, "dashboards/report_detail.html", {"job": _job_for(request, pk)})


@login_required
@require_GET
def report_status(request, pk: int):
    """The progress panel that the job page polls until the report is written."""
    return render(request, "dashboards/includes/report_status.html", {"job": _job_for(request, pk)})


@login_required
@require_POST
def report_retry(request, pk: int):
    """«Повторить»: a failed report is written again, as a new job."""
    job = _job_for(request, pk)
    if job.status != ReportJob.Status.FAILED or not permissions.may_generate_report(
        request.user, job.region
    ):
        raise Http404
    return redirect("dashboards:report_detail", pk=jobs.retry(job=job, user=request.user).pk)


@login_required
@require_GET
def report_print(request, pk: int):
    job = _job_for(request, pk)
    if job.status != ReportJob.Status.DONE or not job.content:
        raise Http404
    return render(request, "dashboards/report_print.html", {"job": job, "blocks": job.content})


@login_required
@require_GET
def report_download(request, pk: int):
    job = _job_for(request, pk)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    scope = job.region_id or "union"
    name = f"spravka-{scope}-{job.period_start:%Y%m%d}-{job.period_end:%Y%m%d}.docx"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name, content_type=DOCX)
