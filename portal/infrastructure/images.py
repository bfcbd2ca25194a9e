"""Every image the portal accepts is decoded here, in bounded memory.

Photos of materials, the library's images and the brand kits' logos all come
through `decode`: the file is recognised by its content (JPEG, PNG or WebP,
never by its name), refused above 40 megapixels before a pixel is decoded,
checked in full (a truncated file is refused), and what comes out is already
no larger than it will be stored:

- A JPEG larger than the stored size is decoded at a half, a quarter or an
  eighth of its size (libjpeg's DCT scaling, Pillow's `draft`), so a
  40-megapixel photo never exists in memory at full size. The reduction is
  the largest that still leaves the long side at least `max_side`; when none
  does and the full picture would exceed `DECODE_MAX_PIXELS`, it is decoded
  at half size anyway (a 7740 px photo becomes 3870 px, under the cap).
- The orientation the camera recorded is applied, then the long side is cut
  to `max_side`.
- The result carries no metadata at all (EXIF with the location, ICC
  profile, comments, text chunks): saving it writes the pixels only.

PNG and WebP have no reduced decoding: they are decoded in full (at most 40
megapixels) and then reduced. Each caller decodes one image, writes it and
drops it before it decodes the next, so a request holds one at a time.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from ..exceptions import Refused

FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000
# A JPEG that cannot be reduced without going under the stored size is still
# decoded at half size when the whole of it would be more than this: 24
# megapixels (72 MB of RGB) is the largest picture held in full.
DECODE_MAX_PIXELS = 24_000_000
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class NotAnImage(Exception):
    """Pillow does not recognise the content as JPEG, PNG or WebP; the caller
    words the refusal, since it knows what it accepts."""


@dataclass
class Decoded:
    format: str  # JPEG, PNG or WEBP: what the content is
    image: Image.Image  # oriented, at most `max_side`, no metadata
    sent_size: tuple[int, int]  # the picture as sent, orientation applied

    def close(self) -> None:
        self.image.close()


def _too_large(name: str, refused, width: int | None = None, height: int | None = None):
    if width is None:
        return refused(
            _("The image «%(name)s» is too large: at most 40 megapixels are accepted.")
            % {"name": name}
        )
    return refused(
        _(
            "The image «%(name)s» is too large: %(width)s × %(height)s pixels, "
            "at most 40 megapixels are accepted."
        )
        % {"name": name, "width": width, "height": height}
    )


def jpeg_reduction(width: int, height: int, max_side: int | None) -> int:
    """1, 2, 4 or 8: how much smaller a JPEG of this size is decoded."""
    if not max_side:
        return 1
    longest = max(width, height)
    for reduction in (8, 4, 2):
        if longest // reduction >= max_side:
            return reduction  # still at least the stored size: nothing is lost
    reduction = 1
    while reduction < 8 and (width // reduction) * (height // reduction) > DECODE_MAX_PIXELS:
        reduction *= 2
    return reduction


def _load_reduced(opened: Image.Image, max_side: int | None) -> Image.Image:
    """Decode at reduced scale where the format allows, turn, cut to `max_side`."""
    try:
        if opened.format == "JPEG":
            width, height = opened.size
            reduction = jpeg_reduction(width, height, max_side)
            if reduction > 1:
                opened.draft(None, (width // reduction, height // reduction))
        opened.load()
        ImageOps.exif_transpose(opened, in_place=True)
        if max_side and max(opened.size) > max_side:
            smaller = ImageOps.contain(opened, (max_side, max_side), Image.Resampling.LANCZOS)
            opened.close()
            return smaller
        return opened
    except BaseException:
        opened.close()
        raise


def _pixels_only(image: Image.Image, format_name: str) -> Image.Image:
    """A mode the format stores, and no metadata: saving writes the pixels only."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if format_name == "JPEG":
        mode = "L" if image.mode == "L" else "RGB"
    elif image.mode in ("RGB", "RGBA", "L", "LA"):
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    if image.mode != mode:
        converted = image.convert(mode)
        image.close()
        image = converted
    # Pillow writes EXIF only when asked to; ICC profiles, comments and PNG
    # text it would copy from `info`, so `info` goes.
    image.info = {}
    return image


def decode(
    file,
    *,
    name: str,
    max_side: int | None,
    refused=Refused,
    not_an_image=None,
    formats=FORMATS,
    max_pixels: int = MAX_PIXELS,
) -> Decoded:
    """Decode one uploaded image in bounded memory (see the module's docstring).

    `refused` is the exception class of the caller's refusals (its argument is
    the message); `not_an_image(name)` makes the refusal for content Pillow
    does not recognise.
    """
    damaged = refused(_("The image «%(name)s» is damaged.") % {"name": name})
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice its limit: make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            file.seek(0)
            with Image.open(file, formats=list(formats)) as probe:
                format_name = probe.format
                width, height = probe.size
                if width * height > max_pixels:
                    raise _too_large(name, refused, width, height)
                probe.verify()
            # verify() checks the structure; decoding every pixel finds a truncated file.
            file.seek(0)
            image = _load_reduced(Image.open(file, formats=list(formats)), max_side)
        except refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_large(name, refused) from exc
        except Image.UnidentifiedImageError as exc:
            raise (not_an_image(name) if not_an_image else damaged) from exc
        except (OSError, SyntaxError, ValueError, KeyError, EOFError) as exc:
            raise damaged from exc
    if format_name not in formats:  # pragma: no cover - `formats=` already limits it
        raise not_an_image(name) if not_an_image else damaged
    turned = image.width != image.height and (image.width > image.height) != (width > height)
    return Decoded(
        format=format_name,
        image=_pixels_only(image, format_name),
        sent_size=(height, width) if turned else (width, height),
    )


def encode(image: Image.Image, format_name: str, *, quality: int = 88) -> bytes:
    """The pixels in the format, nothing else."""
    buffer = io.BytesIO()
    if format_name == "JPEG":
        image.save(buffer, "JPEG", quality=quality, optimize=True)
    elif format_name == "PNG":
        image.save(buffer, "PNG")
    else:
        image.save(buffer, "WEBP", quality=quality)
    return buffer.getvalue()


def thumbnail_jpeg(image: Image.Image, size: tuple[int, int], *, quality: int = 82) -> bytes:
    """A small JPEG of the image (transparency on white)."""
    ratio = min(size[0] / image.width, size[1] / image.height, 1)
    target = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    # Reduced by whole steps first, then resampled: as good, several times faster.
    small = image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if small.mode in ("RGBA", "LA"):
        background = Image.new("RGB", small.size, "white")
        background.paste(small, mask=small.getchannel("A"))
        small = background
    elif small.mode != "RGB":
        small = small.convert("RGB")
    buffer = io.BytesIO()
    small.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
