"""The default brand kit and the page standard's checklist (`load_seed` calls `load`).

Idempotent: the default kit is made if missing; the checklist is added to an
installation that has none, and left as people edited it afterwards.
"""

from __future__ import annotations

from .models import StandardItem
from .services import ensure_default_kit

# The page standard from the report: what every post is checked for before it
# goes out. Data (Russian), not interface text.
STANDARD_ITEMS = [
    "Рубрика указана и соответствует содержанию",
    "Собственный текст, а не репост",
    "Качественные фото: резкие, светлые, не меньше 1080 пикселей по короткой стороне",
    "Язык: текст на казахском и/или русском, без ошибок",
    "Хэштеги организации и рубрики",
    "Объём: не меньше 300 знаков (кто, что, почему это важно)",
    "Есть согласие людей на фото на публикацию (родителей — для детей)",
]


def load_standard() -> list[StandardItem]:
    """The seven items, once: after that the central committee keeps the list, and
    an item it rewrote or switched off is not brought back."""
    if StandardItem.objects.exists():
        return list(StandardItem.objects.all())
    items = []
    for number, text in enumerate(STANDARD_ITEMS, start=1):
        item, _created = StandardItem.objects.get_or_create(
            text=text, defaults={"position": number * 10}
        )
        items.append(item)
    return items


def load(*, region=None) -> None:
    ensure_default_kit()
    load_standard()
