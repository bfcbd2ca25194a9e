"""The menu: each app adds its own entries when it loads (`register` in its
`AppConfig.ready`), with the rule that decides who sees them, so the ground
floor knows no app above it. Entries are shown in the order of `position`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import permissions


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    icon: str
    allowed: Callable  # user -> bool
    position: int = 100


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by URL name) a menu entry."""
    _ITEMS[item.url_name] = item


def has_role(user) -> bool:
    return bool(permissions.role_of(user))


def nav_items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: (item.position, item.url_name))


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in nav_items():
        if item.allowed(user):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"url": url, "label": item.label, "icon": item.icon, "active": active})
    return items


# No "Home": the brand on the left leads there. All regions side by side are on
# the central committee's home page and its dashboard; the menu stays short
# enough for a laptop screen.
register(
    NavItem(
        "portal:organisation_list",
        _("Organisations"),
        "buildings",
        lambda user: user.is_authenticated,
        position=10,
    )
)
register(
    NavItem(
        "portal:user_import",
        pgettext_lazy("menu", "Users"),
        "person-plus",
        permissions.may_import_users,
        position=95,
    )
)
