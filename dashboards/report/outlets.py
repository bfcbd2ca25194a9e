"""Where the organisation publishes besides its pages: the union's website and
the press."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from branches.models import MediaOutlet, WebsiteMaterials
from portal.models import Region
from portal.russian import number, plural

from .blocks import bullets, para
from .words import day_text, join_words


def website(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
    years = list(
        WebsiteMaterials.objects.filter(
            region=region, year__gte=start.year, year__lte=end.year
        ).order_by("year")
    )
    if not years:
        return [para("Сведений о материалах на сайте Отраслевого профсоюза за период нет.")]
    items = []
    for entry in years:
        if entry.counted_from:
            when = f"с {day_text(entry.counted_from)}"
        elif entry.months == 12:
            when = f"в {entry.year} году"
        else:
            when = (
                f"за {entry.months} {plural(entry.months, 'месяц', 'месяца', 'месяцев')} "
                f"{entry.year} года"
            )
        if entry.measured:
            when += " (подсчитано порталом по ленте сайта)"
        word = plural(entry.count, "материал", "материала", "материалов")
        items.append(f"{when}: {number(entry.count)} {word}")
    return [
        para("В информационной деятельности организация использует сайт Отраслевого профсоюза:"),
        bullets(items),
    ]


def media(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
    outlets = list(
        MediaOutlet.objects.filter(region=region)
        .annotate(
            in_period=Count(
                "publications",
                filter=Q(
                    publications__published_on__gte=start, publications__published_on__lte=end
                ),
            )
        )
        .order_by("name")
    )
    if not outlets:
        return [
            para(
                "Средства массовой информации, публикующие материалы организации, "
                "в портал не внесены."
            )
        ]
    levels = {outlet.level for outlet in outlets}
    kinds = []
    if MediaOutlet.Level.DISTRICT in levels:
        kinds.append("районных")
    if MediaOutlet.Level.REGIONAL in levels:
        kinds.append("областных")
    if MediaOutlet.Level.NATIONAL in levels:
        kinds.append("республиканских")
    names = ", ".join(f"«{outlet.name}»" for outlet in outlets)
    text = f"Публикации размещаются в {join_words(kinds)} изданиях, включая {names}."
    published = sum(outlet.in_period for outlet in outlets)
    if published:
        text += (
            " За период в них "
            + plural(published, "учтена", "учтены", "учтено")
            + f" {number(published)} "
            + plural(published, "публикация", "публикации", "публикаций")
            + "."
        )
    return [para(text)]
