"""The one way to filter a list page (`portal.filters`), and every list page
that filters: its query parameters keep their names, and a hostile value in
any of them shows the whole list, never an error."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django import forms
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from materials.models import Submission
from portal import freshness
from portal.filters import ListFilterForm
from portal.models import Region, User
from portal.seed import REGION_NAME

from .factories import UserFactory


@dataclass(frozen=True)
class Filters:
    q: str = ""
    number: int | None = None
    flag: bool = False


class ExampleForm(ListFilterForm):
    filters_class = Filters

    q = forms.CharField(required=False, max_length=5)
    number = forms.TypedChoiceField(
        coerce=int, required=False, choices=[("", "any"), ("1", "one"), ("2", "two")]
    )
    flag = forms.BooleanField(required=False)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, Filters()),
        ({}, Filters()),
        ({"q": " bus ", "number": "2", "flag": "on"}, Filters(q="bus", number=2, flag=True)),
        ({"q": "", "number": ""}, Filters()),
        ({"number": "1"}, Filters(number=1)),
        # One invalid value and the rest is not taken either: the whole list.
        ({"q": "bus", "number": "3"}, Filters()),
        ({"q": "too long", "number": "1"}, Filters()),
        ({"q": "a\x00b"}, Filters()),
    ],
)
def test_a_filter_form_gives_its_selector_one_frozen_dataclass(data, expected):
    assert ExampleForm(data).filters() == expected


# --- Every list page that filters ----------------------------------------------------------


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True  # the demo plan, questions and library of the embedded default
    call_command("load_seed", stdout=io.StringIO())
    settings.DEBUG = False
    region = Region.objects.get(name=REGION_NAME)
    branch = region.branches.order_by("name").first()
    for days in (1, 10):  # the review queue has no demo materials: two of its own
        Submission.objects.create(
            branch=branch,
            title="Субботник",
            text="Прошёл субботник.",
            event_date=timezone.localdate(),
            sent_at=timezone.now() - datetime.timedelta(days=days),
        )
    return {
        "region": region,
        "press": UserFactory(username="press-seed", role=User.Role.PRESS, region=region),
        "central": UserFactory(username="central-seed", role=User.Role.CENTRAL),
    }


def _pks(items) -> list:
    return [(type(item).__name__, item.pk) for item in items]


def _month() -> list[int]:
    today = timezone.localdate()
    return [today.year, today.month]


# (who, URL name, URL args, the form in the context, the query parameters, what the list is)
LISTS = {
    "organisations": (
        "central",
        "portal:organisation_list",
        [],
        "form",
        {"q", "region", "branch", "kind"},
        lambda context: _pks(context["page"].object_list),
    ),
    "social pages": (
        "central",
        "branches:page_list",
        [],
        "form",
        {"region", "branch", "platform", "verdict", "lifecycle"},
        lambda context: _pks(context["page"].object_list),
    ),
    "page audit": (
        "central",
        "branches:audit_table",
        [],
        None,
        {"region"},
        lambda context: _pks(context["rows"]),
    ),
    "library": (
        "central",
        "bulletins:library",
        [],
        "form",
        {"q", "topic", "region"},
        lambda context: _pks(context["page"].object_list) + _pks(context["collections"]),
    ),
    "FAQ": (
        None,
        "questions:faq",
        [],
        "form",
        {"q", "topic"},
        lambda context: _pks(context["answers"]),
    ),
    "question queue": (
        "press",
        "questions:queue",
        [],
        "form",
        {"status", "topic", "q", "mine"},
        lambda context: _pks(context["questions"]),
    ),
    "material queue": (
        "press",
        "submissions:queue",
        [],
        "form",
        {"branch", "status", "age"},
        lambda context: _pks(context["submissions"]),
    ),
    "plan calendar": (
        "press",
        "contentplan:calendar",
        _month(),
        "filter_form",
        {"rubric", "channel", "status", "responsible", "branch", "campaign"},
        lambda context: [
            (post.pk, post.date) for week in context["weeks"] for day in week for post in day.chips
        ],
    ),
    "plan list": (
        "press",
        "contentplan:month_list",
        _month(),
        "filter_form",
        {"rubric", "channel", "status", "responsible", "branch", "campaign"},
        lambda context: _pks(context["shown"]),
    ),
}

HOSTILE = ["abc", "-1", "99999999999999999999", "\x00", "1 OR 1=1"]
HOSTILE_TEXT = ["x" * 1000, "a\x00b"]


def test_a_hostile_filter_value_shows_the_whole_list(seeded, client_for):
    """One test for every list, so that the seed is loaded once."""
    for name, (role, url_name, args, form_key, parameters, listed) in LISTS.items():
        client = client_for(seeded[role] if role else None)
        address = reverse(url_name, args=args)
        response = client.get(address)
        assert response.status_code == 200, name
        whole = listed(response.context)
        assert whole, f"{name}: the list should hold something to compare"
        if form_key:  # the parameter names that links and bookmarks carry
            assert set(response.context[form_key].fields) == parameters, name
        for parameter in sorted(parameters):
            field = response.context[form_key].fields[parameter] if form_key else None
            if isinstance(field, forms.BooleanField):
                continue  # any value of a checkbox is "on"
            for value in HOSTILE_TEXT if isinstance(field, forms.CharField) else HOSTILE:
                freshness.forget_all()  # a cached page (the audit) draws its rows anew
                response = client.get(address, {parameter: value})
                assert response.status_code == 200, (name, parameter, value)
                assert listed(response.context) == whole, (name, parameter, value)
        freshness.forget_all()  # a cached page (the audit) draws its rows anew
        response = client.get(address, dict.fromkeys(parameters, HOSTILE[0]))
        assert response.status_code == 200, name
        assert listed(response.context) == whole, name
