"""Pages of the connections. Thin: read, ask, render; no view calls a network."""

from __future__ import annotations

import hmac
import json
import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import networks
from branches.models import SocialPage
from networks.base import Operation
from portal import permissions as scope
from portal.numbers import parse_id

from . import logins, permissions, selectors, services
from .forms import ConnectForm
from .models import CONNECTABLE, Connection, FacebookGrant

PAGE_SIZE = 50
# How long a row of the list waits for the measurement «Проверить сейчас» asked
# for (a worker takes seconds); then it stops asking and says so.
CHECK_WAIT = timedelta(minutes=2)


def _seen(request) -> None:
    if not permissions.may_see_connections(request.user):
        raise Http404


@login_required
def connection_list(request):
    _seen(request)
    region = None
    region_id = parse_id(request.GET.get("region"))
    if region_id is not None:
        region = scope.regions_for(request.user).filter(pk=region_id).first()
    rows = selectors.connection_rows(user=request.user, region=region)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for social_page in page.object_list:
        _row(request, social_page)
    return render(
        request,
        "channels/connection_list.html",
        {
            "page": page,
            "region": region,
            "regions": scope.regions_for(request.user)
            if scope.sees_all_regions(request.user)
            else None,
            "query": f"region={region.pk}" if region else "",
            "show_region": scope.sees_all_regions(request.user),
        },
    )


def _row(request, social_page: SocialPage, note: str = "", *, outcome: bool = False):
    """A row of the list (a page of `selectors.connection_rows`): its
    connection, whether this user may check it now, whether it waits for the
    measurement «Проверить сейчас» asked for, and (`outcome`: the row asked
    for by the button or while waiting) what came of it."""
    link = social_page.link = getattr(social_page, "connection", None)
    social_page.connectable = social_page.platform in CONNECTABLE
    social_page.may_check = bool(link) and permissions.may_connect(request.user, social_page)
    social_page.waiting, social_page.note, social_page.failed = False, note, bool(note)
    asked = link.collection_requested_at if link else None
    if note or asked is None:
        return social_page
    success, error = link.last_success_at, link.last_error_at
    failed = bool(error and error >= asked and (not success or error > success))
    measured = bool(
        not failed
        and success
        and success >= asked
        and social_page.measured_on == timezone.localdate(success)
    )
    if not (failed or measured):
        social_page.waiting = timezone.now() - asked < CHECK_WAIT
        if outcome and not social_page.waiting:
            social_page.note = _("The measurement has not come yet: refresh the page later.")
    elif outcome and failed:
        social_page.note, social_page.failed = link.last_error, True
    elif outcome:
        social_page.note = _("Measured at %(time)s.") % {
            "time": timezone.localtime(link.last_success_at).strftime("%H:%M")
        }
    return social_page


def _render_row(request, pk: int, note: str = ""):
    rows = selectors.connection_rows(user=request.user)
    social_page = get_object_or_404(rows, pk=pk)
    return render(
        request,
        "channels/includes/connection_row.html",
        {
            "social_page": _row(request, social_page, note, outcome=True),
            "show_region": scope.sees_all_regions(request.user),
        },
    )


@login_required
@require_GET
def connection_row(request, pk: int):
    """A row of the list, asked for every two seconds while it waits for its
    measurement (htmx), and then no more."""
    _seen(request)
    return _render_row(request, pk)


def _render_page(request, social_page: SocialPage, form=None, status=200):
    connection = selectors.connection_of(social_page)
    may_connect = permissions.may_connect(request.user, social_page)
    connectable = social_page.platform in CONNECTABLE
    if form is None and may_connect and connectable:
        form = ConnectForm(page=social_page, default_account=services.default_account(social_page))
    return render(
        request,
        "channels/page_connection.html",
        {
            "social_page": social_page,
            "connection": connection,
            "connectable": connectable,
            # The reach of its posts (issue 30): said on the page, with what keeps
            # it from being measured.
            "measures_reach": connectable
            and networks.get(social_page.platform).supports(Operation.INSIGHTS),
            "may_connect": may_connect,
            "form": form,
            "snapshots": selectors.latest_snapshots(social_page),
            "facebook_login": may_connect
            and social_page.platform == SocialPage.Platform.FACEBOOK_PAGE
            and logins.facebook_login_enabled(),
            "months": services.materials_by_month(connection=connection)
            if connection and social_page.platform == SocialPage.Platform.WEBSITE
            else [],
        },
        status=status,
    )


@login_required
def page_connection(request, pk: int):
    _seen(request)
    return _render_page(request, selectors.page_for(user=request.user, pk=pk))


def _managed_page(request, pk: int) -> SocialPage:
    _seen(request)
    social_page = selectors.page_for(user=request.user, pk=pk)
    if not permissions.may_connect(request.user, social_page):
        raise Http404
    return social_page


