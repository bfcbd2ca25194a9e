"""What drawing a dashboard costs on every visit (issue 33, «Warm»): the
cache keeps figures, so each visit draws the tables again; these pin the
work that drawing does, not its time."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dashboards import cells
from dashboards.selectors import Cell, Column, Table
from dashboards.tests.test_dashboards import data  # noqa: F401  (fixture)


def _table(rows: int) -> Table:
    table = Table(
        key="t",
        title="t",
        columns=[Column("day", "day"), Column("n", "n"), Column("measured", "m")],
    )
    for n in range(rows):
        table.add(
            {
                "day": datetime.date(2026, 3, 1) + datetime.timedelta(days=n % 3),
                "n": 1000 + n % 2,
                "measured": datetime.date(2026, 3, 9),
            }
        )
    return table


def test_a_table_formats_each_day_it_shows_once(monkeypatch):
    """A date's format looks its month's name up in the catalogue (40 µs):
    a table showing the same few days in 40 rows formats each of them once."""
    formatted = Counter()
    localize = cells.localize

    def counting(value, *args, **kwargs):
        formatted[value] += 1
        return localize(value, *args, **kwargs)

    monkeypatch.setattr(cells, "localize", counting)
    cells._day_text.cache_clear()
    with translation.override("ru"):
        rows = cells.row_html(_table(40)) + cells.row_html(_table(40))
    assert rows[0] == (
        '<tr><td class="">1 марта 2026</td><td class="text-end">1\xa0000</td>'
        '<td class="text-end">9 марта 2026</td></tr>'
    )
    assert rows[4] == (
        '<tr><td class="">2 марта 2026</td><td class="text-end">1\xa0000</td>'
        '<td class="text-end">9 марта 2026</td></tr>'
    )
    assert max(formatted.values()) == 1
    assert len(formatted) == 4


def test_each_language_formats_its_own_days():
    table = _table(1)
    drawn = {}
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            drawn[language] = cells.row_html(table)[0]
    assert "1 марта 2026" in drawn["ru"]
    assert "2026" in drawn["kk"] and drawn["kk"] != drawn["ru"]
    assert "1 March 2026" in drawn["en"]


def test_equal_values_of_other_types_are_shown_apart():
    """1, 1.0 and True are equal as keys: each is still shown as itself."""
    table = Table(key="t", title="t", columns=[Column("a", "a"), Column("b", "b")])
    for value in (1, 1.0, True, Cell(1, text="один")):
        table.add({"a": "x", "b": value})
    with translation.override("en"):
        shown = [row[1] for row in cells.cells(table)]
    assert shown == [
        ("text-end", "1"),
        ("text-end", "1.0"),
        ("text-end", "True"),
        ("text-end", "один"),
    ]


def test_an_empty_table_says_so():
    table = Table(key="t", title="t", columns=[Column("a", "a"), Column("b", "b")])
    with translation.override("ru"):
        assert cells.rows_html(table) == (
            '<tr><td colspan="2" class="text-body-secondary">Данных пока нет.</td></tr>'
        )


@pytest.fixture
def rendered():
    names = Counter()

    def count(sender, template, context, **kwargs):
        names[template.name] += 1

    template_rendered.connect(count)
    yield names
    template_rendered.disconnect(count)


def test_the_region_dashboard_draws_its_tables_without_a_template_each(
    data,  # noqa: F811
    client_for,
    rendered,
):
    """The page's fourteen tables are drawn in Python (dashboards.cells.
    table_html), not by two templates included for each, and their export
    addresses are reversed once for the page, each with its table's key."""
    client = client_for(data.users["press"])
    address = reverse("dashboards:region", args=[data.region.pk])
    assert client.get(address).status_code == 200
    rendered.clear()
    page = client.get(address).content.decode()
    assert rendered["dashboards/includes/table.html"] == 0
    assert rendered["dashboards/includes/table_rows.html"] == 0
    exports = re.findall(r'href="([^"]+)"\s+data-testid="export-([a-z_]+)"', page)
    assert len(exports) >= 12
    for href, key in exports:
        assert href == reverse("dashboards:region_export", args=[data.region.pk, key])
        assert f'data-testid="table-{key}"' in page


def test_a_warm_region_dashboard_counts_no_branches(data, client_for):  # noqa: F811
    """The region's totals (branches, organisations, members) come with the
    cached figures: a warm visit reads the region alone, not three subqueries
    summing its branches' totals (4 ms of a request's CPU on the bench's data)."""
    client = client_for(data.users["press"])
    address = reverse("dashboards:region", args=[data.region.pk])
    assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address).content.decode()
    assert not [q["sql"] for q in queries if "SUM(" in q["sql"]]
    cards = dict(re.findall(r'data-figure="(\w+)">\s*([^<]*?)\s*</div>', page))
    assert (cards["members"], cards["branches"]) == ("220", "2")
