"""No page answers 500 to hostile input (issue 14, item 8).

Every page of the role × URL matrix, as a role that may use it, gets hostile
values (huge and negative numbers, digits of other scripts like «²» and «٣»,
empty and very long strings, NUL bytes) in every query parameter and form
field it has: the fields are read from the forms the pages show, so a new
page or field is covered without a word here. Hypothesis picks the mixes;
the examples are few and derandomised, so the run is short and repeatable.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from .test_url_matrix import ALL_CASES
from .url_cases import ROLES, Case

HOSTILE = [
    "9223372036854775808",  # one past the largest 64-bit integer
    "99999999999999999999999",
    "-1",
    "-9223372036854775809",
    "0",
    "²",
    "٣",
    "１２",
    "",
    "9" * 5000,
    "я" * 5000,
    "\x00",
    "1\x00",
    "1e9",
    "NaN",
    "2026-13-45",
    "=1+1",
]
VALUES = st.one_of(st.sampled_from(HOSTILE), st.integers().map(str), st.text(max_size=40))
# Each of these reaches every field in the explicit examples, whatever Hypothesis picks:
# beyond 64 bits, a digit int() refuses, beyond int()'s 4300 digits, a NUL byte.
ALWAYS = ["9223372036854775808", "²", "9" * 5000, "\x00"]
# A few mixes per page keep the run short; HOSTILE_EXAMPLES=200 searches deeper.
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "1"))
# Fields the test must leave alone: a wrong CSRF token is a 403, not a probe.
UNTOUCHED = {"csrfmiddlewaretoken"}
# Parameters a page may read without a form or link naming them.
COMMON = {"page", "region", "branch", "sort", "q", "next"}


class _Forms(HTMLParser):
    """The forms of a page (method, action, field names) and its links' query names."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self.link_params: dict[str, set[str]] = {}
        self._current: tuple[str, str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._current = (method, attrs.get("action") or "", set())
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            owner = self._current
            if owner is not None:
                owner[2].add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            parts = urlsplit(attrs["href"])
            if parts.query:
                names = {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
                self.link_params.setdefault(parts.path, set()).update(names)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


# (method, view name) -> field names, gathered once from every page a role sees.
_FIELDS: dict[str, dict[tuple[str, str], set[str]]] = {}


def _fields_seen_by(role: str, world, client) -> dict[tuple[str, str], set[str]]:
    if role in _FIELDS:
        return _FIELDS[role]
    found: dict[tuple[str, str], set[str]] = {}
    for case in ALL_CASES:
        if case.method != "get" or case.expect[role] != 200 or case.name.startswith("admin:"):
            continue
        address = case.url(world)
        response = client.get(address)
        if "html" not in response.get("Content-Type", ""):
            continue
        page = _Forms()
        page.feed(response.content.decode())
        here = urlsplit(address).path
        for method, action, names in page.forms:
            name = _view_name(urlsplit(action).path or here)
            if name:
                found.setdefault((method, name), set()).update(names)
        for path, names in page.link_params.items():
            name = _view_name(path or here)
            if name:
                found.setdefault(("get", name), set()).update(names)
    _FIELDS[role] = found
    return found


def _role_for(case: Case) -> str | None:
    """A role that gets past the door (not 403/404/405), the most able first."""
    for role in ("press", "central", "chair", "chair2", "anonymous"):
        if case.expect[role] < 400 and not (role == "anonymous" and case.expect[role] == 302):
            return role
    return None


FUZZED = [
    case for case in ALL_CASES if not case.name.startswith("admin:") and _role_for(case) is not None
]


def _page_fields(client, address: str, name: str) -> dict[str, set[str]]:
    """A page's query parameters (its GET forms and links) and the fields of its
    forms that post back to it (login, the question form, every edit page)."""
    page = client.get(address)
    fields: dict[str, set[str]] = {"get": set(), "post": set()}
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return fields  # a file: it reads what the links to it name
    fields["get"] |= COMMON
    forms = _Forms()
    forms.feed(page.content.decode())
    path = urlsplit(address).path
    for method, action, names in forms.forms:
        if method == "get" or _view_name(urlsplit(action).path or path) == name:
            fields.setdefault(method, set()).update(names)
    fields["get"] |= forms.link_params.get(path, set()) | forms.link_params.get("", set())
    return fields


def _probe(client, method: str, path: str, fixed: dict, fields: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        # Report the first 500 as it came: shrinking would cost many requests.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, VALUES)))
    def probe(values):
        response = getattr(client, method)(path, {**fixed, **values})
        shown = {name: value[:40] for name, value in values.items()}
        assert response.status_code < 500, f"{method.upper()} {path} {shown!r}"

    # Rotated, so that in len(ALWAYS) requests every field gets every value once.
    for turn in range(len(ALWAYS)):
        values = {name: ALWAYS[(i + turn) % len(ALWAYS)] for i, name in enumerate(fields)}
        probe = example(values=values)(probe)
    probe()


@pytest.mark.parametrize("case", FUZZED, ids=lambda case: case.id)
def test_no_500_from_hostile_values(case, world, client_for):
    role = _role_for(case)
    assert role in ROLES
    client = client_for(None if role == "anonymous" else world.users[role])
    client.raise_request_exception = False
    address = case.url(world)
    path, query = urlsplit(address).path, dict(parse_qsl(urlsplit(address).query))
    # What the forms and links of every page the role sees send to this one.
    seen = _fields_seen_by(role, world, client).get((case.method, case.name), set())
    if case.method == "get":
        fields = _page_fields(client, address, case.name)
        fields["get"] |= seen | set(query)
    else:
        fields = {"post": seen | set(case.data or {}) | COMMON}
    for method in ("get", "post"):
        names = sorted(fields.get(method, set()) - UNTOUCHED)
        if names:
            fixed = {**(case.data or {}), **query} if method == case.method else {}
            _probe(client, method, path, fixed, names)
