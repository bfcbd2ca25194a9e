"""Who may keep brand kits and the page standard, and check posts and materials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from contentplan import permissions as plan_permissions
from materials import permissions as material_permissions
from portal.models import Region
from portal.permissions import Role, regions_for, role_of

if TYPE_CHECKING:
    from portal.permissions import AnyUser


# --- Visual style and the page standard (app `brand`) ---------------------------
# A region's press secretary keeps its brand kit; the central committee keeps
# the default kit (used by every region without one of its own), reads every
# region's, and keeps the page standard's checklist. Whoever may read a post
# may see its cards. The reviewer of a post or a material (the region's press
# secretary) answers the standard for it; who may read it sees the answers.


def may_edit_brand_kit(user: AnyUser, region: Region | None) -> bool:
    """`region` None is the default kit."""
    role = role_of(user)
    if region is None:
        return role == Role.CENTRAL
    return role == Role.PRESS and user.region_id == region.pk


def keeps_a_brand_kit(user: AnyUser) -> bool:
    """Press secretaries keep their region's kit, central the default one."""
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def brand_kit_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose kit the user may look at: central all, press its own."""
    if role_of(user) in (Role.CENTRAL, Role.PRESS):
        return regions_for(user)
    return Region.objects.none()


def may_keep_standard(user: AnyUser) -> bool:
    """The page standard's checklist is the central committee's."""
    return role_of(user) == Role.CENTRAL


def may_check_post(user: AnyUser, post) -> bool:
    return plan_permissions.may_edit_post(user, post)


def may_check_submission(user: AnyUser, submission) -> bool:
    return material_permissions.may_review_submission(user, submission)
