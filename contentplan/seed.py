"""The standard rubrics from the report, and (in the embedded default) a demo plan.

`load_seed` calls `load(region=...)`. Loading is idempotent and adds only what
is missing: rubrics people edited keep their colour and minimum, and a month
that has a plan is left alone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.dates import first_day, last_day, next_month
from portal.models import Region, User

from .models import Channel, MonthlyPlan, PlannedPost, Rubric

# (name, colour, monthly minimum). The first five are the permanent rubrics
# the report proposes; the rest are the topics it names for the regional page.
RUBRICS = [
    ("Прямые эфиры", "#d63384", 1),
    ("Освещение мероприятий", "#0d6efd", 4),
    ("Полезные советы", "#20c997", 2),
    ("Правовые разъяснения", "#6f42c1", 2),
    ("Ответы на частые вопросы", "#fd7e14", 2),
    ("Социальное партнёрство", "#0dcaf0", 0),
    ("Охрана труда", "#ffc107", 0),
    ("Спорт и культура", "#198754", 0),
    ("Педагогические династии", "#6610f2", 0),
    ("Рабочие профессии", "#6c757d", 0),
    ("Благотворительность", "#dc3545", 0),
    ("Ветераны профсоюза", "#8c6d46", 0),
]

# The rubrics' names in Kazakh and English (migration 0007 fills the same).
RUBRIC_NAMES = {
    "Прямые эфиры": ("Тікелей эфирлер", "Live streams"),
    "Освещение мероприятий": ("Іс-шаралар туралы", "Event coverage"),
    "Полезные советы": ("Пайдалы кеңестер", "Useful tips"),
    "Правовые разъяснения": ("Құқықтық түсіндірмелер", "Legal explanations"),
    "Ответы на частые вопросы": (
        "Жиі қойылатын сұрақтарға жауаптар",
        "Answers to common questions",
    ),
    "Социальное партнёрство": ("Әлеуметтік әріптестік", "Social partnership"),
    "Охрана труда": ("Еңбекті қорғау", "Occupational safety"),
    "Спорт и культура": ("Спорт және мәдениет", "Sport and culture"),
    "Педагогические династии": ("Педагогтер әулеттері", "Teaching dynasties"),
    "Рабочие профессии": ("Жұмысшы мамандықтары", "Working trades"),
    "Благотворительность": ("Қайырымдылық", "Charity"),
    "Ветераны профсоюза": ("Кәсіподақ ардагерлері", "Union veterans"),
}

# The rubric of live streams: the calendar makes its posts stand out.
LIVE_RUBRIC = "Прямые эфиры"

DEMO = " (демо)"
# (day of month, time, rubric, title, channels, branch or None, status)
DEMO_POSTS = [
    (
        3,
        "10:00",
        "Освещение мероприятий",
        "Семинар для председателей первичных организаций",
        ["facebook_page", "instagram"],
        "г. Усть-Каменогорск",
        PlannedPost.Status.PUBLISHED,
    ),
    (
        5,
        None,
        "Полезные советы",
        "Как оформить отпуск без сохранения зарплаты",
        ["facebook_page", "telegram"],
        None,
        PlannedPost.Status.PUBLISHED,
    ),
    (
        8,
        "15:00",
        "Правовые разъяснения",
        "Доплата за классное руководство: что говорит закон",
        ["facebook_page", "website"],
        None,
        PlannedPost.Status.APPROVED,
    ),
    (
        10,
        None,
        "Освещение мероприятий",
        "Спартакиада работников образования",
        ["facebook_page", "instagram", "aitu"],
        "г. Риддер",
        PlannedPost.Status.ON_REVIEW,
    ),
    (
        12,
        None,
        "Ответы на частые вопросы",
        "Можно ли отказаться от дежурства в выходной?",
        ["facebook_page", "telegram"],
        None,
        PlannedPost.Status.IN_WORK,
    ),
    (
        15,
        "11:00",
        "Педагогические династии",
        "Династия учителей из Шемонаихи",
        ["facebook_page", "newspaper"],
        "Шемонаихинский район",
        PlannedPost.Status.IN_WORK,
    ),
    (
        17,
        None,
        "Освещение мероприятий",
        "Колдоговор подписан в Уланском районе",
        ["facebook_page", "instagram"],
        "Уланский район",
        PlannedPost.Status.IDEA,
    ),
    (
        19,
        None,
        "Полезные советы",
        "Санаторное лечение по профсоюзной путёвке",
        ["facebook_page", "instagram"],
        None,
        PlannedPost.Status.IDEA,
    ),
    (
        22,
        None,
        "Правовые разъяснения",
        "Аттестация педагогов: права и сроки",
        ["facebook_page", "website"],
        None,
        PlannedPost.Status.IDEA,
    ),
    (
        24,
        None,
        "Освещение мероприятий",
        "Конкурс «Лучший профсоюзный лидер»",
        ["facebook_page", "instagram", "aitu"],
        "Глубоковский район",
        PlannedPost.Status.IDEA,
    ),
    (
        26,
        None,
        "Ответы на частые вопросы",
        "Как вступить в профсоюз",
        ["facebook_page", "telegram"],
        None,
        PlannedPost.Status.IDEA,
    ),
    (
        27,
        None,
        "Ветераны профсоюза",
        "Поздравляем ветеранов профсоюзного движения",
        ["facebook_page"],
        "Катон-Карагайский район",
        PlannedPost.Status.IDEA,
    ),
]
# Published demo posts point to a reserved example address, never to a real page.
DEMO_URL = "https://example.org/profinfo-demo"
LIVE_STREAM = "Прямой эфир с председателем: вопросы членов профсоюза"


# The channels as the data migrations create them (0002; 0009 gave the Facebook
# page's channel its network's code). They are ensured here
# too, because a test database flushed between browser tests loses the rows
# a migration made.
CHANNELS = [
    ("facebook_page", "Facebook (страница области)", 10),
    ("instagram", "Instagram", 20),
    ("aitu", "Aitu", 30),
    ("telegram", "Telegram", 40),
    ("website", "Сайт профсоюза", 50),
    ("newspaper", "Газета", 60),
]
# The channels' names in Kazakh and English, by code (migration 0007 fills the same).
CHANNEL_NAMES = {
    "facebook_page": ("Facebook (облыс парақшасы)", "Facebook (regional page)"),
    "instagram": ("Instagram", "Instagram"),
    "aitu": ("Aitu", "Aitu"),
    "telegram": ("Telegram", "Telegram"),
    "website": ("Кәсіподақ сайты", "Union website"),
    "newspaper": ("Газет", "Newspaper"),
}


def _fill_names(obj, names: tuple[str, str] | None, field: str = "name") -> None:
    """Give a record its Kazakh and English names where it has none yet: a name
    people wrote in the admin is never overwritten."""
    if names is None:
        return
    changed = []
    for language, value in zip(("kk", "en"), names, strict=True):
        if not getattr(obj, f"{field}_{language}"):
            setattr(obj, f"{field}_{language}", value)
            changed.append(f"{field}_{language}")
    if changed:
        obj.save(update_fields=changed)


def load_channels() -> None:
    for code, name, position in CHANNELS:
        channel, _created = Channel.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
        _fill_names(channel, CHANNEL_NAMES.get(code))


@transaction.atomic
def load_rubrics() -> list[Rubric]:
    load_channels()
    rubrics = []
    for position, (name, colour, minimum) in enumerate(RUBRICS, start=1):
        rubric, _created = Rubric.objects.get_or_create(
            name=name,
            defaults={
                "colour": colour,
                "monthly_minimum": minimum,
                "position": position * 10,
                "is_live": name == LIVE_RUBRIC,
            },
        )
        _fill_names(rubric, RUBRIC_NAMES.get(name))
        rubrics.append(rubric)
    return rubrics


def _demo_plan(*, region: Region, month: datetime.date, status: str) -> MonthlyPlan | None:
    if MonthlyPlan.objects.filter(region=region, month=month).exists():
        return None
    press = User.objects.filter(role=User.Role.PRESS, region=region, is_leader=False).first()
    plan = MonthlyPlan.objects.create(
        region=region, month=month, status=status, is_demo=True, created_by=press
    )
    rubrics = {rubric.name: rubric for rubric in Rubric.objects.all()}
    channels = {channel.code: channel for channel in Channel.objects.all()}
    branches = {branch.name: branch for branch in region.branches.all()}
    today = timezone.localdate()
    month_length = last_day(month).day
    rows = [
        (day, "18:00", "Прямые эфиры", LIVE_STREAM, ["facebook_page", "instagram"], None, None)
        for day in range(1, month_length + 1)
        if month.replace(day=day).weekday() == 3  # every Thursday
    ] + DEMO_POSTS
    for day, time, rubric, title, channel_codes, branch, status_ in rows:
        date = month.replace(day=min(day, month_length))
        if status == MonthlyPlan.Status.DRAFT:  # next month: everything still ahead
            status_ = PlannedPost.Status.IDEA
        elif status_ is None:  # the live stream follows the calendar
            status_ = PlannedPost.Status.PUBLISHED if date < today else PlannedPost.Status.IDEA
        elif date >= today and status_ == PlannedPost.Status.PUBLISHED:
            status_ = PlannedPost.Status.APPROVED
        post = PlannedPost.objects.create(
            plan=plan,
            date=date,
            time=datetime.time.fromisoformat(time) if time else None,
            rubric=rubrics[rubric],
            title=title + DEMO,
            brief="Демонстрационная запись плана.",
            responsible=press,
            branch=branches.get(branch) if branch else None,
            language=PlannedPost.Language.BOTH,
            origin=PlannedPost.Origin.OWN,
            status=status_,
            published_url=DEMO_URL if status_ == PlannedPost.Status.PUBLISHED else "",
            recurrence=PlannedPost.Recurrence.WEEKLY if title == LIVE_STREAM else "",
            created_by=press,
        )
        post.channels.set([channels[code] for code in channel_codes])
    return plan


@transaction.atomic
def load(*, region: Region) -> None:
    """Rubrics always; demo plans for this month and the next only in the
    embedded default (DEBUG), never in a real installation."""
    load_rubrics()
    if not settings.DEBUG:
        return
    this_month = first_day(timezone.localdate())
    _demo_plan(region=region, month=this_month, status=MonthlyPlan.Status.APPROVED)
    _demo_plan(region=region, month=next_month(this_month), status=MonthlyPlan.Status.DRAFT)
