"""The chart of one question's results as a picture, for a post's card.

A survey's results post shows, on its brand card, the bars of the question
chosen; the picture is stored under a name derived from the post, where the
brand's cards find it (`brand.selectors.register_photo_source`, registered
in `SurveysConfig.ready`). Drawn with Pillow in DejaVu Sans (Kazakh letters).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

FOLDER = "surveys/charts"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
WIDTH, HEIGHT = 1200, 800
BAR = (13, 110, 253)


def chart_name(post_id: int) -> str:
    return f"{FOLDER}/post-{post_id}.png"


def _font(size: int, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _short(text: str, face, width: int) -> str:
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def draw_chart(*, title: str, rows: list[tuple[str, int, int]]) -> Image.Image:
    """Horizontal bars: (label, count, per cent) a row, under the question."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    heading = _font(40, bold=True)
    draw.text((60, 40), _short(title, heading, WIDTH - 120), font=heading, fill=(33, 37, 41))
    rows = rows[:8]
    if not rows:
        return image
    label_face, value_face = _font(28), _font(28, bold=True)
    top, bottom = 130, HEIGHT - 40
    step = (bottom - top) / len(rows)
    largest = max(count for _label, count, _pc in rows) or 1
    bar_left, bar_right = 60, WIDTH - 200
    for n, (label, count, percent) in enumerate(rows):
        y = top + n * step
        draw.text((60, y), _short(label, label_face, WIDTH - 120), font=label_face, fill="black")
        length = (bar_right - bar_left) * count / largest
        bar_top = y + 38
        draw.rectangle(
            (bar_left, bar_top, bar_left + max(length, 4), bar_top + step * 0.4), fill=BAR
        )
        draw.text(
            (bar_left + length + 16, bar_top),
            f"{percent}%",
            font=value_face,
            fill=(33, 37, 41),
        )
    return image


def store_post_chart(*, post_id: int, survey, question, user) -> str:
    """Draw the question's results (as the user may read them) for the post's card."""
    from . import permissions, selectors

    results = selectors.results(
        survey=survey, region_id=permissions.answers_region_for(user, survey)
    )
    found = next(r for r in results.questions if r.question.pk == question.pk)
    buffer = io.BytesIO()
    rows = [(row.label, row.count, row.percent) for row in found.rows]
    draw_chart(title=question.text_ru, rows=rows).save(buffer, "PNG")
    name = chart_name(post_id)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(buffer.getvalue()))
    return name


def post_chart(post) -> str:
    """The storage name of the post's chart, or '' (asked by the brand's cards)."""
    name = chart_name(post.pk)
    return name if default_storage.exists(name) else ""
