"""The library: the bulletins issued for the union's activists in the period,
how often they were read, and the electronic folders behind QR codes."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum

from bulletins.models import Bulletin, Collection
from portal.models import Region
from portal.russian import number, plural

from .blocks import para


def _bulletins(issued: int, scans: int, downloads: int) -> str:
    """The bulletins of the period, and their QR codes' scans and downloads."""
    if not issued:
        return "Информационные бюллетени за период не выпускались."
    text = (
        "Для профактива за период "
        + plural(issued, "подготовлен", "подготовлены", "подготовлено")
        + f" {number(issued)} "
        + plural(
            issued,
            "информационный бюллетень",
            "информационных бюллетеня",
            "информационных бюллетеней",
        )
        + " по различным направлениям профсоюзной работы."
    )
    if scans or downloads:
        text += (
            f" QR-коды бюллетеней отсканированы {number(scans)} "
            + plural(scans, "раз", "раза", "раз")
            + f", файлы скачаны {number(downloads)} "
            + plural(downloads, "раз", "раза", "раз")
            + "."
        )
    return text


def _collection(collection: Collection) -> str:
    """An electronic folder: its sections and materials, and its code's scans."""
    text = f"Сформирована электронная папка «{collection.title}»"
    if collection.item_count:
        text += (
            f" ({number(collection.section_count)} "
            + plural(collection.section_count, "раздел", "раздела", "разделов")
            + f", {number(collection.item_count)} "
            + plural(collection.item_count, "материал", "материала", "материалов")
            + ")"
        )
    text += ", доступ к которой обеспечен через QR-код"
    if collection.scans:
        text += f"; код отсканирован {number(collection.scans)} " + plural(
            collection.scans, "раз", "раза", "раз"
        )
    return text + "."


def section(region: Region, start: datetime.date, end: datetime.date) -> tuple[list[dict], int]:
    """The library's paragraphs, and how many bulletins the period issued."""
    row = Bulletin.objects.filter(region=region).aggregate(
        in_period=Count("pk", filter=Q(issued_on__gte=start, issued_on__lte=end)),
        scans=Sum("scans"),
        downloads=Sum("downloads"),
    )
    collections = list(
        Collection.objects.filter(region=region)
        .annotate(
            section_count=Count("sections", distinct=True),
            item_count=Count("sections__items", distinct=True),
        )
        .order_by("title")
    )
    issued = row["in_period"]
    blocks = [para(_bulletins(issued, row["scans"] or 0, row["downloads"] or 0))]
    blocks += [para(_collection(collection)) for collection in collections]
    return blocks, issued
