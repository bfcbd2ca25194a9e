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


# The items in Kazakh and English (migration 0003 fills the same).
STANDARD_TRANSLATIONS = {
    "Рубрика указана и соответствует содержанию": (
        "Айдар көрсетілген және мазмұнына сәйкес келеді",
        "The rubric is given and matches the content",
    ),
    "Собственный текст, а не репост": (
        "Репост емес, өз мәтіні",
        "Own text, not a repost",
    ),
    "Качественные фото: резкие, светлые, не меньше 1080 пикселей по короткой стороне": (
        "Сапалы фото: анық, жарық, қысқа жағы кемінде 1080 пиксель",
        "Good photos: sharp, bright, at least 1080 pixels on the short side",
    ),
    "Язык: текст на казахском и/или русском, без ошибок": (
        "Тілі: мәтін қазақ және/немесе орыс тілінде, қатесіз",
        "Language: the text in Kazakh and/or Russian, without mistakes",
    ),
    "Хэштеги организации и рубрики": (
        "Ұйымның және айдардың хэштегтері",
        "Hashtags of the organisation and the rubric",
    ),
    "Объём: не меньше 300 знаков (кто, что, почему это важно)": (
        "Көлемі: кемінде 300 таңба (кім, не, неліктен маңызды)",
        "Length: at least 300 characters (who, what, why it matters)",
    ),
    "Есть согласие людей на фото на публикацию (родителей — для детей)": (
        "Фотодағы адамдар жариялауға келісім берген (балалар үшін — ата-аналары)",
        "The people in the photos agreed to publication (parents for children)",
    ),
}


def _fill_translations(item: StandardItem) -> None:
    """Kazakh and English for a seeded item that has none yet; what people
    wrote in the admin is never overwritten."""
    names = STANDARD_TRANSLATIONS.get(item.text)
    if names is None:
        return
    changed = []
    for field, value in zip(("text_kk", "text_en"), names, strict=True):
        if not getattr(item, field):
            setattr(item, field, value)
            changed.append(field)
    if changed:
        item.save(update_fields=changed)


def load_standard() -> list[StandardItem]:
    """The seven items, once: after that the central committee keeps the list, and
    an item it rewrote or switched off is not brought back."""
    if StandardItem.objects.exists():
        items = list(StandardItem.objects.all())
        for item in items:
            _fill_translations(item)
        return items
    items = []
    for number, text in enumerate(STANDARD_ITEMS, start=1):
        item, _created = StandardItem.objects.get_or_create(
            text=text, defaults={"position": number * 10}
        )
        _fill_translations(item)
        items.append(item)
    return items


def load(*, region=None) -> None:
    ensure_default_kit()
    load_standard()
