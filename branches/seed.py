"""The report's pages, media and website figures for the East Kazakhstan region.

Every page the report describes gets one measurement dated when the report
was written (early December 2025), with its figures and remarks. Where the
report gives no figure (a count of posts, for example) the value below is
the smallest that agrees with its words, and the note says so. The audit is
then run as of that date, so the audit table opens with the report's own
judgements.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from portal.models import Region

from . import services
from .models import MediaOutlet, PageAudit, PageSnapshot, SocialPage, WebsiteMaterials

REPORT_DATE = date(2025, 12, 5)
P = SocialPage.Platform
ESTIMATE = "Число постов оценено по словам справки."

# (branch or None for the region, platform, url, official, created, note,
#  snapshot: followers, posts in 30 days, own, reposts, last own post, visuals)
# fmt: off
PAGES = [
    (
        None, P.FACEBOOK_PAGE, "", True, date(2022, 2, 1),
        "Официальная страница областной организации, одна из наиболее активных среди "
        "членских организаций. Адрес в справке не указан.",
        (6200, 30, 26, 4, date(2025, 12, 4), 4),
        "6,2 тыс. подписчиков — из справки; число постов и оценка визуала — демо-данные.",
    ),
    (
        None, P.INSTAGRAM, "", True, None,
        "8-е место среди регионов по числу подписчиков. Адрес в справке не указан.",
        (714, 12, 12, 0, date(2025, 12, 3), 3),
        "714 подписчиков — из справки; число постов и оценка визуала — демо-данные.",
    ),
    (
        None, P.AITU, "", True, None,
        "Страница на платформе Aitu. Адрес и число подписчиков в справке не указаны.",
        (None, 8, 8, 0, date(2025, 12, 2), None),
        "Число постов — демо-данные.",
    ),
    (
        "г. Усть-Каменогорск", P.FACEBOOK_PROFILE,
        "https://www.facebook.com/profile.php?id=61580870107072", True, None,
        "",
        (None, 0, 0, 0, None, None),
        "Общедоступные публикации отсутствуют, последнее действие — обновление фото "
        "профиля от 17 сентября 2025 года.",
    ),
    (
        "Тарбагатайский район", P.FACEBOOK_GROUP,
        "https://www.facebook.com/groups/993189211563167/", False, None,
        "",
        (360, 12, 2, 1, date(2025, 11, 14), None),
        "В основном размещаются материалы, не связанные с профсоюзом, собственный контент "
        "публикуется редко. Группа не выполняет функцию официальной информационной "
        "площадки. " + ESTIMATE,
    ),
    (
        "Уланский район", P.FACEBOOK_PROFILE,
        "https://www.facebook.com/profile.php?id=61575271302620", True, None,
        "",
        (65, 0, 0, 0, date(2025, 8, 21), None),
        "Всего 65 подписчиков, последний пост датирован 21 августа 2025 года. Публикации "
        "преимущественно репосты, активность нерегулярная.",
    ),
    (
        "Самарский район", P.FACEBOOK_PROFILE,
        "https://www.facebook.com/profile.php?id=100092143562811", True, None,
        "",
        (None, 0, 0, 0, date(2023, 12, 22), None),
        "Последний собственный материал размещён 22 декабря 2023 года.",
    ),
    (
        "Курчумский район", P.FACEBOOK_PROFILE,
        "https://www.facebook.com/profile.php?id=61575564004017", True, None,
        "",
        (30, 2, 2, 0, date(2025, 11, 24), None),
        "Всего 30 подписчиков, в среднем публикуется до двух постов в месяц. Активность "
        "низкая, контент ограниченный.",
    ),
    (
        "Катон-Карагайский район", P.FACEBOOK_PAGE,
        "https://www.facebook.com/Katonkasypodak2024", True, None,
        "",
        (23, 0, 0, 0, None, 1),
        "Всего 23 подписчика, размещены только логотипы. Страница фактически не ведётся.",
    ),
    (
        "г. Риддер", P.FACEBOOK_GROUP,
        "https://www.facebook.com/groups/600856043837357", True, None,
        "",
        (225, 12, 2, 10, date(2025, 11, 21), None),
        "Публикуются репосты материалов ФПРК, ЦК и областного комитета, собственных "
        "материалов мало. " + ESTIMATE,
    ),
    (
        "Шемонаихинский район", P.FACEBOOK_GROUP,
        "https://www.facebook.com/groups/2091586704348293", True, None,
        "",
        (45, 3, 3, 0, date(2025, 11, 28), None),
        "После перерыва публикации возобновлены с сентября 2025 года, размещаются 2–3 поста "
        "в месяц. Активность восстановлена, но охват остаётся низким.",
    ),
    (
        "Район Алтай", P.FACEBOOK_PROFILE,
        "https://www.facebook.com/profile.php?id=100082157681527", True, None,
        "",
        (9, 0, 0, 0, date(2024, 9, 30), None),
        "Всего 9 подписчиков, последний пост — сентябрь 2024 года. Страница практически "
        "не ведётся.",
    ),
    (
        "Район Алтай", P.INSTAGRAM, "https://www.instagram.com/profsouz_altai/", True, None,
        "",
        (155, 10, 10, 0, date(2025, 12, 3), 2),
        "155 подписчиков, контент размещается регулярно, однако фотографии "
        "маловыразительные, визуальный стиль не выстроен. " + ESTIMATE,
    ),
    (
        "Глубоковский район", P.INSTAGRAM, "https://www.instagram.com/profsouz_обр/", True, None,
        "",
        (433, 9, 9, 0, date(2025, 12, 1), 2),
        "433 подписчика, активность присутствует, но качество фото и визуальная подача "
        "слабые. " + ESTIMATE,
    ),
]
# fmt: on

L = MediaOutlet.Level
# The eight newspapers the report names; level and language by their titles.
OUTLETS = [
    ("Достық", L.REGIONAL, MediaOutlet.Language.BOTH),
    ("Мектеп және қоғам", L.NATIONAL, MediaOutlet.Language.KAZAKH),
    ("Qazaqstan kasipodagy", L.NATIONAL, MediaOutlet.Language.BOTH),
    ("Уланские зори", L.DISTRICT, MediaOutlet.Language.RUSSIAN),
    ("Тұғырлы Тарбагатай", L.DISTRICT, MediaOutlet.Language.KAZAKH),
    ("Лениногорская правда", L.DISTRICT, MediaOutlet.Language.RUSSIAN),
    ("Жерүйық", L.DISTRICT, MediaOutlet.Language.KAZAKH),
    ("Samar tynysy", L.DISTRICT, MediaOutlet.Language.KAZAKH),
]

# Materials on the union's website: (year, count, months counted).
WEBSITE = [(2023, 92, 12), (2024, 173, 12), (2025, 163, 11)]


@transaction.atomic
def load(*, region: Region) -> None:
    branches = {branch.name: branch for branch in region.branches.all()}
    for branch_name, platform, url, official, created, note, figures, remark in PAGES:
        branch = branches.get(branch_name) if branch_name else None
        page = SocialPage.objects.filter(region=region, branch=branch, platform=platform).first()
        if page is None:
            page = SocialPage.objects.create(
                region=region,
                branch=branch,
                platform=platform,
                url=url,
                official=official,
                created_on=created,
                note=note,
            )
        followers, posts, own, reposts, last_own, visuals = figures
        PageSnapshot.objects.get_or_create(
            page=page,
            measured_on=REPORT_DATE,
            defaults={
                "followers": followers,
                "posts_30d": posts,
                "own_posts": own,
                "reposts": reposts,
                "last_own_post": last_own,
                "visual_quality": visuals,
                "note": remark,
                "source": PageSnapshot.Source.REPORT,
            },
        )
    for name, level, language in OUTLETS:
        MediaOutlet.objects.get_or_create(
            region=region, name=name, defaults={"level": level, "language": language}
        )
    for year, count, months in WEBSITE:
        WebsiteMaterials.objects.get_or_create(
            region=region, year=year, defaults={"count": count, "months": months}
        )
    if not PageAudit.objects.filter(page__region=region, as_of=REPORT_DATE).exists():
        services.audit_run(as_of=REPORT_DATE, pages=SocialPage.objects.filter(region=region))
