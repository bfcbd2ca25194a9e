"""Campaigns: a region's named series of posts with their dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from contentplan import permissions
from portal.exceptions import Refused
from portal.models import Region, User

from .. import selectors
from ..models import (
    Campaign,
)

# --- Campaigns ------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignData:
    name: str
    colour: str
    starts: datetime.date
    ends: datetime.date
    description: str = ""


def campaign_dates_shown(starts: datetime.date, ends: datetime.date) -> bool:
    """Whether a campaign's days lie in the years the calendar can show."""
    return starts.year >= selectors.FIRST_YEAR and ends.year <= selectors.LAST_YEAR


def campaign_years_message() -> str:
    return _("A campaign's days lie in the years %(first)s–%(last)s.") % {
        "first": selectors.FIRST_YEAR,
        "last": selectors.LAST_YEAR,
    }


@transaction.atomic
def campaign_save(
    *, user: User, region: Region, data: CampaignData, campaign: Campaign | None = None
) -> Campaign:
    """Add a campaign to the region, or change one of its campaigns."""
    if not permissions.may_edit_campaigns(user, region):
        raise Refused(_("Only the region's press secretary keeps its campaigns."))
    if campaign is not None and campaign.region_id != region.pk:
        raise Refused(_("The campaign is not of this region."))
    name = data.name.strip()
    if not name:
        raise Refused(_("Give the campaign a name."))
    if data.ends < data.starts:
        raise Refused(_("A campaign ends on or after the day it starts."))
    if not campaign_dates_shown(data.starts, data.ends):
        raise Refused(campaign_years_message())
    taken = Campaign.objects.filter(region=region, name=name)
    if campaign is not None:
        taken = taken.exclude(pk=campaign.pk)
    if taken.exists():
        raise Refused(_("The region already has a campaign of this name."))
    campaign = campaign or Campaign(region=region, created_by=user)
    campaign.name = name
    campaign.colour = data.colour.lower()
    campaign.starts, campaign.ends = data.starts, data.ends
    campaign.description = data.description.strip()
    campaign.full_clean()
    campaign.save()
    return campaign
