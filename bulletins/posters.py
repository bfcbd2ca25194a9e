"""A printable A4 poster: a title, a QR code and the short address under it.

Drawn with fpdf2 in DejaVu Sans, vendored under ``static/fonts/`` because it
holds the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І) that the PDF core fonts lack; a
fresh machine needs nothing else. The code is embedded as a 1-bit image, which
printers reproduce with sharp edges.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

from . import qr

# fpdf2 subsets the font with fontTools, which reports every glyph it keeps at
# INFO level: hundreds of lines a poster in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT = "DejaVuSans"
PAGE_WIDTH, MARGIN = 210, 18  # millimetres, A4 portrait
QR_SIZE = 125
# A fixed date makes the same poster the same file, byte for byte.
CREATED = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Poster:
    heading: str  # the organisation, small, above everything
    title: str
    subtitle: str  # e.g. the bulletin's number and topic
    caption: str  # what to do with the code
    url: str  # what the code encodes
    address: str  # the same, short, to type by hand


def _new_pdf(*, title: str) -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(CREATED)
    pdf.set_title(title)
    pdf.set_creator("Profinfo")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    return pdf


def _fitting_size(pdf: FPDF, text: str, *, largest: int, smallest: int, lines: int) -> int:
    """The largest font size at which `text` takes at most `lines` lines."""
    for size in range(largest, smallest, -2):
        pdf.set_font(FONT, "B", size)
        wrapped = pdf.multi_cell(0, size * 0.45, text, dry_run=True, output="LINES")
        if len(wrapped) <= lines:
            return size
    return smallest


def poster_pdf(poster: Poster) -> bytes:
    pdf = _new_pdf(title=poster.title)
    pdf.add_page()
    width = PAGE_WIDTH - 2 * MARGIN

    pdf.set_text_color(90, 90, 90)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(width, 5.5, poster.heading, align="C")
    pdf.ln(8)

    pdf.set_text_color(0, 0, 0)
    size = _fitting_size(pdf, poster.title, largest=34, smallest=16, lines=4)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(width, size * 0.45, poster.title, align="C")
    pdf.ln(4)
    if poster.subtitle:
        pdf.set_text_color(60, 60, 60)
        pdf.set_font(FONT, "", 14)
        pdf.multi_cell(width, 7, poster.subtitle, align="C")

    # The code sits in the lower part of the page whatever the title's length.
    code_top = 297 - MARGIN - 42 - QR_SIZE
    pdf.image(
        qr.png_image(poster.url, box_size=12),
        x=(PAGE_WIDTH - QR_SIZE) / 2,
        y=code_top,
        w=QR_SIZE,
        h=QR_SIZE,
    )
    pdf.set_y(code_top + QR_SIZE + 4)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(width, 7, poster.caption, align="C")
    pdf.ln(2)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(width, 8, poster.address, align="C")

    pdf.set_y(297 - MARGIN)
    pdf.set_text_color(120, 120, 120)
    pdf.set_font(FONT, "", 9)
    pdf.cell(width, 5, "Profinfo", align="C")
    return bytes(pdf.output())


def demo_pdf(*, title: str, lines: list[str]) -> bytes:
    """A one-page PDF standing in for a document the report does not include."""
    pdf = _new_pdf(title=title)
    pdf.add_page()
    width = PAGE_WIDTH - 2 * MARGIN
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(width, 10, title)
    pdf.ln(6)
    pdf.set_font(FONT, "", 12)
    for line in lines:
        pdf.multi_cell(width, 6.5, line)
        pdf.ln(2)
    return bytes(pdf.output())
