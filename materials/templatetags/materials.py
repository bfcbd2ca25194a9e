"""Template tags of the materials pages."""

from django import template

from materials import photos

register = template.Library()


@register.inclusion_tag("materials/quality_hints.html")
def quality_hints():
    """The box where the browser shows hints about photos and text before sending,
    with the same thresholds and words the server uses after (materials.photos)."""
    return {
        "min_side": photos.MIN_SHORT_SIDE,
        "dark": photos.DARK_LUMINANCE,
        "blur": photos.BLUR_EDGE_VARIANCE,
        "min_text": photos.MIN_TEXT_LENGTH,
        "hints": photos.HINTS,
    }
