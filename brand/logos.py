"""A kit's logo: checked by content like a submission's photo, stored as a PNG.

`materials.photos.decode_photo` recognises the upload by its bytes (JPEG,
PNG or WebP), bounds its size and pixels and decodes every pixel, in bounded
memory and already no larger than a card needs (`portal.infrastructure.images`); it keeps
the transparency and drops every piece of metadata. What it stores, though,
goes to the submissions' folder with a JPEG thumbnail, so the logo is written
here: as a PNG so that a transparent background stays transparent.
"""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image

from materials.photos import PhotoRefused, decode_photo, delete_files, display_name
from portal.infrastructure.images import Decoded

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1000  # pixels: the largest logo box on a card is 200
FOLDER = "brand/logos"

__all__ = ["PhotoRefused", "check_logo", "delete_files", "store_logo"]


def check_logo(upload) -> Decoded:
    """Recognise an uploaded logo by its content, or refuse it with the reason."""
    if upload.size > MAX_BYTES:
        raise PhotoRefused(
            _("The logo «%(name)s» is larger than 5 MB; it is refused.")
            % {"name": display_name(upload.name)}
        )
    return decode_photo(upload, max_side=MAX_SIDE)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def store_logo(checked: Decoded, written: list[str]) -> str:
    """Write the logo under a name the server makes; append it to `written` at once."""
    image = checked.image
    clean = image.convert("RGBA" if _has_alpha(image) else "RGB")
    buffer = io.BytesIO()
    clean.save(buffer, "PNG", optimize=True)
    checked.close()
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.png", ContentFile(buffer.getvalue()))
    written.append(name)
    return name
