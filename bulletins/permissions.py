"""Who may read and keep the library, built on the portal's scope primitives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from portal.models import Region
from portal.permissions import Role, regions_for, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- The library (app bulletins) ----------------------------------------------
# Public bulletins, collections and materials are for everyone, anonymous
# visitors too; internal ones for the people of their region (its press
# secretary and branch chairs) and the central committee. A material is
# readable only inside a readable collection. Only the region's press
# secretary changes its library. The library's models are imported inside the
# functions so that the portal app does not need the library app to load.


def _library_readable(user: AnyUser, *, visibility: str, region: str) -> Q:
    """The condition on `visibility` and `region` lookups for what the user may read."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Q()
    public = Q(**{visibility: "public"})
    if not role:  # anonymous visitors and accounts without a role
        return public
    return public | Q(**{f"{region}__in": regions_for(user)})


def library_bulletins_for(user: AnyUser) -> QuerySet:
    """Bulletins the user may read."""
    from .models import Bulletin

    return Bulletin.objects.filter(
        _library_readable(user, visibility="visibility", region="region")
    )


def library_collections_for(user: AnyUser) -> QuerySet:
    """Collections (folders) the user may read."""
    from .models import Collection

    return Collection.objects.filter(
        _library_readable(user, visibility="visibility", region="region")
    )


def library_items_for(user: AnyUser) -> QuerySet:
    """Materials the user may open: readable themselves, in a readable collection."""
    from .models import Item

    region = "section__collection__region"
    return Item.objects.filter(
        _library_readable(user, visibility="section__collection__visibility", region=region),
        _library_readable(user, visibility="visibility", region=region),
    )


def may_manage_library(user: AnyUser, region: Region) -> bool:
    """Only the region's press secretary fills and changes its library."""
    return role_of(user) == Role.PRESS and user.region_id == region.pk


def library_regions_managed_by(user: AnyUser) -> QuerySet[Region]:
    if role_of(user) == Role.PRESS:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def library_statistics_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose scans and downloads the user sees: the central committee all."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Region.objects.all()
    return library_regions_managed_by(user)
