"""The menu: what each role may use, decided by the permissions module."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    icon: str
    allowed: object  # user -> bool


NAV_ITEMS = [
    # No "Home": the brand on the left leads there.
    # All regions side by side are on the central committee's home page and
    # its dashboard; the menu stays short enough for a laptop screen.
    NavItem(
        "portal:organisation_list",
        _("Organisations"),
        "buildings",
        lambda user: user.is_authenticated,
    ),
    NavItem(
        "contentplan:current",
        _("Content plan"),
        "calendar3",
        lambda user: bool(permissions.role_of(user)),
    ),
    NavItem(
        "submissions:queue",
        _("Materials"),
        "images",
        lambda user: bool(permissions.role_of(user)),
    ),
    NavItem(
        "branches:audit_table",
        _("Pages and audit"),
        "clipboard-data",
        lambda user: bool(permissions.role_of(user)),
    ),
    NavItem(
        "dashboards:home",
        _("Dashboard"),
        "speedometer2",
        lambda user: permissions.may_see_dashboards(user),
    ),
    NavItem(
        "questions:queue",
        _("Questions"),
        "question-circle",
        lambda user: permissions.may_see_question_queue(user),
    ),
    NavItem("bulletins:library", _("Library"), "book", lambda user: True),
    NavItem(
        "brand:kit",
        _("Brand kit"),
        "palette",
        lambda user: permissions.keeps_a_brand_kit(user),
    ),
]


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if item.allowed(user):
            url = reverse(item.url_name)
            active = current_path == url if url == "/" else current_path.startswith(url)
            items.append({"url": url, "label": item.label, "icon": item.icon, "active": active})
    return items
