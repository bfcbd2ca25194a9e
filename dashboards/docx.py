"""The report as a Word document (python-docx), from the blocks `report.py` builds."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt


def report_docx(blocks: list[dict]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.paragraph_format.space_after = Pt(6)
    for block in blocks:
        kind = block["kind"]
        if kind == "title" or kind == "subtitle":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(block["text"]).bold = True
        elif kind == "meta":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(block["text"])
            run.italic = True
            run.font.size = Pt(10)
        elif kind == "heading":
            document.add_paragraph().add_run(block["text"]).bold = True
        elif kind == "list":
            for item in block["items"]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "page":
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
        elif kind == "reach":  # «Охват и вовлечённость»: a month's figures, then their sentence
            document.add_paragraph().add_run(block["caption"]).italic = True
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in block["rows"]:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
            paragraph = document.add_paragraph(block["text"])
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif kind == "signature":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(18)
            paragraph.add_run(block["text"]).bold = True
        else:
            paragraph = document.add_paragraph(block["text"])
            paragraph.paragraph_format.first_line_indent = Cm(1.25)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
