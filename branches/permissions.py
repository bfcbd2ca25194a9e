"""Who may read and keep the social pages and their audits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from portal.models import Region
from portal.permissions import Role, regions_for, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- Social pages and audits (app `branches`) -------------------------------------


def pages_for(user: AnyUser):
    """Social pages the user may see: a chair only its branch's pages."""
    from .models import SocialPage

    role = role_of(user)
    if role == Role.CENTRAL:
        return SocialPage.objects.all()
    if role == Role.PRESS:
        return SocialPage.objects.filter(region=user.region_id)
    if role == Role.CHAIR:
        return SocialPage.objects.filter(branch=user.branch_id)
    return SocialPage.objects.none()


def may_manage_pages(user: AnyUser, region: Region | None = None) -> bool:
    """A region's press secretary keeps its pages, measurements and media."""
    if role_of(user) != Role.PRESS:
        return False
    return region is None or region.pk == user.region_id


def media_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose media and website figures the user may see (not chairs)."""
    if role_of(user) in (Role.CENTRAL, Role.PRESS):
        return regions_for(user)
    return Region.objects.none()
