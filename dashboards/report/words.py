"""The report's Russian: months, dates, followers, and the networks' names with
the preposition each place takes."""

from __future__ import annotations

import datetime
import re

from branches.models import SocialPage
from portal.russian import number, plural

Platform = SocialPage.Platform

MONTHS_GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
MONTHS_NOMINATIVE = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]  # fmt: skip
MONTHS_PREPOSITIONAL = [
    "январе", "феврале", "марте", "апреле", "мае", "июне",
    "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
]  # fmt: skip


def followers_text(n: int) -> str:
    """6200 → «6,2 тыс. подписчиков», 714 → «714 подписчиков»."""
    if n >= 1000:
        thousands = round(n / 1000, 1)
        shown = f"{thousands:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{shown} тыс. подписчиков"
    return f"{number(n)} {plural(n, 'подписчик', 'подписчика', 'подписчиков')}"


def members_text(n: int) -> str:
    return f"{number(n)} {plural(n, 'участник', 'участника', 'участников')}"


def in_region(name: str) -> str:
    """The region's name after «в»: «ОО «…»» stays, «Абайская область» becomes
    «Абайской области», «город Астана» «городе Астана» (a city's own name
    after «город» keeps its form, as official Russian writes it)."""
    declined = re.sub(r"^([А-ЯЁ][А-ЯЁа-яё-]*)ая область\b", r"\1ой области", name)
    return re.sub(r"^город\b", "городе", declined)


def day_text(day: datetime.date) -> str:
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year} года"


def short_day(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " и " + words[-1]


def platform_where(platform: str) -> str:
    """Where the organisation is on it, with the preposition the place takes:
    «в Telegram», «в Instagram», «на YouTube», «на сайте» (never «в сайт»)."""
    if platform == Platform.WEBSITE:
        return "на сайте"
    if platform == Platform.YOUTUBE:
        return "на YouTube"
    return f"в {platform_name(platform)}"


def platform_name(platform: str) -> str:
    if platform.startswith("facebook"):
        return "Facebook"
    if platform == Platform.WEBSITE:
        return "сайт"
    return str(dict(Platform.choices)[platform])


def page_kind(platform: str) -> str:
    """How the report names a branch page, by the network's own spelling:
    «Facebook», «Facebook-группа», «Instagram», «Telegram», «YouTube»."""
    if platform == Platform.FACEBOOK_GROUP:
        return "Facebook-группа"
    return platform_name(platform)
