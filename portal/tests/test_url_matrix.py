"""Every URL of the project, for every role: the status it must answer."""

from __future__ import annotations

import importlib
import importlib.util

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.models import Region

from .url_cases import CASES, ROLES, Case, everyone

# Apps keep their own cases in <app>/tests/url_cases.py.
APP_CASE_MODULES = (
    "branches",
    "contentplan",
    "materials",
    "bulletins",
    "questions",
    "brand",
    "channels",
    "publishing",
    "surveys",
    "bot",
    "dashboards",
)
# Parts of the portal that keep their cases in a module of their own.
PORTAL_CASE_MODULES = ("dashboards.tests.reach_url_cases",)


def _app_cases() -> list[Case]:
    cases = []
    for module in PORTAL_CASE_MODULES:
        cases += importlib.import_module(module).CASES
    for app in APP_CASE_MODULES:
        if importlib.util.find_spec(f"{app}.tests.url_cases"):
            cases += importlib.import_module(f"{app}.tests.url_cases").CASES
    return cases


def _walk(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}{name}", pattern


def all_patterns() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver()))


def _admin_kwargs(pattern: URLPattern) -> dict:
    """Values for an admin URL's parameters; the admin refuses before using them."""
    converters = getattr(pattern.pattern, "converters", {}) or {}
    groups = list(converters) or list(pattern.pattern.regex.groupindex)
    values = {
        "app_label": "portal",
        "object_id": "1",
        "content_type_id": lambda: ContentType.objects.get_for_model(Region).pk,
        "id": "1",
    }
    return {
        group: (values[group]() if callable(values[group]) else values[group]) for group in groups
    }


# The admin's own unnamed patterns: an old-style object address that
# redirects, and the catch-all that answers unknown admin addresses.
ADMIN_UNNAMED = {
    "admin:<unnamed <path:object_id>/>": lambda world: "/admin/portal/region/1/",
    "admin:<unnamed (?P<url>.*)$>": lambda world: "/admin/no-such-page/",
}


def _admin_cases() -> list[Case]:
    """No demo role is staff: the admin sends all of them to its login page."""
    cases = []
    for name, pattern in all_patterns().items():
        if not name.startswith("admin:"):
            continue
        expect = everyone(200 if name == "admin:login" else 302)
        if name in ADMIN_UNNAMED:
            address = ADMIN_UNNAMED[name]
        else:
            address = lambda world, n=name, p=pattern: reverse(n, kwargs=_admin_kwargs(p))  # noqa: E731
        cases.append(Case(name, address, expect))
    return cases


ALL_CASES = CASES + _app_cases() + _admin_cases()


def test_every_url_pattern_has_a_case():
    missing = sorted(set(all_patterns()) - {case.name for case in ALL_CASES})
    assert not missing, f"URL patterns without an entry in the role × URL matrix: {missing}"


def test_cases_name_existing_patterns():
    unknown = sorted({case.name for case in ALL_CASES} - set(all_patterns()))
    assert not unknown, f"matrix entries for URL patterns that do not exist: {unknown}"


@pytest.fixture
def world(world_once, db):
    """The matrix only reads the world: it is built once for the module, and
    what a case writes (a POST, an object made on demand) is rolled back
    after the case."""
    return world_once


@pytest.fixture(scope="module")
def sessions(world_once, django_db_blocker) -> dict[str, str | None]:
    """Each role's session, logged in once for the module (in the world's
    transaction): logging in and out for every role of every case took as
    long as the requests themselves. A case that ends a session (logout)
    does it in its own savepoint, so the next case finds it again."""
    keys: dict[str, str | None] = {"anonymous": None}
    with django_db_blocker.unblock():
        for role in ROLES:
            if role != "anonymous":
                client = Client()
                client.force_login(
                    world_once.users[role], backend="portal.backends.ScopedModelBackend"
                )
                keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda case: case.id)
def test_role_url_matrix(case, world, sessions):
    """One case per URL; every role is asked (each with a client of its own,
    so no cookie of one role's answer reaches the next), and every role that
    gets the wrong answer (or an exception) is named in one failure."""
    wrong = []
    for role in ROLES:
        client = Client()
        if sessions[role] is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        try:
            address = case.url(world)
            response = getattr(client, case.method)(address, case.data or {})
        except Exception as exc:  # reported with the other roles' answers
            wrong.append(f"{role}: raised {exc.__class__.__name__}: {exc}")
            continue
        if response.status_code != case.expect[role]:
            wrong.append(
                f"{role} at {address}: {response.status_code}, expected {case.expect[role]}"
            )
    assert not wrong, f"{case.id}: " + "; ".join(wrong)
