"""Every dashboard table as an XLSX workbook, from the same `Table` the page shows."""

from __future__ import annotations

import re

from portal.tabular import xlsx_bytes

from .tables import Table

# Characters Excel refuses in a sheet's name.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def table_xlsx(table: Table) -> bytes:
    title = SHEET_FORBIDDEN.sub(" ", str(table.title)).strip()
    return xlsx_bytes(title=title, header=table.header, rows=table.plain_rows())
