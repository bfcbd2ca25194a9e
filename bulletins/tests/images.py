"""Small files of every kind, made in memory for the tests."""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image

from .factories import TINY_PDF

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
)
OFFICE = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}


def pdf_bytes(size: int = 0) -> bytes:
    """A PDF, padded with a comment to about `size` bytes if asked."""
    if size <= len(TINY_PDF):
        return TINY_PDF
    padding = b"%" + b"0" * (size - len(TINY_PDF) - 2) + b"\n"
    return TINY_PDF.replace(b"trailer", padding + b"trailer")


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 60)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, format=fmt)
    return output.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def office_bytes(kind: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX or PPTX package: its list of parts and its main part."""
    part, content_type = OFFICE[kind]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(part=part, content_type=content_type)
        )
        archive.writestr(part, "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return output.getvalue()


def xlsx_bytes() -> bytes:
    """A real workbook, as Excel or LibreOffice would write it (openpyxl)."""
    workbook = Workbook()
    workbook.active.append(["Филиал", "Членов профсоюза"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@functools.cache
def zip_bomb_docx() -> bytes:
    """A DOCX-looking archive of a few hundred KB that would unpack to 300 MB."""
    output = io.BytesIO(office_bytes("docx"))
    with (
        zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        block = b"\0" * (1024 * 1024)
        for _ in range(300):
            member.write(block)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims a huge picture, with no pixels behind it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
