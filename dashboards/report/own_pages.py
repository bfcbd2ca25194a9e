"""The regional organisation's own pages: the main one with its figures, where
else it is, and the change of its followers over 90 days."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from portal.models import Region
from portal.russian import number, plural

from .. import selectors
from .blocks import para
from .pages import PageLine, followers_on
from .words import (
    MONTHS_PREPOSITIONAL,
    Platform,
    followers_text,
    join_words,
    platform_name,
    platform_where,
    short_day,
)

GROWTH_DAYS = 90


@dataclass(frozen=True)
class InstagramRanking:
    """The regions' own Instagram followers on the report's last day, ranked."""

    region_id: int
    followers: dict[int, int]  # region id → followers
    ranked: list[int]  # the regions' measured figures, highest first

    @classmethod
    def on(cls, region: Region, end: datetime.date) -> InstagramRanking:
        followers = selectors.instagram_followers_by_region(today=end)
        return cls(region.pk, followers, sorted((v for v in followers.values() if v), reverse=True))

    def place(self, followers: int) -> str:
        """«, 19-е место среди 20 регионов по количеству подписчиков», or nothing."""
        if len(self.ranked) < 2 or followers not in self.ranked:
            return ""
        if self.region_id not in self.followers:
            return ""
        rank = self.ranked.index(self.followers[self.region_id]) + 1
        return (
            f", {rank}-е место среди {len(self.ranked)} "
            + plural(len(self.ranked), "региона", "регионов", "регионов")
            + " по количеству подписчиков"
        )


def _first_page(line: PageLine) -> str:
    """The main page: what it is, when it was made, and its followers."""
    page, snapshot = line.page, line.snapshot
    followers = snapshot.followers if snapshot else None
    created = (
        f", созданная в {MONTHS_PREPOSITIONAL[page.created_on.month - 1]} "
        f"{page.created_on.year} года,"
        if page.created_on
        else ""
    )
    official = "Официальная страница" if page.official else "Страница"
    where = platform_where(page.platform)
    if followers is None:
        return (
            f"{official} областной организации {where}{created} ведётся; "
            "число подписчиков не измерено."
        )
    return (
        f"{official} областной организации {where}{created} насчитывает "
        f"{followers_text(followers)}."
    )


def _main_page_posts(line: PageLine) -> list[dict]:
    """What the main page published in the 30 days before it was measured."""
    main = line.snapshot
    if not (main and main.posts_30d):
        return []
    return [
        para(
            f"За 30 дней до замера {short_day(main.measured_on)} на ней "
            + plural(main.posts_30d, "вышла", "вышли", "вышло")
            + f" {number(main.posts_30d)} "
            + plural(main.posts_30d, "публикация", "публикации", "публикаций")
            + f", из них собственных — {number(main.own_posts)}."
        )
    ]


def _figures(line: PageLine, *, ranking: InstagramRanking) -> str:
    """« (714 подписчиков, 19-е место среди 20 регионов …)», or nothing unmeasured."""
    page, snapshot = line.page, line.snapshot
    followers = snapshot.followers if snapshot else None
    if followers is None:
        return ""
    extra = ranking.place(followers) if page.platform == Platform.INSTAGRAM else ""
    return f" ({followers_text(followers)}{extra})"


def _places(lines: list[PageLine], figures: Callable[[PageLine], str]) -> str:
    """Where else the organisation is, each place with its own preposition:
    «в Telegram (…), Instagram (…) и Aitu, а также на сайте»."""
    networks = [
        platform_name(line.page.platform) + figures(line)
        for line in lines
        if platform_where(line.page.platform).startswith("в ")
    ]
    places = [f"в {join_words(networks)}"] if networks else []
    places += [
        platform_where(line.page.platform) + figures(line)
        for line in lines
        if not platform_where(line.page.platform).startswith("в ")
    ]
    if len(places) == 1:
        return places[0]
    return ", ".join(places[:-1]) + ", а также " + places[-1]


def _growth(region: Region, end: datetime.date) -> int | None:
    """The change of the own pages' followers over 90 days; None unmeasured."""
    now = followers_on(region, end)
    before = followers_on(region, end - datetime.timedelta(days=GROWTH_DAYS))
    return None if now is None or before is None else now - before


def section(
    region: Region, lines: list[PageLine], end: datetime.date
) -> tuple[list[dict], int | None]:
    """The region's own pages, and the change of their followers over 90 days."""
    own = [line for line in lines if line.page.branch_id is None]
    if not own:
        return [para("Собственных страниц областной организации в социальных сетях нет.")], None
    ranking = InstagramRanking.on(region, end)
    own.sort(key=lambda line: -((line.snapshot.followers or 0) if line.snapshot else 0))
    blocks = [para(_first_page(own[0])), *_main_page_posts(own[0])]
    if len(own) > 1:
        places = _places(own[1:], partial(_figures, ranking=ranking))
        blocks.append(para(f"Областная организация также представлена {places}."))
    return blocks, _growth(region, end)
