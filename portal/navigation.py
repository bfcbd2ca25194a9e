"""The menu: each app adds its own entries when it loads (`register` in its
`AppConfig.ready`), with the rule that decides who sees them, so the ground
floor knows no app above it. Entries are shown in the order of `position`.

An entry may belong to a group (`GROUPS` below): the group is one dropdown in
the menu at the group's position, so the menu fits a 1280-pixel laptop in
every language. A group of which a user sees only one entry is that entry.
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
    group: str = ""  # a key of GROUPS, or "" for an entry of its own


@dataclass(frozen=True)
class NavGroup:
    label: str
    icon: str
    position: int


# The places in the menu; the apps put their entries into them.
GROUPS: dict[str, NavGroup] = {
    # The union's structure and its pages on the networks.
    "organisations": NavGroup(_("Organisations"), "buildings", 10),
    # What activists read and reuse: the library and the visual style.
    "library": NavGroup(_("Library"), "book", 70),
}


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    """Add (or replace, by URL name) a menu entry."""
    _ITEMS[item.url_name] = item


def has_role(user) -> bool:
    return bool(permissions.role_of(user))


def nav_items() -> list[NavItem]:
    return sorted(_ITEMS.values(), key=lambda item: (item.position, item.url_name))


def items_for(user, current_path: str) -> list[dict]:
    """The menu for this user: entries, and groups with their entries (`children`)."""
    entries: list[tuple[int, dict]] = []
    groups: dict[str, dict] = {}
    for item in nav_items():
        if not item.allowed(user):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entry = {"url": url, "label": item.label, "icon": item.icon, "active": active}
        group = GROUPS.get(item.group)
        if group is None:
            entries.append((item.position, entry))
            continue
        if item.group not in groups:
            groups[item.group] = {
                "key": item.group,
                "label": group.label,
                "icon": group.icon,
                "active": False,
                "children": [],
            }
            entries.append((group.position, groups[item.group]))
        groups[item.group]["children"].append(entry)
        groups[item.group]["active"] |= active
    items = []
    for _position, entry in sorted(entries, key=lambda pair: pair[0]):
        children = entry.get("children")
        items.append(children[0] if children is not None and len(children) == 1 else entry)
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
        group="organisations",
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


@dataclass(frozen=True)
class HomePanel:
    """A part of a role's home page that an app above the ground draws: its
    template, and the context it needs for this user (a function of the user)."""

    key: str
    role: str
    template: str
    context: Callable  # user -> dict
    position: int = 100


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    """Add (or replace, by key) a panel of a role's home page."""
    _PANELS[panel.key] = panel


def home_panels(user) -> list[dict]:
    """The panels of this user's home, in order, each with its template and context."""
    role = permissions.role_of(user)
    found = sorted(
        (panel for panel in _PANELS.values() if panel.role == role),
        key=lambda panel: (panel.position, panel.key),
    )
    return [{"template": panel.template, **panel.context(user)} for panel in found]
