"""The library of the East Kazakhstan organisation, as far as the report gives it.

The report says that 13 information bulletins were prepared "on various
directions of union work" and that the electronic folder «В помощь профактиву»
holds methodological materials, instructions, recommendations and media
content, reached through a QR code. It gives neither the bulletins' titles nor
the folder's documents: those are generated, flagged ``is_demo`` and marked
«(демо)» in their titles, each with a small PDF made here that says so.

Loading adds only what is missing (bulletins by number, the folder and its
sections by title) and never changes what people edited. Each addition is its
own transaction, written through the same services as the library's pages, so
an interrupted load leaves no file without its row; running it again finishes.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from portal.models import Region

from . import posters, services
from .models import Bulletin, Collection, Item, Topic, Visibility
from .uploads import check_upload

DEMO_MARK = " (демо)"
FOLDER_TITLE = "В помощь профактиву"
FOLDER_DESCRIPTION = (
    "Электронная папка для профсоюзного актива: методические материалы, инструкции, "
    "рекомендации и медиаконтент. На плакатах в организациях — QR-код этой страницы."
)
# The folder's sections as the report lists them, each with one demo material.
SECTIONS = [
    ("Методические материалы", "Как провести профсоюзное собрание в первичной организации"),
    ("Инструкции", "Как вести страницу первичной организации в социальных сетях"),
    ("Рекомендации", "Как снять хорошее фото с мероприятия на телефон"),
    ("Медиаконтент", "Шаблоны оформления публикаций в едином стиле"),
]
# Thirteen bulletins on the directions of work the report names.
BULLETINS = [
    (1, Topic.SOCIAL_PARTNERSHIP, "Социальное партнёрство: коллективный договор в школе"),
    (2, Topic.LABOUR_PROTECTION, "Охрана труда: права работника и обязанности работодателя"),
    (3, Topic.LEGAL_PROTECTION, "Правовая защита: как профсоюз помогает в трудовом споре"),
    (4, Topic.WAGES, "Оплата труда педагогов и социальные гарантии"),
    (5, Topic.MEMBERSHIP, "Зачем быть в профсоюзе: мотивация членства"),
    (6, Topic.YOUTH, "Молодым педагогам: первые шаги в профессии и в профсоюзе"),
    (7, Topic.HEALTH, "Оздоровление и отдых членов профсоюза"),
    (8, Topic.SPORT_CULTURE, "Спорт и культура: спартакиады и творческие конкурсы"),
    (9, Topic.DYNASTIES, "Педагогические династии Восточного Казахстана"),
    (10, Topic.WORKING_PROFESSIONS, "Люди рабочих профессий в системе образования"),
    (11, Topic.CHARITY, "Благотворительные инициативы профсоюза"),
    (12, Topic.VETERANS, "Ветераны профсоюза: память и поддержка"),
    (13, Topic.INFORMATION, "Информационная работа первичной организации"),
]
DEMO_NOTE = (
    "Демонстрационный файл. В отчёте названо число бюллетеней и направления профсоюзной "
    "работы, но не их тексты; замените этот файл настоящим бюллетенем."
)
KAZAKH_LINE = "Қазақстан білім және ғылым қызметкерлерінің кәсіподағы"


def _demo_file(title: str, name: str):
    content = posters.demo_pdf(title=title, lines=[DEMO_NOTE, KAZAKH_LINE])
    return check_upload(ContentFile(content, name=name))


def _issued_on(number: int) -> date:
    """One bulletin a month from November 2024 to November 2025."""
    month = 10 + number  # November 2024 is month 11
    return date(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 15)


def load(*, region: Region) -> None:
    folder = Collection.objects.filter(region=region, title=FOLDER_TITLE).first()
    if folder is None:
        folder = services.collection_create(
            region=region,
            title=FOLDER_TITLE,
            description=FOLDER_DESCRIPTION,
            visibility=Visibility.PUBLIC,
        )
    for position, (section_title, item_title) in enumerate(SECTIONS, start=1):
        section = folder.sections.filter(title=section_title).first()
        if section is None:
            section = services.section_create(
                collection=folder, title=section_title, position=position
            )
        demo_title = item_title + DEMO_MARK
        if not Item.objects.filter(section=section, title=demo_title).exists():
            services.item_create(
                section=section,
                title=demo_title,
                visibility=Visibility.PUBLIC,
                file=_demo_file(demo_title, f"material-{position}.pdf"),
                is_demo=True,
            )

    existing = set(Bulletin.objects.filter(region=region).values_list("number", flat=True))
    for number, topic, title in BULLETINS:
        if number in existing:
            continue
        demo_title = title + DEMO_MARK
        services.bulletin_create(
            region=region,
            number=number,
            title=demo_title,
            topic=topic,
            issued_on=_issued_on(number),
            summary=(
                f"Информационный бюллетень № {number} для профактива. "
                "Название и текст — демонстрационные: в отчёте их нет."
            ),
            visibility=Visibility.PUBLIC,
            file=_demo_file(demo_title, f"bulletin-{number:02d}.pdf"),
            is_demo=True,
        )
