"""A dashboard's table: rows keyed by column, read alike by the page (drawn by
`dashboards.cells`), its chart and its XLSX export; and the months shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from portal import dates

MONTHS_SHOWN = 12

# --- Tables ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A value with how to show it: `css` colours it, `text` replaces it on the page."""

    value: object
    css: str = ""
    text: str | None = None

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def empty(self) -> bool:
        return self.value is None or self.value == ""


@dataclass(frozen=True)
class Period:
    """From one day to another, both included: a cell's value, drawn in the
    language's short date format (`dashboards.cells`)."""

    starts: datetime.date
    ends: datetime.date


@dataclass(frozen=True)
class Column:
    """A column of a `Table`: `key` is how code reads it, `label` how people do."""

    key: str
    label: str


@dataclass
class Table:
    """Rows keyed by column: the page, the charts and the XLSX export read the
    columns by their keys, so adding or moving a column breaks none of them."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, object]] = field(default_factory=list)
    caption: str = ""

    def add(self, row: dict[str, object]) -> None:
        if row.keys() != {column.key for column in self.columns}:
            raise ValueError(f"table {self.key!r}: a row with keys {sorted(row)}")
        self.rows.append(row)

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    def column(self, key: str) -> list:
        """The raw values of one column, for a chart."""
        return [_raw(row[key]) for row in self.rows]

    def plain_rows(self) -> list[list]:
        """Raw values in column order, for the XLSX export."""
        keys = [column.key for column in self.columns]
        return [[_raw(row[key]) for key in keys] for row in self.rows]


def _raw(value):
    return value.value if isinstance(value, Cell) else value


def month_key(month: datetime.date) -> str:
    """The key of a month's column."""
    return f"{month:%Y-%m}"


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Months -------------------------------------------------------------------------


def last_months(today: datetime.date, count: int = MONTHS_SHOWN) -> list[datetime.date]:
    """The first days of the last `count` months, the current one last."""
    current = dates.first_day(today)
    return [dates.add_months(current, n) for n in range(-count + 1, 1)]
