"""Campaigns: their list, a campaign's page with its posts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contentplan import permissions
from portal import permissions as scope
from portal.exceptions import Refused

from .. import selectors, services
from ..forms import (
    CampaignForm,
)
from .common import region_param, view_address

# --- Campaigns -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    """The region's campaigns with their posts counted; its press secretary adds them."""
    user = request.user
    region = selectors.plan_region(user=user, region_id=region_param(request))
    may_edit = permissions.may_edit_campaigns(user, region)
    form = CampaignForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.campaign_save(
                    user=user, region=region, data=form.campaign_data()
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("The campaign «%(name)s» is added.") % {"name": campaign.name}
                )
                return redirect("contentplan:campaigns")
    return render(
        request,
        "contentplan/campaigns.html",
        {
            "region": region,
            "campaigns": selectors.campaign_list(region=region),
            "form": form,
            "may_edit": may_edit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request, pk: int):
    """A campaign, its posts, and (for its press secretary) its form."""
    user = request.user
    campaign = selectors.campaign_for(user=user, pk=pk)
    may_edit = permissions.may_edit_campaigns(user, campaign.region)
    form = None
    if may_edit:
        form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.campaign_save(
                    user=user, region=campaign.region, campaign=campaign, data=form.campaign_data()
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The campaign is saved."))
                return redirect(campaign)
    own = campaign.region_id == scope.region_id_of(user)
    calendar_query = urlencode(
        {"campaign": campaign.pk, **({} if own else {"region": campaign.region_id})}
    )
    return render(
        request,
        "contentplan/campaign_detail.html",
        {
            "campaign": campaign,
            "page": Paginator(
                selectors.campaign_posts(campaign=campaign), selectors.CAMPAIGN_PAGE
            ).get_page(request.GET.get("page")),
            "form": form,
            "may_edit": may_edit,
            "calendar_url": view_address("month", campaign.starts, calendar_query),
        },
    )
