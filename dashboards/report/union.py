"""The whole union's report (the monthly one, a job without a region): the
union's size, a line per regional organisation, and what the lines say together."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Count, Sum
from django.utils import translation

from portal.models import Region
from portal.russian import counted, number, plural

from . import plan, reach
from .blocks import bullets, header, heading, para, signature
from .pages import followers_on
from .words import followers_text


def _followers_part(region: Region, end: datetime.date) -> str:
    followers = followers_on(region, end)
    if followers is None:
        return "подписчики страниц областной организации не измерены"
    return f"страницы областной организации — {followers_text(followers)}"


def _plan_part(region: Region, start: datetime.date, end: datetime.date) -> tuple[str, int]:
    """How far the region kept its content plan, and how many posts were due."""
    totals = plan.totals(region, start, end)
    due = totals.due or totals.planned
    if not due:
        return "контент-план в портале не вёлся", due
    return (
        f"контент-план выполнен на {round(100 * totals.published / due)} % "
        f"({number(totals.published)} из {number(due)} "
        + plural(due, "публикации", "публикаций", "публикаций")
        + ")"
    ), due


def _submissions_part(region: Region, start: datetime.date, end: datetime.date) -> str | None:
    sent, accepted = plan.submissions(region, start, end)
    if not sent:
        return None
    return (
        "от филиалов "
        + plural(sent, "поступил", "поступило", "поступило")
        + f" {number(sent)} "
        + plural(sent, "материал", "материала", "материалов")
        + ", "
        + plural(accepted, "принят", "принято", "принято")
        + f" {number(accepted)}"
    )


def _region_line(region: Region, start: datetime.date, end: datetime.date) -> tuple[str, bool]:
    """One region's line of the union's report (its followers, plan and
    materials), and whether it kept its content plan in the portal."""
    followers = _followers_part(region, end)
    plan_text, due = _plan_part(region, start, end)
    parts = [followers, plan_text]
    if submitted := _submissions_part(region, start, end):
        parts.append(submitted)
    # The same figures as the region's own report: its months' reach, added up.
    total = reach.reached(region=region, start=start, end=end)
    if total is not None:
        parts.append("публикации охватили " + counted(total, "аккаунт", "аккаунта", "аккаунтов"))
    return f"{region.short_name}: " + "; ".join(parts), bool(due)


def _size(totals: dict) -> str:
    """«Профсоюз объединяет 20 областных организаций, … членов профсоюза.»"""
    n, members = totals["n_regions"], totals["n_members"] or 0
    return (
        f"Профсоюз объединяет {number(n)} "
        + plural(n, "областную организацию", "областные организации", "областных организаций")
        + f", {number(totals['n_branches'])} "
        + plural(totals["n_branches"], "филиал", "филиала", "филиалов")
        + f" и {number(totals['n_organisations'])} "
        + plural(
            totals["n_organisations"],
            "первичную профсоюзную организацию",
            "первичные профсоюзные организации",
            "первичных профсоюзных организаций",
        )
        + f", в которых {plural(members, 'состоит', 'состоят', 'состоят')} "
        + f"{number(members)} {plural(members, 'член', 'члена', 'членов')} профсоюза."
    )


def _without_plan(without: list[str], n: int) -> list[dict]:
    """The conclusion on the regions that kept no content plan in the portal."""
    if not without:
        return []
    k = len(without)
    return [
        heading("Выводы и предложения"),
        para(
            f"Контент-план в портале за период не вёлся в {number(k)} "
            + plural(
                k,
                "областной организации",
                "областных организациях",
                "областных организациях",
            )
            + f" из {number(n)}: {', '.join(without)}. Предлагается "
            "вести его в портале со следующего месяца: по нему портал считает "
            "выполнение плана и напоминает о сроках публикаций."
        ),
    ]


def _regions(
    regions: list[Region],
    totals: dict,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None],
) -> list[dict]:
    """The union's size, a line per region, and the regions without a plan."""
    blocks = [para(_size(totals))]
    progress(20)
    rows = [_region_line(region, start, end) for region in regions]
    progress(70)
    blocks.append(heading("Областные организации"))
    blocks.append(bullets([line for line, _kept in rows]))
    without = [
        region.short_name
        for region, (_line, kept_plan) in zip(regions, rows, strict=True)
        if not kept_plan
    ]
    return blocks + _without_plan(without, totals["n_regions"])


def build_union_report(
    *,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None] = lambda percent: None,
) -> list[dict]:
    """The whole union's report for the period, in Russian: the union's size,
    then a line per regional organisation, and what the lines say together."""
    with translation.override("ru"):
        totals = Region.objects.aggregate(
            n_regions=Count("pk", distinct=True),
            n_branches=Count("branches", distinct=True),
            n_organisations=Count("branches__organisations"),
            n_members=Sum("branches__organisations__members"),
        )
        regions = list(Region.objects.order_by("short_name"))
        blocks = header(
            subtitle="об организации информационной работы в областных организациях Профсоюза",
            start=start,
            end=end,
        )
        if regions:
            blocks += _regions(regions, totals, start, end, progress)
        else:
            blocks.append(para("Областные организации в портал не внесены."))
        blocks.append(signature())
        progress(80)
    return blocks
