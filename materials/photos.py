"""Photos of submissions: checked by content, re-encoded, thumbnailed, judged.

A photo is accepted only if Pillow recognises it as JPEG, PNG or WebP from its
bytes (never from its name), it is at most 15 MB and 40 megapixels, and every
pixel decodes. What is stored is not the upload: it is re-encoded from the
pixel data alone, so EXIF (location included), comments and anything hidden
in extra chunks are gone; the orientation the camera recorded is applied
first, and the long side is at most `settings.PHOTO_MAX_SIDE`. Stored names
are made by the server.

`store_photo` does it all for one photo and lets its pixels go before it
returns (the decoding itself, in bounded memory, is `portal.infrastructure.images`), so the
service handles a request's photos one at a time; it deletes what it wrote
if a later photo is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageFilter, ImageStat

from portal.exceptions import Refused
from portal.infrastructure import images, uploads

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_PHOTOS = 10
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPES = images.CONTENT_TYPES
THUMBNAIL_SIZE = (480, 480)
FOLDER = "submissions"

# Quality hints: advice, never a refusal.
MIN_SHORT_SIDE = 1080  # Instagram shows 1080 px wide
DARK_LUMINANCE = 60  # mean of 0–255 on a greyscale copy
BLUR_EDGE_VARIANCE = 40  # variance of the edge-filtered greyscale copy
MIN_TEXT_LENGTH = 300  # characters: shorter is not yet a post

HINTS = {
    "low_resolution": gettext_lazy(
        "The resolution is too low for Instagram: the short side is under 1080 pixels."
    ),
    "too_dark": gettext_lazy("The photo is too dark."),
    "blurred": gettext_lazy("The photo looks blurred."),
    "short_text": gettext_lazy(
        "The text is short for a post: write at least 300 characters (who, what, why it matters)."
    ),
}


class PhotoRefused(Refused):
    """The photo is refused; the message names the file and says why."""


def display_name(name: str) -> str:
    """The uploader's name as shown: no folders, no control characters."""
    return uploads.base_name(name, limit=150, fallback="photo")


def _has_path_parts(name: str) -> bool:
    return any(char in name for char in "/\\\x00")


# What a refused photo is named when it is a common other kind of file.
OTHER_KINDS = {
    "html": gettext_lazy("a web page (HTML)"),
    "svg": gettext_lazy("an SVG drawing"),
    "gif": "GIF",
    "pdf": "PDF",
}


def _check_name_and_size(upload) -> str:
    """Refuse a name with folders or a photo over 15 MB; the name as shown."""
    raw_name = getattr(upload, "name", "") or ""
    name = display_name(raw_name)
    if _has_path_parts(raw_name):
        raise PhotoRefused(
            _("The file «%(name)s» has folders in its name; send the photo itself.")
            % {"name": name}
        )
    if upload.size > MAX_BYTES:
        raise PhotoRefused(
            _("The photo «%(name)s» is larger than 15 MB (%(size)s MB); it is refused.")
            % {"name": name, "size": f"{upload.size / 1024 / 1024:.1f}"}
        )
    return name


def precheck(uploads, *, already: int = 0) -> None:
    """Refuse by count, name and size before a single photo is decoded, so a
    request with too many or too large files costs no memory."""
    if already + len(uploads) > MAX_PHOTOS:
        raise PhotoRefused(_("At most %(n)s photos per material.") % {"n": MAX_PHOTOS})
    for upload in uploads:
        _check_name_and_size(upload)


def decode_photo(upload, *, max_side: int | None) -> images.Decoded:
    """Recognise one uploaded photo by its content and decode it at most
    `max_side` on its long side, or refuse it with the reason."""
    name = _check_name_and_size(upload)
    if upload.size == 0:
        raise PhotoRefused(_("The file «%(name)s» is empty.") % {"name": name})

    def not_an_image(name: str) -> PhotoRefused:
        upload.seek(0)
        return _not_an_image(upload.read(256), name)

    return images.decode(
        upload,
        name=name,
        max_side=max_side,
        refused=PhotoRefused,
        not_an_image=not_an_image,
        formats=FORMATS,
        max_pixels=MAX_PIXELS,
    )


def _not_an_image(data: bytes, name: str) -> PhotoRefused:
    return PhotoRefused(
        uploads.not_accepted(
            name, data[:256], words=OTHER_KINDS, expected=_("a JPEG, PNG or WebP image")
        )
    )


def hints_of(image: Image.Image, *, size: tuple[int, int] | None = None) -> list[str]:
    """Codes of what could be better about the photo (see `HINTS`); `size`
    is the photo's as sent, when `image` is a reduced copy."""
    hints = []
    if min(size or image.size) < MIN_SHORT_SIDE:
        hints.append("low_resolution")
    grey = image.convert("L")
    grey.thumbnail((512, 512))
    if ImageStat.Stat(grey).mean[0] < DARK_LUMINANCE:
        hints.append("too_dark")
    edges = grey.filter(ImageFilter.FIND_EDGES)
    # Leave out the border, where the filter sees the image's edge itself.
    if edges.width > 4 and edges.height > 4:
        edges = edges.crop((1, 1, edges.width - 1, edges.height - 1))
    if ImageStat.Stat(edges).var[0] < BLUR_EDGE_VARIANCE:
        hints.append("blurred")
    return hints


def text_hints(text: str) -> list[str]:
    return ["short_text"] if len(text.strip()) < MIN_TEXT_LENGTH else []


def describe(codes) -> list[str]:
    return [str(HINTS[code]) for code in codes if code in HINTS]


@dataclass(frozen=True)
class StoredPhoto:
    image: str  # storage names
    thumbnail: str
    content_type: str
    width: int
    height: int
    name: str  # the uploader's file name, for display only
    hints: list[str]


def store_photo(upload, written: list[str]) -> StoredPhoto:
    """Check one uploaded photo, write it re-encoded with its thumbnail under
    names the server makes, and let its pixels go before returning.

    Each name written is appended to `written` at once, so that the caller can
    delete them all if anything later fails.
    """
    decoded = decode_photo(upload, max_side=settings.PHOTO_MAX_SIDE)
    try:
        image = decoded.image
        hints = hints_of(image, size=decoded.sent_size)
        token = uuid.uuid4().hex
        image_name = default_storage.save(
            f"{FOLDER}/{token}.{images.EXTENSIONS[decoded.format]}",
            ContentFile(images.encode(image, decoded.format)),
        )
        written.append(image_name)
        thumbnail_name = default_storage.save(
            f"{FOLDER}/{token}-thumb.jpg",
            ContentFile(images.thumbnail_jpeg(image, THUMBNAIL_SIZE)),
        )
        written.append(thumbnail_name)
        return StoredPhoto(
            image=image_name,
            thumbnail=thumbnail_name,
            content_type=images.CONTENT_TYPES[decoded.format],
            width=image.width,
            height=image.height,
            name=display_name(getattr(upload, "name", "")),
            hints=hints,
        )
    finally:
        decoded.close()


def delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
