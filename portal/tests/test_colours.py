"""Text on a coloured chip or badge reads at 4.5:1 at least (WCAG 2 AA), by the
real relative-luminance formula, for any colour a rubric or a campaign can have."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings

from contentplan.models import Campaign, Rubric
from portal.colours import AA, BLACK, WHITE, contrast, luminance, readable_on

# Every 15th level of each channel (0, 15, … 255): 4,913 colours, with every
# corner of the cube, the seeded rubrics' kind of greens and oranges among them.
LEVELS = range(0, 256, 15)
GRID = [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in itertools.product(LEVELS, repeat=3)]


def test_the_formula_gives_the_published_values():
    # WCAG 2's definition: black on white is 21:1, a colour on itself 1:1;
    # values as WebAIM's contrast checker gives them.
    assert contrast(BLACK, WHITE) == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)
    assert contrast("#ffffff", "#fd7e14") == pytest.approx(2.57, abs=0.01)
    assert contrast("#ffffff", "#0a4fb5") == pytest.approx(7.50, abs=0.01)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert luminance("#ff0000") == pytest.approx(0.2126)
    with pytest.raises(ValueError):
        luminance("red")


@pytest.mark.parametrize(
    "colour",
    # The old brightness rule put white on these (4.0:1 on pure red, 3.0:1
    # and less on the bright greens, oranges and cyans).
    ["#ff0000", "#e53935", "#43a047", "#00a0a0", "#f57c00", "#1e88e5"],
)
def test_the_text_reaches_aa_where_the_brightness_rule_did_not(colour):
    text = Rubric(colour=colour).text_colour
    assert contrast(text, colour) >= AA, f"{text} on {colour}: {contrast(text, colour):.2f}"


def test_black_or_white_reaches_aa_on_every_colour_of_the_grid():
    worst = min(GRID, key=lambda colour: contrast(readable_on(colour), colour))
    assert contrast(readable_on(worst), worst) >= AA, worst
    for colour in GRID:
        assert Rubric(colour=colour).text_colour == Campaign(colour=colour).text_colour
        assert contrast(Rubric(colour=colour).text_colour, colour) >= AA, colour


def test_black_or_white_reaches_aa_at_every_luminance():
    """The better of black and white depends on the luminance alone; at its
    worst, where both are equal (≈0.179), it still reads at 4.58:1: so every
    one of the 16.7 million colours a rubric can have reaches 4.5:1."""
    for step in range(100_001):
        lum = step / 100_000
        best = max((lum + 0.05) / 0.05, 1.05 / (lum + 0.05))
        assert best >= 4.58, lum


def test_every_seeded_rubric_reads_at_aa(db):
    from contentplan.seed import load_rubrics

    load_rubrics()
    rubrics = list(Rubric.objects.all())
    assert rubrics
    for rubric in rubrics:
        ratio = contrast(rubric.text_colour, rubric.colour)
        assert ratio >= AA, f"{rubric.name} {rubric.colour}: {ratio:.2f}"


def test_every_badge_colour_of_the_stylesheets_reads_at_aa():
    """A rule of our stylesheets that gives both a background and a text
    colour (the audit's verdicts among them) reads at 4.5:1."""
    rule = re.compile(r"([^{}]+)\{([^{}]*)\}")
    colour = re.compile(r"(?<![-\w])(background-color|color)\s*:\s*(#[0-9a-fA-F]{3,6})\b")
    checked = 0
    for stylesheet in sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css")):
        for selector, body in rule.findall(stylesheet.read_text()):
            found = dict(colour.findall(body))
            if {"background-color", "color"} <= found.keys():
                back, text = (_six(found[key]) for key in ("background-color", "color"))
                ratio = contrast(text, back)
                assert ratio >= AA, f"{stylesheet.name} {selector.strip()}: {ratio:.2f}"
                checked += 1
    assert checked >= 4  # the four verdicts at least


def _six(colour: str) -> str:
    return colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])
