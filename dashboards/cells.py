"""Drawing a dashboard `Table`'s rows as HTML: the selectors return the
figures (`dashboards.selectors.Table`), this module shows them, on every
visit, in the language of the request (the cache keeps figures, not HTML).
"""

from __future__ import annotations

import datetime
import functools
from html import escape

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.formats import date_format, get_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from .tables import Cell, Period, Table


def cells(table: Table) -> list[list[tuple[str, str]]]:
    """The rows as the page shows them, in column order: each cell's class
    and text (its own text, a dash when empty, numbers grouped). Prepared
    here so that the drawing does no work per cell, as a rubric grid has
    hundreds."""
    keys = [column.key for column in table.columns]
    shown = _Drawing()
    return [
        [shown.cell(row[key], first=n == 0) for n, key in enumerate(keys)] for row in table.rows
    ]


def row_html(table: Table) -> list[str]:
    """Each row's `<tr>` with its cells, escaped. Joined here rather than by
    the template's inner loop: a rubric grid has over a thousand cells, and
    the template language spends some 20 µs on each."""
    keys = [column.key for column in table.columns]
    drawing = _Drawing()
    return [
        mark_safe(  # noqa: S308 - every class and text is escaped (_Drawing.td)
            "<tr>"
            + "".join([drawing.td(row[key], first=n == 0) for n, key in enumerate(keys)])
            + "</tr>"
        )
        for row in table.rows
    ]


class _Drawing:
    """One drawing's cells, each distinct value shown once: a table repeats
    its values (a dash, the day of measuring, a count, a verdict) and showing
    one costs microseconds (a date's format, grouping, escaping), which a
    page of fourteen tables and 1,300 cells paid on every visit. Kept for one
    drawing only, as the language and its formats are the request's."""

    def __init__(self):
        self.grouped = _grouping()
        self.shown: dict = {}
        self.drawn: dict = {}

    def cell(self, value, *, first: bool) -> tuple[str, str]:
        # The type too: 1, 1.0 and True are equal keys but are shown apart.
        key = (first, type(value), value)
        try:
            return self.shown[key]
        except KeyError:
            shown = self.shown[key] = _shown(_cell(value), first=first, grouped=self.grouped)
            return shown
        except TypeError:  # a value that cannot be a key is shown each time
            return _shown(_cell(value), first=first, grouped=self.grouped)

    def td(self, value, *, first: bool) -> str:
        key = (first, type(value), value)
        try:
            return self.drawn[key]
        except KeyError:
            drawn = self.drawn[key] = self._td(value, first)
            return drawn
        except TypeError:
            return self._td(value, first)

    def _td(self, value, first: bool) -> str:
        if type(value) is int and not first:  # most cells: a count, as _shown draws it
            return f'<td class="text-end">{escape(self.grouped(value))}</td>'
        css, text = self.cell(value, first=first)
        return f'<td class="{escape(str(css))}">{escape(str(text))}</td>'


def rows_html(table: Table) -> str:
    """The table's rows drawn, or a row saying there are none. Joined here,
    not by a template of its own: a page draws fourteen tables."""
    rows = row_html(table)
    if not rows:
        return format_html(
            '<tr><td colspan="{}" class="text-body-secondary">{}</td></tr>',
            len(table.columns),
            gettext("No data yet."),
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - rows drawn escaped by row_html


# In a page's export address, where each table's key goes (a slug no table has).
TABLE_KEY = "table-key"
# A table with its XLSX export, as dashboards/includes/table.html draws it.
TABLE = (
    '<div class="d-flex justify-content-between align-items-center mt-2 mb-1">'
    '<div class="small text-body-secondary">{caption}</div>'
    '<a class="btn btn-outline-secondary btn-sm no-print" href="{export_url}"'
    ' data-testid="export-{key}"><i class="bi bi-file-earmark-excel" aria-hidden="true"></i>'
    " {xlsx}</a></div>"
    '<div class="table-responsive dashboard-table" data-current-month="{month}" tabindex="0"'
    ' role="region" aria-label="{title}">'
    '<table class="table table-sm table-hover bg-body align-middle mb-0"'
    ' data-testid="table-{key}"><thead><tr>{header}</tr></thead>'
    "<tbody>{rows}</tbody></table></div>"
)


def table_html(table: Table, export_url: str) -> str:
    """The whole table (its caption, export button, header and rows), drawn
    here rather than by a template included for each of a page's fourteen."""
    header = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        (
            ("" if n == 0 else mark_safe(' class="text-end"'), name)
            for n, name in enumerate(table.header)
        ),
    )
    return format_html(
        TABLE,
        caption=table.caption,
        export_url=export_url,
        key=table.key,
        xlsx=gettext("XLSX"),
        month=f"{timezone.localtime():%m.%Y}",
        title=table.title,
        header=header,
        rows=rows_html(table),
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
    if type(cell.value) is datetime.date:
        return css, _day_text(get_language(), cell.value)
    return css, localize(cell.value)


@functools.lru_cache(maxsize=4096)
def _day_text(language: str, day: datetime.date) -> str:
    """A day in the language's date format («9 сентября 2026»): 40 µs each
    (the month's name is looked up in the catalogue), and a dashboard shows
    the same days on every visit. Kept per language, as the catalogues and
    formats change only with the code (a new process)."""
    return localize(day)


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