@login_required
@require_POST
def connect(request, pk: int):
    """Save the token (encrypted) and let a worker check it with the network."""
    social_page = _managed_page(request, pk)
    if social_page.platform not in CONNECTABLE:
        raise Http404
    form = ConnectForm(
        request.POST, page=social_page, default_account=services.default_account(social_page)
    )
    if form.is_valid():
        try:
            services.connection_connect(
                page=social_page,
                user=request.user,
                token=form.cleaned_data.get("token", ""),
                account=form.cleaned_data["account"],
            )
        except services.ConnectRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _(
                    "Saved. The portal is checking the connection with the network; "
                    "the status below changes in a minute."
                ),
            )
            return redirect("channels:page_connection", social_page.pk)
    return _render_page(request, social_page, form=form, status=400)


@login_required
@require_POST
def disconnect(request, pk: int):
    social_page = _managed_page(request, pk)
    connection = get_object_or_404(Connection, page=social_page)
    services.connection_disconnect(connection=connection)
    messages.success(
        request, _("The page is disconnected; the measurements already taken are kept.")
    )
    return redirect("channels:page_connection", social_page.pk)


@login_required
@require_POST
def collect_now(request, pk: int):
    """«Проверить сейчас»: one collection is queued; the page never waits for it.
    From the list (htmx) the row comes back, and asks again until the
    measurement lands."""
    social_page = _managed_page(request, pk)
    connection = get_object_or_404(Connection, page=social_page)
    if request.headers.get("HX-Request") == "true":
        if connection.status == Connection.Status.EXPIRED:
            return _render_row(request, pk, _("The token has expired: connect the page again."))
        services.request_collection(connection=connection)
        # Asked now or less than a minute ago: either way the row waits for it.
        return _render_row(request, pk)
    if connection.status == Connection.Status.EXPIRED:
        messages.error(request, _("The token has expired: connect the page again."))
    elif services.request_collection(connection=connection):
        messages.success(
            request, _("A measurement is queued; refresh this page in a minute to see it.")
        )
    else:
        messages.info(request, _("A measurement was queued less than a minute ago."))
    return redirect("channels:page_connection", social_page.pk)


FACEBOOK_NONCE = "channels-facebook-nonce"


@login_required
@require_POST
def facebook_login(request, pk: int):
    """«Войти через Facebook»: off to Facebook's dialog with a signed state."""
    social_page = _managed_page(request, pk)
    if social_page.platform != SocialPage.Platform.FACEBOOK_PAGE:
        raise Http404
    if not logins.facebook_login_enabled():
        raise Http404
    nonce = secrets.token_urlsafe(16)
    request.session[FACEBOOK_NONCE] = nonce
    return redirect(logins.facebook_login_url(page=social_page, user=request.user, nonce=nonce))


@login_required
@require_GET
def facebook_callback(request):
    """Facebook sends the person back with a code; a worker exchanges it."""
    _seen(request)
    try:
        page_id = logins.facebook_state(
            state=request.GET.get("state", ""),
            user=request.user,
            nonce=request.session.get(FACEBOOK_NONCE),
        )
    except logins.StateRefused:
        # The nonce stays: a forged callback (a link someone else sent) must
        # not spend the nonce of the login this person has at Facebook now.
        messages.error(
            request,
            _("This Facebook login did not start here, or it is too old. Start it again."),
        )
        return redirect("channels:connection_list")
    # This login's callback came: its nonce is spent, so the link works once.
    request.session.pop(FACEBOOK_NONCE, None)
    social_page = _managed_page(request, page_id)
    if request.GET.get("error") or not request.GET.get("code"):
        messages.info(request, _("Facebook login was cancelled; nothing is connected."))
        return redirect("channels:page_connection", social_page.pk)
    try:
        grant = logins.facebook_grant_start(
            page=social_page, user=request.user, code=request.GET["code"]
        )
    except services.ConnectRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("channels:page_connection", social_page.pk)
    return redirect("channels:facebook_choose", grant.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def facebook_choose(request, pk: int):
    """The pages the Facebook login opens; the press secretary picks one."""
    _seen(request)
    grant = get_object_or_404(
        FacebookGrant.objects.select_related("page__region", "page__branch"),
        pk=pk,
        user=request.user,
    )
    if not permissions.may_connect(request.user, grant.page):
        raise Http404
    error = ""
    if request.method == "POST" and grant.status != FacebookGrant.Status.READY:
        error = _("This Facebook login is no longer waiting for a choice.")
    elif request.method == "POST":
        try:
            logins.facebook_grant_choose(
                grant=grant, page_id=request.POST.get("page_id", ""), user=request.user
            )
        except services.ConnectRefused as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _(
                    "Saved. The portal is checking the connection with the network; "
                    "the status below changes in a minute."
                ),
            )
            return redirect("channels:page_connection", grant.page_id)
    return render(
        request,
        "channels/facebook_choose.html",
        {"grant": grant, "social_page": grant.page, "error": error},
        status=400 if error else 200,
    )


@csrf_exempt
@require_POST
def telegram_webhook(request, pk: int):
    """Telegram delivers a channel post; it proves itself by the secret token."""
    connection = get_object_or_404(Connection, pk=pk, page__platform=SocialPage.Platform.TELEGRAM)
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given, services.webhook_secret(connection)):
        return HttpResponseForbidden()
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    services.telegram_receive(connection=connection, update=update)
    return HttpResponse("ok")
