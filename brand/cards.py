"""Post cards: on-brand images of a planned post for Instagram and Facebook.

`render_card` draws one card with Pillow from plain data and a kit; it reads
only the photo and the logo files it is given. `card_file` keeps each card as
a PNG under MEDIA_ROOT, named by a hash of everything drawn on it, so a card is
drawn once and served from the file until the post, its photo or the kit
changes; the card drawn before it for that post and size is deleted then.

Text is set in a typeface shipped in ``static/fonts/`` (DejaVu Sans, free
licence) that holds the Kazakh letters. A title is wrapped by words; while it
does not fit, the font gets smaller, down to a minimum, and what still does
not fit ends in an ellipsis: text never leaves its area.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, ImageFont, ImageOps

# Raise when the drawing changes, so that every card is drawn again.
RENDERER_VERSION = 1
FOLDER = "brand/cards"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# typeface choice -> (regular, bold) font files
TYPEFACES = {"dejavu_sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")}
ELLIPSIS = "…"


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def contains(self, other: Box) -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class CardSize:
    code: str
    label: str
    width: int
    height: int
    photo: Box  # filled by the photo, or by the kit's primary colour
    text: Box  # rubric, title and date stay inside it
    logo: Box  # the logo is fitted into it, keeping its proportions
    accent: Box  # a stripe in the kit's accent colour
    title_sizes: tuple[int, int]  # largest and smallest title font size
    small: int  # font size of the rubric and the date


SIZES = {
    size.code: size
    for size in (
        CardSize(
            "square",
            _("Instagram square"),
            1080,
            1080,
            photo=Box(0, 0, 1080, 560),
            text=Box(64, 604, 1016, 1024),
            logo=Box(40, 40, 200, 200),
            accent=Box(0, 560, 1080, 574),
            title_sizes=(68, 30),
            small=30,
        ),
        CardSize(
            "story",
            _("Instagram story"),
            1080,
            1920,
            photo=Box(0, 0, 1080, 1010),
            text=Box(72, 1070, 1008, 1840),
            logo=Box(56, 56, 256, 256),
            accent=Box(0, 1010, 1080, 1026),
            title_sizes=(84, 36),
            small=36,
        ),
        CardSize(
            "facebook",
            _("Facebook"),
            1200,
            630,
            photo=Box(0, 0, 560, 630),
            text=Box(604, 44, 1156, 586),
            logo=Box(24, 24, 144, 144),
            accent=Box(560, 0, 572, 630),
            title_sizes=(56, 24),
            small=24,
        ),
    )
}


@dataclass(frozen=True)
class CardContent:
    """What a card shows of a post: plain data, read once by the caller."""

    title: str
    date: datetime.date
    rubric_name: str
    rubric_colour: str
    photo: str = ""  # a storage name, or empty for a brand-coloured panel


@dataclass
class Drawn:
    """A card and the boxes of the text drawn on it (the tests look at them)."""

    image: Image.Image
    text_boxes: list[Box]


@lru_cache(maxsize=64)
def font(typeface: str, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    regular, heavy = TYPEFACES.get(typeface, TYPEFACES["dejavu_sans"])
    return ImageFont.truetype(str(FONT_DIR / (heavy if bold else regular)), size)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _readable_on(colour: str) -> tuple[int, int, int]:
    red, green, blue = _rgb(colour)
    return (0, 0, 0) if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else (255, 255, 255)


def russian_date(day: datetime.date) -> str:
    """«12 марта 2026», whatever language the request speaks."""
    with translation.override("ru"):
        return formats.date_format(day, "j E Y")


def _width(face: ImageFont.FreeTypeFont, text: str) -> int:
    left, _top, right, _bottom = face.getbbox(text)
    return right - min(left, 0)


def _longest_prefix(word: str, face, width: int) -> int:
    """How many first characters of `word` fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(face, word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, face, width: int) -> list[str]:
    """Lines of `text` at most `width` wide, broken between words; a word wider
    than a line is broken between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(face, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while _width(face, word) > width and len(word) > 1:
            cut = _longest_prefix(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def ellipsise(text: str, face, width: int) -> str:
    """`text` cut to `width`, ending in an ellipsis."""
    text = text.rstrip()
    while text and _width(face, text + ELLIPSIS) > width:
        text = text[:-1].rstrip()
    return text + ELLIPSIS


def _line_height(face) -> int:
    ascent, descent = face.getmetrics()
    return round((ascent + descent) * 1.08)


def fit_title(title: str, typeface: str, box_width: int, box_height: int, sizes: tuple[int, int]):
    """The title's lines and font: the largest size at which it fits the box;
    at the smallest size, the lines that fit, the last one ellipsised."""
    largest, smallest = sizes
    size = largest
    while True:
        face = font(typeface, True, size)
        lines = wrap(title, face, box_width) or [""]
        if len(lines) * _line_height(face) <= box_height:
            return lines, face
        if size <= smallest:
            break
        size = max(smallest, size - 4)
    room = max(1, box_height // _line_height(face))
    if len(lines) > room:
        lines = [*lines[: room - 1], ellipsise(lines[room - 1], face, box_width)]
    return lines, face


def _draw_text(draw, xy, text, face, fill, boxes: list[Box]) -> Box:
    left, top = xy
    offset = min(face.getbbox(text)[0], 0)
    draw.text((left - offset, top), text, font=face, fill=fill)
    box = Box(*draw.textbbox((left - offset, top), text, font=face))
    boxes.append(box)
    return box


def _open_image(name: str, size: tuple[int, int]) -> Image.Image | None:
    """A stored image, or None when it is gone or cannot be read."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
            image.draft("RGB", size)  # JPEG: decode at about the size needed
            image.load()
            return image.copy()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _paste_photo(card: Image.Image, content: CardContent, kit, layout: CardSize) -> None:
    box = layout.photo
    photo = _open_image(content.photo, (box.width, box.height))
    if photo is None:
        card.paste(_rgb(kit.primary_colour), (box.left, box.top, box.right, box.bottom))
        return
    fitted = ImageOps.fit(photo.convert("RGB"), (box.width, box.height), Image.Resampling.LANCZOS)
    card.paste(fitted, (box.left, box.top))


