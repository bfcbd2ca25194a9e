"""The report's opening: how large the regional organisation is, and who does
its information work."""

from __future__ import annotations

from django.db.models import Count, Sum

from portal.models import Region
from portal.russian import number, plural
from portal.selectors import press_of

from .blocks import para


def size(region: Region) -> list[dict]:
    totals = Region.objects.filter(pk=region.pk).aggregate(
        n_branches=Count("branches", distinct=True),
        n_organisations=Count("branches__organisations"),
        n_members=Sum("branches__organisations__members"),
    )
    organisations, branches = totals["n_organisations"], totals["n_branches"]
    members = totals["n_members"] or 0
    if not organisations and not branches:
        return [para("Сведения о филиалах и первичных организациях в портал не внесены.")]
    return [
        para(
            f"Областная организация объединяет {number(organisations)} "
            + plural(
                organisations,
                "первичную профсоюзную организацию",
                "первичные профсоюзные организации",
                "первичных профсоюзных организаций",
            )
            + f" и {number(branches)} {plural(branches, 'филиал', 'филиала', 'филиалов')}, "
            + f"в которых {plural(members, 'состоит', 'состоят', 'состоят')} {number(members)} "
            + f"{plural(members, 'член', 'члена', 'членов')} профсоюза."
        )
    ]


def staff(region: Region) -> list[dict]:
    blocks = []
    if region.info_officer:
        blocks.append(
            para(f"Функции по информационному обеспечению выполняет {region.info_officer}.")
        )
    else:
        blocks.append(para("Ответственный за информационную работу в портале не указан."))
    if region.has_press_staff:
        blocks.append(
            para("В структуре аппарата есть штатная единица для информационного сопровождения.")
        )
    else:
        blocks.append(
            para(
                "Штатная единица, ответственная исключительно за информационное сопровождение "
                "или функции пресс-секретаря, в структуре аппарата отсутствует."
            )
        )
    press = press_of(region.pk).filter(is_leader=False).count()
    if press:
        blocks.append(
            para(
                "В портале работу региона "
                + plural(press, "ведёт", "ведут", "ведут")
                + f" {number(press)} "
                + plural(press, "сотрудник", "сотрудника", "сотрудников")
                + " с ролью пресс-секретаря."
            )
        )
    return blocks
