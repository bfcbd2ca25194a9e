"""Pages of the organisation structure. Each view reads input, asks a selector
or a service, and renders; scope comes from the permissions module."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from . import user_import as user_table
from .forms import OrganisationFilterForm, TableUploadForm, UserTableUploadForm
from .infrastructure.imports import forget_rows, pending_rows, stash_rows
from .infrastructure.tabular import TableError, read_table, xlsx_bytes
from .models import Region
from .navigation import home_panels

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "organisation_import"
USER_IMPORT_SESSION_KEY = "user_import"


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows after too many wrong passwords: a page in the
    user's language, saying whether the account or the whole address is
    locked (`portal.lockout`)."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "cooloff_hours": settings.AXES_COOLOFF_TIME,
            "by_address": getattr(request, "login_address_locked", False),
        },
        status=429,
    )


def csrf_failure(request, reason=""):
    """An expired form (CSRF_FAILURE_VIEW): say to refresh, which a plain refusal does not."""
    referer = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        referer = ""
    return render(request, "403_csrf.html", {"referer": referer}, status=403)


def home(request):
    """Each role lands on what it works with; visitors see the public page."""
    user = request.user
    role = permissions.role_of(user)
    if role == permissions.Role.PRESS:
        region = selectors.region_for(user=user, pk=user.region_id)
        branches = selectors.branches_with_totals(user=user, region=region)
        return render(request, "portal/home_press.html", {"region": region, "branches": branches})
    if role == permissions.Role.CHAIR:
        branch = selectors.branch_for(user=user, pk=user.branch_id)
        by_kind = selectors.organisations_by_kind(branch=branch)
        context = {"branch": branch, "by_kind": by_kind, "panels": home_panels(user)}
        return render(request, "portal/home_chair.html", context)
    if role == permissions.Role.CENTRAL:
        regions = selectors.regions_with_totals(user=user)
        return render(request, "portal/home_central.html", {"regions": regions})
    if user.is_authenticated:
        return render(request, "portal/home_norole.html")
    return render(request, "portal/home_public.html")


@login_required
def region_list(request):
    regions = selectors.regions_with_totals(user=request.user)
    return render(request, "portal/region_list.html", {"regions": regions})


@login_required
def region_detail(request, pk: int):
    region = selectors.region_for(user=request.user, pk=pk)
    branches = selectors.branches_with_totals(user=request.user, region=region)
    return render(request, "portal/region_detail.html", {"region": region, "branches": branches})


@login_required
def branch_detail(request, pk: int):
    branch = selectors.branch_for(user=request.user, pk=pk)
    organisations = branch.organisations.order_by("sort_key")
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/branch_detail.html",
        {
            "branch": branch,
            "page": page,
            "by_kind": selectors.organisations_by_kind(branch=branch),
        },
    )


def _organisation_form(request) -> OrganisationFilterForm:
    user = request.user
    return OrganisationFilterForm(
        request.GET or None,
        regions=permissions.regions_for(user),
        branches=permissions.branches_for(user).select_related("region"),
    )


def _filtered_organisations(request):
    user = request.user
    form = _organisation_form(request)
    organisations = selectors.organisations_filtered(user=user, filters=form.filters())
    return form, organisations


@login_required
def organisation_list(request):
    form = _organisation_form(request)
    organisations = selectors.organisations_page_source(user=request.user, filters=form.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    if isinstance(organisations, selectors.BranchWalk):
        totals = organisations.totals()
    else:
        totals = selectors.totals_of(organisations)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/organisation_list.html",
        {
            "form": form,
            "page": page,
            "totals": totals,
            "query": query.urlencode(),
            "may_import": permissions.may_import_organisations(request.user),
            "show_region": permissions.sees_all_regions(request.user),
        },
    )


@login_required
def organisation_export(request):
    _form, organisations = _filtered_organisations(request)
    content = services.organisations_export_xlsx(organisations=organisations)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="organisations.xlsx"'
    return response


@login_required
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_for(user=request.user, pk=pk)
    return render(request, "portal/organisation_detail.html", {"organisation": organisation})


def _import_region(request) -> Region:
    if not permissions.may_import_organisations(request.user):
        raise Http404
    return request.user.region


@login_required
def organisation_import(request):
    """Upload a table and see, row by row, what importing it would do."""
    region = _import_region(request)
    form = TableUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"])
        except TableError as error:
            form.add_error("file", str(error))
        else:
            preview = services.organisations_import_preview(table=table, region=region)
            if preview.valid:
                preview.token = stash_rows(
                    request,
                    IMPORT_SESSION_KEY,
                    [row.as_data() for row in preview.rows],
                    scope=region.pk,
                )
    return render(
        request,
        "portal/organisation_import.html",
        {"form": form, "preview": preview, "region": region},
    )


@login_required
@require_POST
def organisation_import_confirm(request):
    """Save the previewed rows, all of them or none."""
    region = _import_region(request)
    rows = pending_rows(request, IMPORT_SESSION_KEY, scope=region.pk)
    if rows is None:
        messages.error(request, _("This preview is out of date. Upload the file again."))
        return redirect("portal:organisation_import")
    try:
        result = services.organisations_import_apply(region=region, data=rows)
    except services.ImportRefused:
        messages.error(
            request,
            _(
                "The organisations changed since the preview; nothing was saved. "
                "Upload the file again."
            ),
        )
        return redirect("portal:organisation_import")
    forget_rows(request, IMPORT_SESSION_KEY)
    messages.success(
        request,
        _("Import finished: %(created)s added, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("portal:organisation_list")


def _may_import_users(request) -> None:
    if not permissions.may_import_users(request.user):
        raise Http404


@login_required
def user_import(request):
    """Upload a table of people and see, row by row, who would be made."""
    _may_import_users(request)
    form = UserTableUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            table = read_table(form.cleaned_data["file"], refuse_formulas=True)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            preview = user_table.preview(table)
            if preview.valid:
                preview.token = stash_rows(
                    request,
                    USER_IMPORT_SESSION_KEY,
                    [row.as_data() for row in preview.rows],
                    scope=request.user.pk,
                )
    return render(request, "portal/user_import.html", {"form": form, "preview": preview})


@login_required
@require_POST
def user_import_confirm(request):
    """Make the previewed people, all of them or none."""
    _may_import_users(request)
    rows = pending_rows(request, USER_IMPORT_SESSION_KEY, scope=request.user.pk)
    if rows is None:
        messages.error(request, _("This preview is out of date. Upload the file again."))
        return redirect("portal:user_import")
    try:
        users = services.users_import_apply(data=rows)
    except services.UsersImportRefused:
        messages.error(
            request,
            _(
                "The users, regions or branches changed since the preview; nobody was "
                "created. Upload the file again."
            ),
        )
        return redirect("portal:user_import")
    forget_rows(request, USER_IMPORT_SESSION_KEY)
    messages.success(
        request,
        ngettext(
            "%(count)s user created; a link to choose a password is on its way to them.",
            "%(count)s users created; a link to choose a password is on its way to each.",
            len(users),
        )
        % {"count": len(users)},
    )
    return redirect("portal:user_import")


@login_required
def user_import_template(request):
    _may_import_users(request)
    content = xlsx_bytes(
        title=pgettext("user import", "Users"),
        header=user_table.TEMPLATE_HEADER,
        rows=user_table.template_rows(),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="users-template.xlsx"'
    return response


@login_required
def notification_list(request):
    notifications = request.user.notifications.all()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark a notification read and follow its link."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    services.notification_mark_read(user=request.user, pk=notification.pk)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("portal:notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    services.notification_mark_read(user=request.user)
    return redirect("portal:notification_list")