def _paste_logo(card: Image.Image, logo_name: str, layout: CardSize) -> None:
    box = layout.logo
    logo = _open_image(logo_name, (box.width, box.height))
    if logo is None:
        return
    logo = ImageOps.contain(logo.convert("RGBA"), (box.width, box.height), Image.Resampling.LANCZOS)
    card.paste(logo, (box.left, box.top), logo)


def _draw_ground(card: Image.Image, content: CardContent, kit, layout: CardSize) -> None:
    """What lies under the text: the photo, the accent stripe and the logo."""
    _paste_photo(card, content, kit, layout)
    accent = layout.accent
    card.paste(_rgb(kit.accent_colour), (accent.left, accent.top, accent.right, accent.bottom))
    _paste_logo(card, kit.logo.name if kit.logo else "", layout)


def _draw_rubric(draw, content: CardContent, area: Box, face, *, padding: int, boxes) -> Box:
    """The rubric: a label in its colour at the top of the text area; its box."""
    rubric = content.rubric_name
    room = area.width - 2 * padding
    if _width(face, rubric) > room:
        rubric = ellipsise(rubric, face, room)
    label_height = _line_height(face) + padding
    label = Box(
        area.left,
        area.top,
        area.left + _width(face, rubric) + 2 * padding,
        area.top + label_height,
    )
    draw.rounded_rectangle(
        (label.left, label.top, label.right, label.bottom),
        radius=padding // 2,
        fill=_rgb(content.rubric_colour),
    )
    boxes.append(label)
    _draw_text(
        draw,
        (label.left + padding, label.top + padding // 2),
        rubric,
        face,
        _readable_on(content.rubric_colour),
        boxes,
    )
    return label


def _draw_title(draw, content: CardContent, kit, layout: CardSize, *, top: int, bottom: int, boxes):
    """The title, as large as fits between `top` and `bottom`."""
    area = layout.text
    lines, face = fit_title(
        content.title.strip(), kit.typeface, area.width, bottom - top, layout.title_sizes
    )
    step = _line_height(face)
    for number, line in enumerate(lines):
        _draw_text(draw, (area.left, top + number * step), line, face, kit.text_colour, boxes)


def draw_card(content: CardContent, kit, size: str) -> Drawn:
    """Draw the card; also return the box of every text drawn on it."""
    layout = SIZES[size]
    card = Image.new("RGB", (layout.width, layout.height), _rgb(kit.background_colour))
    _draw_ground(card, content, kit, layout)
    draw = ImageDraw.Draw(card)
    area = layout.text
    boxes: list[Box] = []
    small = font(kit.typeface, False, layout.small)
    gap = layout.small
    small_bold = font(kit.typeface, True, layout.small)
    label = _draw_rubric(draw, content, area, small_bold, padding=layout.small // 2, boxes=boxes)
    # The date at the bottom, the title between the rubric and the date.
    date_top = area.bottom - _line_height(small)
    _draw_text(
        draw, (area.left, date_top), russian_date(content.date), small, kit.text_colour, boxes
    )
    _draw_title(
        draw, content, kit, layout, top=label.bottom + gap, bottom=date_top - gap, boxes=boxes
    )
    return Drawn(image=card, text_boxes=boxes)


def render_card(content: CardContent, kit, size: str) -> Image.Image:
    """The card as a Pillow image; `size` is a key of `SIZES`."""
    return draw_card(content, kit, size).image


# --- Cached files ------------------------------------------------------------


def card_key(content: CardContent, kit, size: str) -> str:
    """A hash of everything the card shows: any change makes another file."""
    drawn_from = [
        RENDERER_VERSION,
        size,
        content.title,
        content.date.isoformat(),
        content.rubric_name,
        content.rubric_colour.lower(),
        content.photo,
        kit.pk,
        kit.version,
        kit.primary_colour.lower(),
        kit.accent_colour.lower(),
        kit.text_colour.lower(),
        kit.background_colour.lower(),
        kit.typeface,
        kit.logo.name if kit.logo else "",
    ]
    text = json.dumps(drawn_from, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def card_name(post_id: int, size: str, key: str) -> str:
    return f"{FOLDER}/{post_id}/{size}-{key}.png"


@dataclass(frozen=True)
class CardFile:
    name: str  # in default_storage
    key: str
    drawn: bool  # False when the stored card was still right


def card_file(*, post_id: int, content: CardContent, kit, size: str) -> CardFile:
    """The stored card for the post at this size, drawn only if missing or stale."""
    key = card_key(content, kit, size)
    name = card_name(post_id, size, key)
    if default_storage.exists(name):
        return CardFile(name=name, key=key, drawn=False)
    buffer = io.BytesIO()
    render_card(content, kit, size).save(buffer, "PNG")
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    if saved != name:  # another request stored the same card a moment ago
        default_storage.delete(saved)
    delete_stale(post_id=post_id, size=size, keep=name)
    return CardFile(name=name, key=key, drawn=True)


def delete_stale(*, post_id: int, size: str | None = None, keep: str = "") -> None:
    """Delete the post's stored cards (of one size), except `keep`."""
    folder = f"{FOLDER}/{post_id}"
    try:
        _folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        name = f"{folder}/{file_name}"
        if name != keep and (size is None or file_name.startswith(f"{size}-")):
            default_storage.delete(name)


# --- A deleted post's cards go with it ------------------------------------------------


def _forget_cards(sender, instance, **kwargs) -> None:
    pk = instance.pk
    # The post is gone already: a file that cannot go is logged, never a 500.
    transaction.on_commit(lambda: delete_stale(post_id=pk), robust=True)


def connect() -> None:
    from contentplan.models import PlannedPost

    post_delete.connect(_forget_cards, sender=PlannedPost, dispatch_uid="brand.cards.forget")
