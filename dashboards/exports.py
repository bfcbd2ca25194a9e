"""Every dashboard table as an XLSX workbook, from the same `Table` the page shows."""

from __future__ import annotations

import re

from portal.infrastructure.tabular import xlsx_bytes

from .cells import period_text
from .tables import Period, Table

# Characters Excel refuses in a sheet's name.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def table_xlsx(table: Table) -> bytes:
    title = SHEET_FORBIDDEN.sub(" ", str(table.title)).strip()
    rows = [
        [period_text(value) if isinstance(value, Period) else value for value in row]
        for row in table.plain_rows()
    ]
    return xlsx_bytes(title=title, header=table.header, rows=rows)
