"""A kit's logo: checked by content like a submission's photo, stored as a PNG.

`materials.photos.check_photo` recognises the upload by its bytes (JPEG,
PNG or WebP), bounds its size and pixels and decodes every pixel; it keeps the
transparency. What it stores, though, goes to the submissions' folder with a
JPEG thumbnail, so the logo is written here: re-encoded from its pixels alone
(no metadata), as a PNG so that a transparent background stays transparent,
and made no larger than a card needs.
"""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image

from materials.photos import CheckedPhoto, PhotoRefused, check_photo, delete_files, display_name

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1000  # pixels: the largest logo box on a card is 200
FOLDER = "brand/logos"

__all__ = ["PhotoRefused", "check_logo", "delete_files", "store_logo"]


def check_logo(upload) -> CheckedPhoto:
    """Recognise an uploaded logo by its content, or refuse it with the reason."""
    if upload.size > MAX_BYTES:
        raise PhotoRefused(
            _("The logo «%(name)s» is larger than 5 MB; it is refused.")
            % {"name": display_name(upload.name)}
        )
    return check_photo(upload)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def store_logo(checked: CheckedPhoto, written: list[str]) -> str:
    """Write the logo under a name the server makes; append it to `written` at once."""
    mode = "RGBA" if _has_alpha(checked.image) else "RGB"
    converted = checked.image.convert(mode)
    clean = Image.frombytes(mode, converted.size, converted.tobytes())
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    clean.save(buffer, "PNG", optimize=True)
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.png", ContentFile(buffer.getvalue()))
    written.append(name)
    return name
