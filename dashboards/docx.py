"""The report as a Word document (python-docx), from the blocks `dashboards.report` builds."""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt


def _document() -> DocumentType:
    """An empty A4 document with the report's margins and its font."""
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(6)
    return document


def _title(document: DocumentType, block: dict) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(block["text"]).bold = True


def _meta(document: DocumentType, block: dict) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(block["text"])
    run.italic = True
    run.font.size = Pt(10)


def _heading(document: DocumentType, block: dict) -> None:
    document.add_paragraph().add_run(block["text"]).bold = True


def _list(document: DocumentType, block: dict) -> None:
    for item in block["items"]:
        document.add_paragraph(item, style="List Bullet")


def _page(document: DocumentType, block: dict) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1.25)
    if block["lead"]:
        paragraph.add_run(block["lead"]).bold = True
        paragraph.add_run(" — ")
    paragraph.add_run(f"{block['label']}: ")
    if block["url"]:
        paragraph.add_run(block["url"]).underline = True
        paragraph.add_run(". ")
    paragraph.add_run(block["text"])


def _reach(document: DocumentType, block: dict) -> None:
    """«Охват и вовлечённость»: a month's figures, then their sentence."""
    document.add_paragraph().add_run(block["caption"]).italic = True
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in block["rows"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    _paragraph(document, block)


def _signature(document: DocumentType, block: dict) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(18)
    paragraph.add_run(block["text"]).bold = True


def _paragraph(document: DocumentType, block: dict) -> None:
    paragraph = document.add_paragraph(block["text"])
    paragraph.paragraph_format.first_line_indent = Cm(1.25)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


# How each kind of block is drawn; a kind not named here is a paragraph of text.
DRAW: dict[str, Callable[[DocumentType, dict], None]] = {
    "title": _title,
    "subtitle": _title,
    "meta": _meta,
    "heading": _heading,
    "list": _list,
    "page": _page,
    "reach": _reach,
    "signature": _signature,
}


def report_docx(blocks: list[dict]) -> bytes:
    document = _document()
    for block in blocks:
        DRAW.get(block["kind"], _paragraph)(document, block)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
