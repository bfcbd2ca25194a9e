"""Who may see and change the connections of pages to their networks.

The region's press secretary connects and disconnects its own region's pages;
the central committee sees every region's connections and changes none;
chairs and everyone else see nothing (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.permissions import Role, role_of

if TYPE_CHECKING:
    from branches.models import SocialPage
    from portal.permissions import AnyUser


def may_see_connections(user: AnyUser) -> bool:
    return role_of(user) in (Role.PRESS, Role.CENTRAL)


def pages_for(user: AnyUser):
    """Pages whose connection the user may see."""
    from branches.models import SocialPage

    role = role_of(user)
    if role == Role.CENTRAL:
        return SocialPage.objects.all()
    if role == Role.PRESS:
        return SocialPage.objects.filter(region=user.region_id)
    return SocialPage.objects.none()


def may_connect(user: AnyUser, page: SocialPage) -> bool:
    """Only the press secretary of the page's region connects or disconnects it."""
    return role_of(user) == Role.PRESS and page.region_id == user.region_id
