"""The role × URL matrix of the dashboards and reports (dashboards)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from dashboards.models import ReportJob
from portal.tests.url_cases import Case, logged_in, url

# Chairs have no dashboard; a press secretary only its own region's.
REGION = logged_in(200, chair=404, chair2=404)
CENTRAL_ONLY = logged_in(404, central=200)
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def done_job(world) -> ReportJob:
    """A finished report of the world's region, with its file."""
    job = ReportJob.objects.filter(region=world.region, status="done").first()
    if job is None:
        job = ReportJob.objects.create(
            region=world.region,
            period_start="2025-01-01",
            period_end="2025-12-31",
            status="done",
            progress=100,
            content=[{"kind": "p", "text": "Справка"}],
        )
        job.file.save(f"{job.uuid}.docx", ContentFile(b"PK\x03\x04 docx"), save=True)
    return job


def failed_job(world, *, other: bool = False) -> ReportJob:
    """A failed report of the world's region (or of the other region)."""
    region = world.other_region if other else world.region
    job, _created = ReportJob.objects.get_or_create(
        region=region,
        status="failed",
        defaults={"period_start": "2025-01-01", "period_end": "2025-12-31"},
    )
    return job


def job_url(name: str):
    return lambda world: reverse(name, args=[done_job(world).pk])


CASES = [
    Case("dashboards:home", url("dashboards:home"), logged_in(302, chair=404, chair2=404)),
    Case("dashboards:central", url("dashboards:central"), CENTRAL_ONLY),
    Case(
        "dashboards:central_export",
        lambda world: reverse("dashboards:central_export", args=["regions"]),
        CENTRAL_ONLY,
    ),
    Case("dashboards:region", url("dashboards:region", "region"), REGION, label="own region"),
    Case(
        "dashboards:region",
        url("dashboards:region", "other_region"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "dashboards:region_export",
        lambda world: reverse("dashboards:region_export", args=[world.region.pk, "audit"]),
        REGION,
    ),
    Case(
        "dashboards:report_start",
        url("dashboards:report_start", "region"),
        logged_in(405),
        label="GET is refused",
    ),
    Case(
        "dashboards:report_start",
        url("dashboards:report_start", "region"),
        logged_in(302, chair=404, chair2=404),
        method="post",
        data=PERIOD,
        label="POST",
    ),
    Case("dashboards:report_detail", job_url("dashboards:report_detail"), REGION),
    Case("dashboards:report_status", job_url("dashboards:report_status"), REGION),
    Case("dashboards:report_print", job_url("dashboards:report_print"), REGION),
    Case("dashboards:report_download", job_url("dashboards:report_download"), REGION),
    Case(
        "dashboards:report_retry",
        lambda world: reverse("dashboards:report_retry", args=[failed_job(world).pk]),
        logged_in(405),
        label="GET is refused",
    ),
    Case(
        "dashboards:report_retry",
        lambda world: reverse("dashboards:report_retry", args=[failed_job(world).pk]),
        logged_in(302, chair=404, chair2=404),
        method="post",
        label="failed job",
    ),
    Case(
        "dashboards:report_retry",
        lambda world: reverse("dashboards:report_retry", args=[done_job(world).pk]),
        logged_in(404, chair=404, chair2=404),
        method="post",
        label="a finished job is not retried",
    ),
    Case(
        "dashboards:report_retry",
        lambda world: reverse("dashboards:report_retry", args=[failed_job(world, other=True).pk]),
        logged_in(404, central=302),
        method="post",
        label="other region",
    ),
]
