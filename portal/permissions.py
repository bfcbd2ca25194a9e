"""The one place that decides who may see and do what.

Views, templates and tests ask this module; every queryset a page shows starts
from one of the ``*_for`` functions below, and an object outside a user's
scope is looked up through them, so it is a 404 rather than a 403 that would
confirm it exists.

Scopes: ``central`` and superusers see every region; ``press`` one region;
``chair`` one branch (and, of the region, only what concerns that branch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Branch, PrimaryOrganisation, Region, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    AnyUser = User | AnonymousUser

Role = User.Role


def role_of(user: AnyUser) -> str:
    """The user's role; superusers act as the central committee."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser and not user.role:
        return Role.CENTRAL
    return user.role


def sees_all_regions(user: AnyUser) -> bool:
    return role_of(user) == Role.CENTRAL


def regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose pages the user may open."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Region.objects.all()
    if role == Role.PRESS:
        return Region.objects.filter(pk=user.region_id)
    if role == Role.CHAIR:
        return Region.objects.filter(branches=user.branch_id)
    return Region.objects.none()


def branches_for(user: AnyUser) -> QuerySet[Branch]:
    """Branches whose pages the user may open."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Branch.objects.all()
    if role == Role.PRESS:
        return Branch.objects.filter(region=user.region_id)
    if role == Role.CHAIR:
        return Branch.objects.filter(pk=user.branch_id)
    return Branch.objects.none()


def organisations_for(user: AnyUser) -> QuerySet[PrimaryOrganisation]:
    """Primary organisations the user may see."""
    return PrimaryOrganisation.objects.filter(branch__in=branches_for(user))


def may_import_organisations(user: AnyUser) -> bool:
    """Only a region's press secretary keeps its list of organisations."""
    return role_of(user) == Role.PRESS


def may_import_users(user: AnyUser) -> bool:
    """Whoever runs the installation: a superuser, or staff allowed to add users
    in the admin (making people of any role is theirs, not a role's)."""
    return user.is_authenticated and user.is_staff and user.has_perm("portal.add_user")


def may_use_admin(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


def region_id_of(user: AnyUser) -> int | None:
    """The region a press secretary or a chair works in (None for the others)."""
    role = role_of(user)
    if role == Role.PRESS:
        return user.region_id
    if role == Role.CHAIR:
        return user.branch.region_id
    return None
