"""Colours that must be read: WCAG 2's relative luminance and contrast ratio.

A rubric's chip (and a campaign's) is written in black or white, whichever
contrasts more with its colour by the real formula (linear sRGB), not by the
old 0.299/0.587/0.114 brightness rule, which chose white on #ff0000 (4.0:1)
and on the seeded greens. Black or white reaches at least 4.58:1 on every
colour: the worse of the two is at its best where both are equal, at a
luminance of √0.0525 − 0.05 ≈ 0.179.
"""

from __future__ import annotations

import re

BLACK = "#000000"
WHITE = "#ffffff"
# WCAG 2 AA for normal text.
AA = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a colour written #rrggbb (0 black, 1 white)."""
    if not HEX.match(colour):
        raise ValueError(f"not a colour like #1a73e8: {colour!r}")
    red, green, blue = (_channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: str) -> str:
    """Black or white: whichever contrasts more with `background`."""
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE
