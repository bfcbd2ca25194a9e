"""QR codes of the library's pages, and the addresses they encode.

A code leads to a scan address (``/library/q/b12/``) rather than to the page
itself: the scan address counts the visit and redirects to the page, so visits
through a code are told apart from ordinary ones. The address is absolute,
built from ``SITE_URL``, because a phone knows nothing of the page it was
printed from.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from qrcode.constants import ERROR_CORRECT_M

from .models import Bulletin, Collection

# The quiet zone around a code: four modules, as the QR standard asks.
BORDER = 4


def scan_path(obj: Bulletin | Collection) -> str:
    name = "bulletins:bulletin_scan" if isinstance(obj, Bulletin) else "bulletins:collection_scan"
    return reverse(name, args=[obj.pk])


def scan_url(obj: Bulletin | Collection) -> str:
    """The absolute address a QR code of `obj` encodes."""
    return settings.SITE_URL + scan_path(obj)


def short_address(obj: Bulletin | Collection) -> str:
    """The scan address without its scheme, to print under a code for typing by hand."""
    return scan_url(obj).split("://", 1)[-1]


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=BORDER)
    code.add_data(data)
    code.make(fit=True)
    return code


def png_image(data: str, *, box_size: int = 10):
    """The code as a black-and-white Pillow image, `box_size` pixels a module."""
    code = _code(data)
    code.box_size = box_size
    return code.make_image().get_image()


def png_bytes(data: str, *, box_size: int = 10) -> bytes:
    output = io.BytesIO()
    png_image(data, box_size=box_size).save(output, format="PNG")
    return output.getvalue()


def svg_bytes(data: str) -> bytes:
    """The code as one SVG path on a white square, one unit a module; it scales freely."""
    output = io.BytesIO()
    _code(data).make_image(image_factory=qrcode.image.svg.SvgPathFillImage).save(output)
    return output.getvalue()
