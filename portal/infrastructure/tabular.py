"""Reading and writing tables (CSV and XLSX) that people upload and download.

An upload is recognised by its content, never by its name: an XLSX file must
be a sound zip archive of modest unpacked size holding a workbook; anything
else must decode as text. Every refusal is a `TableError` whose message can
be shown to the user as it is.

Every download writes its cells through `safe_cell` (XLSX) or `csv_text`
(CSV), so text people typed stays text and is never run as a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# An XLSX file is a zip archive: bound what it may unpack to (zip bombs).
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_XLSX_ENTRIES = 500


class TableError(Exception):
    """The whole file is refused; the message is for the user."""


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _check_xlsx_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TableError(_("The file is damaged: it is not a valid XLSX workbook.")) from exc
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise TableError(_("The workbook holds too many parts to be a table."))
    if sum(entry.file_size for entry in entries) > MAX_XLSX_UNPACKED_BYTES:
        raise TableError(_("The workbook unpacks to more than 50 MB; it is refused."))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise TableError(_("The archive is not an Excel workbook (XLSX)."))


def _formula_refused(line: int, column: int, text: str) -> TableError:
    return TableError(
        _(
            "Cell %(cell)s holds a formula or starts like one (%(text)s); the file is "
            "refused. Keep only values in the table (paste as values) and upload it again."
        )
        % {"cell": f"{get_column_letter(column)}{line}", "text": text[:40]}
    )


def _read_xlsx(data: bytes, *, refuse_formulas: bool) -> list[list[str]]:
    _check_xlsx_archive(data)
    try:
        # Formulas are read as formulas (not their cached values) only to refuse them.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=not refuse_formulas)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise TableError(_("The workbook could not be read: it is damaged.")) from exc
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for cells in sheet.iter_rows():
            line = []
            for cell in cells:
                if refuse_formulas and getattr(cell, "data_type", None) == "f":
                    raise _formula_refused(cell.row, cell.column, str(cell.value))
                line.append(_cell_text(getattr(cell, "value", None)))
            lines.append(line)
            if len(lines) > MAX_ROWS + 1:
                raise TableError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        return lines
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise TableError(_("The file is neither CSV text nor an XLSX workbook."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1251 decodes nearly anything
        raise TableError(_("The text of the file is in an unknown encoding."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        # One column, or too little text to tell: take the likelier separator.
        class dialect(csv.excel):  # noqa: N801
            delimiter = ";" if text.count(";") > text.count(",") else ","

    lines = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if len(lines) > MAX_ROWS + 1:
        raise TableError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    return lines


def read_table(upload, *, refuse_formulas: bool = False) -> Table:
    """Read the first sheet of an XLSX file or a CSV file into a `Table`.

    With `refuse_formulas`, a formula cell of a workbook, or a cell of either
    kind whose text starts like one (`FORMULA_STARTS`), refuses the file."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise TableError(_("The file is larger than 5 MB."))
    data = upload.read()
    if not data.strip():
        raise TableError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        lines = _read_xlsx(data, refuse_formulas=refuse_formulas)
    else:
        lines = _read_csv(data)
    if refuse_formulas:
        for number, cells in enumerate(lines, start=1):
            for column, text in enumerate(cells, start=1):
                if text.startswith(FORMULA_STARTS) and text != "-":  # a lone dash: empty
                    raise _formula_refused(number, column, text)
    numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if any(cells)]
    if not numbered:
        raise TableError(_("The file is empty."))
    (_header_line, header), *rows = numbered
    return Table(header=[cell.casefold() for cell in header], rows=rows)


# A spreadsheet takes a cell starting with one of these for a formula (or, for
# a tab or a carriage return, strips them and reads what follows): the OWASP
# list for «CSV injection», which applies to XLSX cells edited in Excel too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet, *, row: int, column: int, value=None) -> Cell:
    """Write `value` into a cell of an openpyxl sheet; text stays text.

    openpyxl stores a string starting with «=» as a formula; here every string
    is stored as a string (data type «s»), and one starting with a formula
    character also gets Excel's quote prefix, so the text shows exactly as
    typed and stays text even when someone edits the cell. Control characters
    an XLSX file cannot hold at all are dropped. Numbers, dates and empty
    cells are written as they are.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def csv_text(value) -> str:
    """A value for a CSV cell that a spreadsheet shows as text, never runs.

    CSV has no cell types, so text starting with a formula character is
    prefixed with a single quote, as OWASP recommends against CSV injection:
    Excel and LibreOffice then show it as text (without the quote)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def xlsx_bytes(*, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A one-sheet workbook with a bold header, for downloads."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for column, name in enumerate(header, start=1):
        safe_cell(sheet, row=1, column=column, value=name).font = Font(bold=True)
    widths = [len(str(name)) for name in header]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            safe_cell(sheet, row=number, column=column, value=value)
        widths = [max(width, len(str(value))) for width, value in zip(widths, row, strict=False)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
