"""Photos of submissions: checked by content, re-encoded, thumbnailed, judged.

A photo is accepted only if Pillow recognises it as JPEG, PNG or WebP from its
bytes (never from its name), it is at most 15 MB and 40 megapixels, and every
pixel decodes. What is stored is not the upload: it is re-encoded from the
pixel data alone, so EXIF (location included), comments and anything hidden
in extra chunks are gone; the orientation the camera recorded is applied
first. Stored names are made by the server.

Checking (`check_photo`) touches no disk; writing (`store_photo`) happens in
the service, after every photo of the request passed.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
import warnings
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageFilter, ImageOps, ImageStat

from portal.exceptions import Refused

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_PHOTOS = 10
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
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


@dataclass
class CheckedPhoto:
    name: str  # the uploader's file name, for display only
    format: str  # JPEG, PNG or WEBP
    image: Image.Image = field(repr=False)  # decoded, orientation applied
    hints: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height


def display_name(name: str) -> str:
    """The uploader's name as shown: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    return name.strip(" .")[:150] or "photo"


def _has_path_parts(name: str) -> bool:
    return any(char in name for char in "/\\\x00")


def _what_else(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return _("a web page (HTML)")
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return _("an SVG drawing")
    if head.startswith(b"GIF8"):
        return "GIF"
    if head.startswith(b"%PDF-"):
        return "PDF"
    return None


def precheck(uploads, *, already: int = 0) -> None:
    """Refuse by count, name and size before a single photo is decoded, so a
    request with too many or too large files costs no memory."""
    if already + len(uploads) > MAX_PHOTOS:
        raise PhotoRefused(_("At most %(n)s photos per material.") % {"n": MAX_PHOTOS})
    for upload in uploads:
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


def check_photo(upload) -> CheckedPhoto:
    """Recognise one uploaded photo by its content, or refuse it with the reason."""
    raw_name = getattr(upload, "name", "") or ""
    name = display_name(raw_name)
    if _has_path_parts(raw_name):
        raise PhotoRefused(
            _("The file «%(name)s» has folders in its name; send the photo itself.")
            % {"name": name}
        )
    size = upload.size
    if size > MAX_BYTES:
        raise PhotoRefused(
            _("The photo «%(name)s» is larger than 15 MB (%(size)s MB); it is refused.")
            % {"name": name, "size": f"{size / 1024 / 1024:.1f}"}
        )
    if size == 0:
        raise PhotoRefused(_("The file «%(name)s» is empty.") % {"name": name})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(
            _("The photo «%(name)s» is larger than 15 MB; it is refused.") % {"name": name}
        )
    image = _decode(data, name)
    return CheckedPhoto(
        name=name, format=image.format_name, image=image.pixels, hints=hints_of(image.pixels)
    )


@dataclass
class _Decoded:
    format_name: str
    pixels: Image.Image


def _not_an_image(data: bytes, name: str) -> PhotoRefused:
    other = _what_else(data[:256])
    if other:
        return PhotoRefused(
            _("The file «%(name)s» is %(other)s; only %(expected)s is accepted.")
            % {"name": name, "other": other, "expected": _("a JPEG, PNG or WebP image")}
        )
    return PhotoRefused(
        _(
            "The file «%(name)s» is not %(expected)s; only these are accepted. "
            "What counts is the content of the file, not its name."
        )
        % {"name": name, "expected": _("a JPEG, PNG or WebP image")}
    )


def _too_large(name: str, width: int | None = None, height: int | None = None) -> PhotoRefused:
    if width is None:
        return PhotoRefused(
            _("The image «%(name)s» is too large: at most 40 megapixels are accepted.")
            % {"name": name}
        )
    return PhotoRefused(
        _(
            "The image «%(name)s» is too large: %(width)s × %(height)s pixels, "
            "at most 40 megapixels are accepted."
        )
        % {"name": name, "width": width, "height": height}
    )


def _decode(data: bytes, name: str) -> _Decoded:
    damaged = PhotoRefused(_("The image «%(name)s» is damaged.") % {"name": name})
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice its limit: make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
                format_name = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _too_large(name, width, height)
                probe.verify()
            # verify() checks the structure; decoding every pixel finds a truncated file.
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                image.load()
                pixels = ImageOps.exif_transpose(image)
                pixels.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(name) from exc
        except Image.UnidentifiedImageError as exc:
            raise _not_an_image(data, name) from exc
        except (OSError, SyntaxError, ValueError, KeyError, EOFError) as exc:
            raise damaged from exc
    if format_name not in FORMATS:  # pragma: no cover - `formats=` already limits it
        raise _not_an_image(data, name)
    return _Decoded(format_name=format_name, pixels=pixels)


def hints_of(image: Image.Image) -> list[str]:
    """Codes of what could be better about the photo (see `HINTS`)."""
    hints = []
    if min(image.size) < MIN_SHORT_SIDE:
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


def _clean_copy(image: Image.Image, format_name: str) -> Image.Image:
    """The pixels only: no EXIF, ICC profile, text chunks or anything else."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if format_name == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    elif image.mode in ("RGB", "RGBA", "L", "LA"):
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    converted = image if image.mode == mode else image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, format_name: str) -> bytes:
    buffer = io.BytesIO()
    if format_name == "JPEG":
        image.save(buffer, "JPEG", quality=88, optimize=True)
    elif format_name == "PNG":
        image.save(buffer, "PNG")
    else:
        image.save(buffer, "WEBP", quality=88)
    return buffer.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail(THUMBNAIL_SIZE)
    if small.mode in ("RGBA", "LA"):
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    elif small.mode != "RGB":
        small = small.convert("RGB")
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


@dataclass(frozen=True)
class StoredPhoto:
    image: str  # storage names
    thumbnail: str
    content_type: str
    width: int
    height: int


def store_photo(checked: CheckedPhoto, written: list[str]) -> StoredPhoto:
    """Write the re-encoded photo and its thumbnail under names the server makes.

    Each name written is appended to `written` at once, so that the caller can
    delete them all if anything later fails.
    """
    clean = _clean_copy(checked.image, checked.format)
    token = uuid.uuid4().hex
    extension = EXTENSIONS[checked.format]
    image_name = default_storage.save(
        f"{FOLDER}/{token}.{extension}", ContentFile(_encode(clean, checked.format))
    )
    written.append(image_name)
    thumbnail_name = default_storage.save(
        f"{FOLDER}/{token}-thumb.jpg", ContentFile(_thumbnail(clean))
    )
    written.append(thumbnail_name)
    return StoredPhoto(
        image=image_name,
        thumbnail=thumbnail_name,
        content_type=CONTENT_TYPES[checked.format],
        width=clean.width,
        height=clean.height,
    )


def delete_files(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
