"""Pages of the social-page registry, the audit and media. Thin: read, ask, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches import permissions
from portal import freshness
from portal import permissions as scope
from portal.infrastructure.imports import forget_rows, pending_rows, stash_rows
from portal.infrastructure.tabular import TableError, read_table, xlsx_bytes

from . import rules, selectors, services
from .forms import (
    AuditFilterForm,
    LifecycleForm,
    PageFilterForm,
    PublicationForm,
    SnapshotForm,
    SnapshotUploadForm,
    SocialPageForm,
)
from .models import SocialPage

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "snapshot_import"


def _filter_form(request):
    user = request.user
    return PageFilterForm(
        request.GET or None,
        regions=scope.regions_for(user),
        branches=scope.branches_for(user).select_related("region"),
    )


@login_required
def page_list(request):
    form = _filter_form(request)
    pages = selectors.pages_filtered(user=request.user, filters=form.filters())
    page = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_latest(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "branches/page_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_manage": permissions.may_manage_pages(request.user),
            "show_region": scope.sees_all_regions(request.user),
        },
    )


def _chart_data(snapshots) -> dict:
    return {
        "labels": [s.measured_on.isoformat() for s in snapshots],
        "series": [
            {"label": _("Followers"), "data": [s.followers for s in snapshots], "axis": "y"},
            {
                "label": _("Posts in 30 days"),
                "data": [s.posts_30d for s in snapshots],
                "axis": "y1",
            },
            {"label": _("Own posts"), "data": [s.own_posts for s in snapshots], "axis": "y1"},
        ],
    }


def _render_detail(request, social_page, snapshot_form=None, status=200):
    snapshots, audits = selectors.page_history(page=social_page)
    may_manage = permissions.may_manage_pages(request.user, social_page.region)
    return render(
        request,
        "branches/page_detail.html",
        {
            "social_page": social_page,
            "snapshots": list(reversed(snapshots)),
            "audits": audits,
            "latest_audit": audits[0] if audits else None,
            "chart": _chart_data(snapshots),
            "may_manage": may_manage,
            "snapshot_form": snapshot_form or (SnapshotForm() if may_manage else None),
            "moves": [
                target
                for source, target in services.LIFECYCLE_MOVES
                if source == social_page.lifecycle
            ],
            "lifecycle_labels": dict(SocialPage.Lifecycle.choices),
        },
        status=status,
    )


@login_required
def page_detail(request, pk: int):
    return _render_detail(request, selectors.page_for(user=request.user, pk=pk))


def _managed_page(request, pk: int) -> SocialPage:
    social_page = selectors.page_for(user=request.user, pk=pk)
    if not permissions.may_manage_pages(request.user, social_page.region):
        raise Http404
    return social_page


@login_required
@require_POST
def snapshot_create(request, pk: int):
    """Record a measurement; the page is audited as of its date at once."""
    social_page = _managed_page(request, pk)
    form = SnapshotForm(request.POST)
    if form.is_valid():
        try:
            services.snapshot_record(page=social_page, data=form.cleaned_data, user=request.user)
        except services.SnapshotRefused as refusal:
            form.add_error("measured_on", str(refusal))
        else:
            messages.success(request, _("The measurement is saved and the page audited."))
            return redirect(social_page)
    return _render_detail(request, social_page, snapshot_form=form, status=400)


@login_required
@require_POST
def page_lifecycle(request, pk: int):
    social_page = _managed_page(request, pk)
    form = LifecycleForm(request.POST)
    if form.is_valid():
        try:
            services.page_set_lifecycle(page=social_page, lifecycle=form.cleaned_data["lifecycle"])
        except services.LifecycleRefused:
            messages.error(request, _("This change of the page's status is not possible."))
        else:
            messages.success(request, _("The page's status under the reform is changed."))
    return redirect(social_page)


@login_required
def page_create(request):
    if not permissions.may_manage_pages(request.user):
        raise Http404
    form = SocialPageForm(request.POST or None, region=request.user.region)
    if request.method == "POST" and form.is_valid():
        social_page = form.save()
        messages.success(request, _("The page is added. Record its first measurement."))
        return redirect(social_page)
    return render(request, "branches/page_form.html", {"form": form})


@login_required
def page_edit(request, pk: int):
    social_page = _managed_page(request, pk)
    form = SocialPageForm(request.POST or None, instance=social_page, region=social_page.region)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The page is saved."))
        return redirect(social_page)
    return render(request, "branches/page_form.html", {"form": form, "social_page": social_page})


def _audit_context(request):
    form = AuditFilterForm(request.GET or None, regions=scope.regions_for(request.user))
    region = form.filters().region
    return region, selectors.audit_rows(user=request.user, region=region)


@login_required
def audit_table(request):
    """The audit of every page in scope. Its rows and figures are the same for
    everyone of one role and scope: drawn once, kept in the cache until a row
    of the region (of any region, for the central committee) changes."""
    user = request.user
    form = AuditFilterForm(request.GET or None, regions=scope.regions_for(user))
    region = form.filters().region
    regions = scope.regions_for(user) if scope.sees_all_regions(user) else None
    today = timezone.localdate()
    key = freshness.key(
        "branches.audit",
        get_language(),
        scope.role_of(user),
        user.region_id or "",
        user.branch_id or "",
        region.pk if region else "",
        today.isoformat(),
        region_id=region.pk if region else scope.region_id_of(user),
    )

    def build() -> dict:
        rows = selectors.audit_rows(user=user, region=region)
        for row in rows:
            # A verdict is as old as the measurement it read: past the audit's
            # freshness limit it is flagged stale, whatever it says (the key
            # carries the day, so the flag is never a day late).
            snapshot = row.latest_snapshot
            row.stale = bool(
                snapshot
                and (today - snapshot.measured_on).days > rules.THRESHOLDS.measurement_valid_days
            )
        context = {"rows": rows, "region": region, "regions": regions}
        return {
            "rows_html": render_to_string("branches/includes/audit_rows.html", context),
            "progress": selectors.reform_progress(user=user, region=region),
        }

    cached = freshness.cached(key, build)
    return render(
        request,
        "branches/audit_table.html",
        {
            **cached,
            "region": region,
            "regions": regions,
            "today": today,
            "freshness_days": rules.THRESHOLDS.measurement_valid_days,
        },
    )


@login_required
def audit_export(request):
    _region, rows = _audit_context(request)
    header = [
        _("Region"),
        _("Branch"),
        _("Platform"),
        _("Address"),
        _("Followers"),
        _("Last own post"),
        _("Posts in 30 days"),
        _("Reposts, %"),
        _("Visuals"),
        _("Verdict"),
        _("Reasons"),
        _("Recommendation"),
        _("Measured on"),
    ]
    lines = []
    for row in rows:
        audit, snapshot = row.latest_audit, row.latest_snapshot
        lines.append(
            [
                row.region.short_name,
                row.branch.name if row.branch_id else _("regional page"),
                row.get_platform_display(),
                row.url,
                snapshot.followers if snapshot else None,
                snapshot.last_own_post if snapshot else None,
                snapshot.posts_30d if snapshot else None,
                round(100 * snapshot.reposts / snapshot.posts_30d)
                if snapshot and snapshot.posts_30d
                else None,
                snapshot.visual_quality if snapshot else None,
                audit.get_verdict_display() if audit else "",
                "; ".join(audit.reason_texts) if audit else "",
                audit.get_recommendation_display() if audit else "",
                snapshot.measured_on if snapshot else None,
            ]
        )
    response = HttpResponse(
        xlsx_bytes(title=_("Page audit"), header=header, rows=lines),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="page-audit.xlsx"'
    return response


def _import_pages(request):
    if not permissions.may_manage_pages(request.user):
        raise Http404
    return list(permissions.pages_for(request.user))


@login_required
def snapshot_import(request):
    """Upload measurements and see, row by row, what would be saved."""
    pages = _import_pages(request)
    form = SnapshotUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"])
        except TableError as error:
            form.add_error("file", str(error))
        else:
            preview = services.snapshots_import_preview(table=table, pages=pages)
            if preview.valid:
                preview.token = stash_rows(
                    request,
                    IMPORT_SESSION_KEY,
                    services.preview_to_session(preview),
                    scope=request.user.region_id,
                )
    return render(request, "branches/snapshot_import.html", {"form": form, "preview": preview})


@login_required
@require_POST
def snapshot_import_confirm(request):
    pages = _import_pages(request)
    rows = pending_rows(request, IMPORT_SESSION_KEY, scope=request.user.region_id)
    if rows is None:
        messages.error(request, _("This preview is out of date. Upload the file again."))
        return redirect("branches:snapshot_import")
    try:
        count = services.snapshots_import_apply(data=rows, pages=pages, user=request.user)
    except services.SnapshotRefused as refusal:
        messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": refusal})
        return redirect("branches:snapshot_import")
    forget_rows(request, IMPORT_SESSION_KEY)
    messages.success(request, _("Measurements saved: %(count)s.") % {"count": count})
    return redirect("branches:audit_table")


@login_required
def media(request):
    if not permissions.media_regions_for(request.user).exists():
        raise Http404
    outlets = selectors.outlets_for(user=request.user)
    may_manage = permissions.may_manage_pages(request.user)
    form = None
    if may_manage:
        form = PublicationForm(
            request.POST or None, outlets=outlets.filter(region=request.user.region_id)
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The publication is recorded."))
            return redirect("branches:media")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "branches/media.html",
        {
            "outlets": outlets,
            "website": selectors.website_materials_for(user=request.user),
            "form": form,
            "show_region": scope.sees_all_regions(request.user),
        },
    )
