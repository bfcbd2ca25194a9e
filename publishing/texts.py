"""The text of a publication as each network takes it: limits, counters,
previews cut where the network cuts them, and the invisible marker.

Telegram counts a message's length in UTF-16 code units (4096 for a message,
1024 for a photo's caption); the Graph API is counted the same way here
(Instagram: 2200 for a caption, and an image is required). Cyrillic, Kazakh
letters included, is one unit a letter; an emoji is two. The limits are the
networks' own (`networks.telegram`, `networks.facebook`, `networks.instagram`),
which refuse a text over them before any call.

The marker: Facebook and Instagram can be asked for a page's posts, so
every post the portal sends there ends with a few invisible characters that
spell its publication's number; the next run finds it there if a worker died
between the call and the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

import networks
from networks import facebook, instagram, telegram
from networks.base import units

TELEGRAM_TEXT = telegram.TEXT
TELEGRAM_CAPTION = telegram.CAPTION
TELEGRAM_ALBUM = telegram.ALBUM  # photos in one media group
INSTAGRAM_CAPTION = instagram.CAPTION
FACEBOOK_TEXT = facebook.TEXT

_DIGITS = "\u200b\u200c\u200d\u2060"
_EDGE = "\u2063"
MARKER_RE = re.compile(f"{_EDGE}[{_DIGITS}]+{_EDGE}")
MARKER_SPACE = 24  # characters kept free for the marker


def marker(number: int) -> str:
    digits = []
    while True:
        number, digit = divmod(number, 4)
        digits.append(_DIGITS[digit])
        if not number:
            break
    return _EDGE + "".join(reversed(digits)) + _EDGE


def marker_number(text: str) -> int | None:
    found = MARKER_RE.search(text or "")
    if not found:
        return None
    number = 0
    for char in found.group()[1:-1]:
        number = number * 4 + _DIGITS.index(char)
    return number


def marker_key(publication_id: int, round_: int) -> int:
    return publication_id * 1000 + round_ % 1000


def plain(text: str) -> str:
    """The text without the marker, its white space folded (to compare texts)."""
    return " ".join(MARKER_RE.sub("", text or "").split())


@dataclass
class Preview:
    code: str  # the network's code (telegram, facebook_page, instagram)
    name: str
    text: str
    shown: str  # what the feed shows before «ещё»
    folded: bool
    length: int
    limit: int
    image: str  # "square", "wide", "as is" or ""
    images: list[str] = field(default_factory=list)  # addresses for the page
    warnings: list[str] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return self.length > self.limit

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.length / self.limit)) if self.limit else 0


def card_size(code: str) -> str:
    """The brand card's size (`brand.cards.SIZES`) that fits the network's feed."""
    return "facebook" if networks.get(code).wide_image else "square"


def _telegram_fits(images: list[str], photos: int) -> tuple[int, str, list[str]]:
    # With an image (one photo, or an album's first) the text is a caption.
    limit = TELEGRAM_CAPTION if images else TELEGRAM_TEXT
    warnings = []
    if photos > TELEGRAM_ALBUM:
        warnings.append(
            _("Telegram takes %(n)s photos in one album: the others stay out.")
            % {"n": TELEGRAM_ALBUM}
        )
    return limit, "as-is", warnings


def _instagram_fits(images: list[str], photos: int) -> tuple[int, str, list[str]]:
    warnings = []
    if not images:
        warnings.append(_("Instagram publishes only with an image: choose a photo or the card."))
    if photos > 1:
        warnings.append(_("Instagram gets the first photo only."))
    return INSTAGRAM_CAPTION - MARKER_SPACE, "square", warnings


def _facebook_fits(images: list[str], photos: int) -> tuple[int, str, list[str]]:
    warnings = []
    if photos > 1:
        warnings.append(_("Facebook gets the first photo only."))
    return FACEBOOK_TEXT - MARKER_SPACE, "wide", warnings


# Each network's limit for the text, the image's shape, and what it leaves out,
# by its code: a network the portal publishes to needs its line, none falls into
# another's limits (publishing/tests/test_network_previews.py).
FITS = {
    "telegram": _telegram_fits,
    "instagram": _instagram_fits,
    "facebook_page": _facebook_fits,
}


def _too_long(code: str, name: str, *, length: int, limit: int, images: list[str]) -> str:
    if code == "telegram" and images:
        return _(
            "A caption under a photo holds %(limit)s characters; this one has "
            "%(length)s. Shorten it, or publish without an image."
        ) % {"limit": limit, "length": length}
    return _("The text has %(length)s characters; %(name)s takes %(limit)s.") % {
        "length": length,
        "name": name,
        "limit": limit,
    }


def preview(code: str, name: str, text: str, *, images: list[str], photos: int) -> Preview:
    """How the network will show `text` with `images`, and what is wrong with it.

    `photos` is how many own photos go (0 when the image is the card or none).
    """
    text = text.strip()
    length = units(text)
    if code not in FITS:
        raise LookupError(f"no preview for the network {code!r}")
    limit, shape, warnings = FITS[code](images, photos)
    if not text:
        warnings.append(_("No publication text yet: the post will not go out without it."))
    if length > limit:
        warnings.append(_too_long(code, name, length=length, limit=limit, images=images))
    # Where the feed cuts the text behind «ещё» (the whole text is one tap away).
    fold = networks.get(code).fold
    folded = bool(fold and len(text) > fold)
    return Preview(
        code=code,
        name=name,
        text=text,
        shown=text[:fold].rstrip() if folded else text,
        folded=folded,
        length=length,
        limit=limit,
        image=shape if images else "",
        images=images,
        warnings=warnings,
    )
