"""The role × URL matrix of the portal's own URLs (other apps keep theirs).

Each case names a URL pattern, builds its address from the test world, and
gives the status every role must get. `test_url_matrix` fails when a URL
pattern of the project has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

ROLES = ("anonymous", "chair", "chair2", "press", "central")


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable
    expect: dict[str, int]
    method: str = "get"
    data: dict | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def logged_in(status: int = 200, **overrides: int) -> dict[str, int]:
    """Anonymous visitors are sent to the login page; the rest get `status`."""
    return {**everyone(status), "anonymous": 302, **overrides}


def url(name: str, *attrs: str) -> Callable:
    """An address for `name`, taking primary keys from the world's attributes."""

    def build(world) -> str:
        return reverse(name, args=[getattr(world, attr).pk for attr in attrs])

    return build


CASES = [
    Case("healthz", url("healthz"), everyone(200)),
    Case("readyz", url("readyz"), everyone(200)),
    # Only with METRICS_TOKEN or from METRICS_ALLOWED_IPS: never for a role.
    Case("metrics", url("metrics"), everyone(404)),
    Case("login", url("login"), logged_in(302, anonymous=200)),
    Case("logout", url("logout"), everyone(405), label="GET is refused"),
    Case("logout", url("logout"), everyone(302), method="post", label="POST"),
    Case("password_change", url("password_change"), logged_in()),
    Case("password_change_done", url("password_change_done"), logged_in()),
    Case("password_reset", url("password_reset"), everyone(200)),
    Case("password_reset_done", url("password_reset_done"), everyone(200)),
    Case(
        "password_reset_confirm",
        lambda world: reverse("password_reset_confirm", args=["MQ", "bad-token"]),
        everyone(200),
    ),
    Case("password_reset_complete", url("password_reset_complete"), everyone(200)),
    Case(
        "set_language", url("set_language"), everyone(302), method="post", data={"language": "kk"}
    ),
    Case("portal:home", url("portal:home"), everyone(200)),
    Case("portal:region_list", url("portal:region_list"), logged_in()),
    Case("portal:region_detail", url("portal:region_detail", "region"), logged_in(), label="own"),
    Case(
        "portal:region_detail",
        url("portal:region_detail", "other_region"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "portal:branch_detail",
        url("portal:branch_detail", "branch"),
        logged_in(chair2=404),
        label="chair's branch",
    ),
    Case(
        "portal:branch_detail",
        url("portal:branch_detail", "other_branch"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case("portal:organisation_list", url("portal:organisation_list"), logged_in()),
    Case("portal:organisation_export", url("portal:organisation_export"), logged_in()),
    Case(
        "portal:organisation_detail",
        url("portal:organisation_detail", "organisation"),
        logged_in(chair2=404),
        label="chair's branch",
    ),
    Case(
        "portal:organisation_detail",
        url("portal:organisation_detail", "other_organisation"),
        logged_in(404, central=200),
        label="other region",
    ),
    Case(
        "portal:organisation_import",
        url("portal:organisation_import"),
        logged_in(404, press=200),
    ),
    Case(
        "portal:organisation_import_confirm",
        url("portal:organisation_import_confirm"),
        # The press secretary without a pending preview is sent back to upload.
        logged_in(404, press=302),
        method="post",
    ),
    Case(
        "portal:organisation_import_confirm",
        url("portal:organisation_import_confirm"),
        logged_in(405),
        label="GET is refused",
    ),
    # Users are imported by whoever runs the installation (staff allowed to add
    # users), never by a role: 404 for all of them (the admin's own test is
    # in test_user_import).
    Case("portal:user_import", url("portal:user_import"), logged_in(404)),
    Case(
        "portal:user_import_confirm",
        url("portal:user_import_confirm"),
        logged_in(404),
        method="post",
    ),
    Case(
        "portal:user_import_confirm",
        url("portal:user_import_confirm"),
        logged_in(405),
        label="GET is refused",
    ),
    Case("portal:user_import_template", url("portal:user_import_template"), logged_in(404)),
    Case("portal:notification_list", url("portal:notification_list"), logged_in()),
    Case(
        "portal:notification_open",
        # press's notification: everyone else gets 404, press goes to its link.
        lambda world: reverse("portal:notification_open", args=[press_notification(world).pk]),
        logged_in(404, press=302),
        method="post",
    ),
    Case(
        "portal:notification_read_all",
        url("portal:notification_read_all"),
        logged_in(302),
        method="post",
    ),
]


def press_notification(world):
    from portal.models import Notification

    notification, _created = Notification.objects.get_or_create(
        user=world.users["press"], key="matrix", defaults={"title": "Проверка", "url": "/"}
    )
    return notification
