"""«Охват и вовлечённость» (issue 30): what the region's posts reached, month by
month, the rubrics and posts that reached most, and the year's total."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from portal import dates
from portal.models import Region
from portal.russian import counted, number
from reach import selectors as reach_selectors

from .blocks import heading, para
from .words import MONTHS_GENITIVE, MONTHS_NOMINATIVE, MONTHS_PREPOSITIONAL, day_text, join_words


@dataclass(frozen=True)
class Reach:
    """What a region's posts reached in a month (issue 30's reach figures)."""

    reach: int  # accounts the region's posts of the month reached
    engagement: int  # reactions, comments, reposts and saves on those posts
    posts: int  # posts of the month whose reach was measured
    previous_reach: int | None = None  # the month before's reach, for the change


def reach_of(*, region: Region, month: datetime.date) -> Reach | None:
    """The region's reach for `month` (its first day) from the measured posts of
    its connected pages (`reach.selectors`: each post's latest known reach,
    never a guess), with the month before's for the change; None when no post
    of the month has a measured reach, and the report leaves the section out."""
    known = _measured(region, month)
    if not known:
        return None
    before = _measured(region, dates.previous_month(month))
    return Reach(
        reach=sum(row.reach for row in known),
        engagement=sum(row.interactions for row in known if row.interactions is not None),
        posts=len(known),
        previous_reach=sum(row.reach for row in before) if before else None,
    )


def reached(*, region: Region, start: datetime.date, end: datetime.date) -> int | None:
    """The accounts the region's posts reached over the period's months (the
    union's report adds up what the regional one gives month by month); None
    when no month has a measured reach."""
    months = [
        data
        for month in dates.months_between(start, end)
        if (data := reach_of(region=region, month=month)) is not None
    ]
    return sum(data.reach for data in months) if months else None


def _measured(region: Region, month: datetime.date) -> list:
    rows = reach_selectors.posts(start=month, end=dates.last_day(month), region=region)
    return [row for row in rows if row.reach is not None]


def reach_percent(part: int, whole: int) -> str:
    """1204 of 31208 → «3,9 %»: a share as Russian writes it."""
    return f"{100 * part / whole:.1f}".replace(".", ",") + " %"


def _month_block(month: datetime.date, data: Reach) -> dict:
    when = f"В {MONTHS_PREPOSITIONAL[month.month - 1]} {month.year} года"
    rate = f", или {reach_percent(data.engagement, data.reach)} охвата" if data.reach else ""
    text = (
        f"{when} публикации областной организации охватили "
        f"{counted(data.reach, 'аккаунт', 'аккаунта', 'аккаунтов')} (охват измерен у "
        f"{counted(data.posts, 'публикации', 'публикаций', 'публикаций')}); вовлечённость — "
        f"{counted(data.engagement, 'действие', 'действия', 'действий')} (реакции, "
        f"комментарии, репосты и сохранения){rate}."
    )
    rows = [
        ["Охват", counted(data.reach, "аккаунт", "аккаунта", "аккаунтов")],
        ["Вовлечённость", counted(data.engagement, "действие", "действия", "действий")],
        ["Публикации с измеренным охватом", number(data.posts)],
    ]
    if data.previous_reach:
        change = round(100 * (data.reach - data.previous_reach) / data.previous_reach)
        if change > 0:
            text += f" По сравнению с предыдущим месяцем охват вырос на {change} %."
        elif change < 0:
            text += f" По сравнению с предыдущим месяцем охват снизился на {-change} %."
        else:
            text += " По сравнению с предыдущим месяцем охват не изменился."
        rows.append(["Изменение охвата к предыдущему месяцу", f"{change:+d} %"])
    return {
        "kind": "reach",
        "month": f"{month:%Y-%m}",
        "caption": f"{MONTHS_NOMINATIVE[month.month - 1].capitalize()} {month.year} года",
        "rows": rows,
        "text": text,
    }


def section(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
    """The section «Охват и вовлечённость»: for every month of the period that
    `reach_of` has figures for, its block; nothing when no month has any.
    `build_report` places it after the branches' pages, before the conclusions."""
    blocks = []
    for month in dates.months_between(start, end):
        data = reach_of(region=region, month=month)
        if data is not None:
            blocks.append(_month_block(month, data))
    if not blocks:
        return []
    return [
        heading("Охват и вовлечённость"),
        *blocks,
        *_leaders(region, start, end),
        *_year(region, end),
    ]


def _leaders(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
    """The rubrics and the posts of the period that reached most."""
    rows = reach_selectors.posts(start=start, end=end, region=region)
    rubrics = reach_selectors.by_rubric(rows)[:3]
    posts = [row for row in reach_selectors.top(rows, count=len(rows)) if row.title][:3]
    blocks = []
    if rubrics:
        named = [
            f"«{item.rubric}» (медианный охват {number(round(item.figures.median))}, "
            + counted(item.figures.n, "публикация", "публикации", "публикаций")
            + ")"
            for item in rubrics
        ]
        lead = (
            "Больше всего охватили публикации рубрик "
            if len(named) > 1
            else ("Больше всего охватили публикации рубрики ")
        )
        blocks.append(para(lead + join_words(named) + "."))
    if posts:
        named = [
            f"«{row.title}» ({day_text(timezone.localdate(row.posted_at))}, "
            + counted(row.reach, "аккаунт", "аккаунта", "аккаунтов")
            + ")"
            for row in posts
        ]
        lead = "Самые охватные публикации: " if len(named) > 1 else "Самая охватная публикация: "
        blocks.append(para(lead + join_words(named) + "."))
    return blocks


def _year(region: Region, end: datetime.date) -> list[dict]:
    """The twelve months up to the report's last: what the year's posts reached."""
    months = reach_selectors.months_back(end, 12)
    rows = reach_selectors.posts(start=months[0], end=dates.last_day(months[-1]), region=region)
    known = [row for row in rows if row.reach is not None]
    if not known:
        return []
    total = sum(row.reach for row in known)
    first, last = months[0], months[-1]
    return [
        para(
            f"За 12 месяцев (с {MONTHS_GENITIVE[first.month - 1]} {first.year} года по "
            f"{MONTHS_NOMINATIVE[last.month - 1]} {last.year} года) публикации областной "
            f"организации охватили {counted(total, 'аккаунт', 'аккаунта', 'аккаунтов')} "
            f"(охват измерен у {counted(len(known), 'публикации', 'публикаций', 'публикаций')})."
        )
    ]
