"""Drawing a dashboard `Table`'s rows as HTML: the selectors return the
figures (`dashboards.selectors.Table`), this module shows them, on every
visit, in the language of the request (the cache keeps figures, not HTML).
"""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.loader import render_to_string
from django.utils.formats import date_format, get_format, localize
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tables import Cell, Period, Table


def cells(table: Table) -> list[list[tuple[str, str]]]:
    """The rows as the page shows them, in column order: each cell's class
    and text (its own text, a dash when empty, numbers grouped). Prepared
    here so that the drawing does no work per cell, as a rubric grid has
    hundreds."""
    keys = [column.key for column in table.columns]
    grouped = _grouping()
    return [
        [_shown(_cell(row[key]), first=n == 0, grouped=grouped) for n, key in enumerate(keys)]
        for row in table.rows
    ]


def row_html(table: Table) -> list[str]:
    """Each row's `<tr>` with its cells, escaped. Joined here rather than by
    the template's inner loop: a rubric grid has over a thousand cells, and
    the template language spends some 20 µs on each."""
    return [
        mark_safe(  # noqa: S308 - every class and text is escaped here
            "<tr>"
            + "".join(f'<td class="{escape(css)}">{escape(text)}</td>' for css, text in row)
            + "</tr>"
        )
        for row in cells(table)
    ]


def rows_html(table: Table) -> str:
    """The table's rows drawn."""
    return render_to_string(
        "dashboards/includes/table_rows.html", {"table": table, "rows": row_html(table)}
    )


def _cell(value) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def _shown(cell: Cell, *, first: bool, grouped=intcomma) -> tuple[str, str]:
    css = cell.css if first else f"text-end {cell.css}".rstrip()
    if cell.text is not None:
        return css, cell.text
    if cell.empty:
        return css, "—"
    if cell.numeric:
        return css, grouped(cell.value)
    if isinstance(cell.value, Period):
        return css, period_text(cell.value)
    return css, localize(cell.value)


def period_text(period: Period) -> str:
    """«01.03.2026 – 31.03.2026»: both days in the language's short date format."""
    starts = date_format(period.starts, "SHORT_DATE_FORMAT")
    return f"{starts} – {date_format(period.ends, 'SHORT_DATE_FORMAT')}"


def _grouping():
    """`intcomma` for the current language (digits grouped in threes with its
    separator), whole numbers written directly: 1 µs instead of 12, and a
    grid has hundreds."""
    if get_format("NUMBER_GROUPING") != 3:
        return intcomma
    separator = get_format("THOUSAND_SEPARATOR")

    def grouped(value: int | float) -> str:
        if isinstance(value, int):
            return f"{value:,}".replace(",", separator)
        return intcomma(value)

    return grouped
