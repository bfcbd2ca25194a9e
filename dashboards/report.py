"""«Справка об организации информационной работы»: the report, written from the data.

The report is a Russian document by definition (the central committee files
it in Russian), so its sentences are written here in Russian rather than as
translatable interface text. Labels that the interface already translates
(verdicts, recommendations, reasons of the page audit) are taken from the
catalogue under ``translation.override("ru")``.

Every sentence depends on a figure: a sentence whose figure is missing is
left out or says that the figure is missing; nothing is canned. The text is
a list of blocks (plain JSON, stored on the `ReportJob`) that the DOCX
writer and the printable page both render, so they always say the same.

`report_generate` is the one write path of a report job: the Celery task
calls it, and so do the tests.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone, translation

from branches.models import MediaOutlet, PageAudit, PageSnapshot, SocialPage, WebsiteMaterials
from bulletins.models import Bulletin, Collection
from contentplan.models import PlannedPost
from materials.selectors import submission_stats
from portal import dates
from portal.models import Region, User
from portal.russian import counted, number, plural
from portal.selectors import press_of
from reach import selectors as reach_selectors

from . import jobs, monthly, selectors
from .models import ReportJob

logger = logging.getLogger(__name__)

Verdict = PageAudit.Verdict
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


# --- Russian numbers and words --------------------------------------------------------


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


# --- Blocks -------------------------------------------------------------------------


def para(text: str) -> dict:
    return {"kind": "p", "text": text}


# --- The figures the report needs ---------------------------------------------------------


@dataclass
class PageLine:
    page: SocialPage
    audit: PageAudit | None
    snapshot: PageSnapshot | None


def _pages_with_state(region: Region, end: datetime.date) -> list[PageLine]:
    """The region's open pages with their latest audit (on or before `end`) and the
    measurement it judged; pages never audited keep their latest measurement."""
    audit_ids = Subquery(
        PageAudit.objects.filter(page=OuterRef("pk"), as_of__lte=end)
        .order_by("-as_of")
        .values("pk")[:1]
    )
    snapshot_ids = Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=end)
        .order_by("-measured_on")
        .values("pk")[:1]
    )
    pages = list(
        SocialPage.objects.filter(region=region)
        .exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
        .select_related("branch")
        .annotate(audit_id=audit_ids, snapshot_id=snapshot_ids)
        .order_by("branch__name", "platform", "pk")
    )
    audits = PageAudit.objects.select_related("snapshot").in_bulk(
        [p.audit_id for p in pages if p.audit_id]
    )
    snapshots = PageSnapshot.objects.in_bulk([p.snapshot_id for p in pages if p.snapshot_id])
    lines = []
    for page in pages:
        audit = audits.get(page.audit_id)
        snapshot = audit.snapshot if audit else snapshots.get(page.snapshot_id)
        lines.append(PageLine(page=page, audit=audit, snapshot=snapshot))
    return lines


def _followers_on(region: Region, day: datetime.date) -> int | None:
    """Followers of the region's own pages by their measurements on or before `day`."""
    latest = Subquery(
        PageSnapshot.objects.filter(page=OuterRef("pk"), measured_on__lte=day)
        .order_by("-measured_on")
        .values("followers")[:1]
    )
    row = (
        SocialPage.objects.filter(region=region, branch__isnull=True)
        .exclude(lifecycle=SocialPage.Lifecycle.CLOSED)
        .annotate(f=latest)
        .aggregate(total=Sum("f"), measured=Count("pk", filter=Q(f__isnull=False)))
    )
    return row["total"] if row["measured"] else None


# --- The sections -------------------------------------------------------------------


def _organisation(region: Region) -> list[dict]:
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


def _staff(region: Region) -> list[dict]:
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


def _website(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
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
    items = [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]
    return [
        para("В информационной деятельности организация использует сайт Отраслевого профсоюза:"),
        {"kind": "list", "items": items},
    ]


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


def _regional_pages(
    region: Region, lines: list[PageLine], end: datetime.date
) -> tuple[list[dict], int | None]:
    """The region's own pages, and the change of their followers over 90 days."""
    own = [line for line in lines if line.page.branch_id is None]
    if not own:
        return [para("Собственных страниц областной организации в социальных сетях нет.")], None
    instagram = selectors.instagram_followers_by_region(today=end)
    ranked = sorted((v for v in instagram.values() if v), reverse=True)

    def first_page(line: PageLine) -> str:
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

    def figures(line: PageLine) -> str:
        """« (714 подписчиков, 19-е место среди 20 регионов …)», or nothing unmeasured."""
        page, snapshot = line.page, line.snapshot
        followers = snapshot.followers if snapshot else None
        if followers is None:
            return ""
        extra = ""
        if page.platform == Platform.INSTAGRAM and len(ranked) > 1 and followers in ranked:
            rank = ranked.index(instagram.get(region.pk, -1)) + 1 if region.pk in instagram else 0
            if rank:
                extra = (
                    f", {rank}-е место среди {len(ranked)} "
                    + plural(len(ranked), "региона", "регионов", "регионов")
                    + " по количеству подписчиков"
                )
        return f" ({followers_text(followers)}{extra})"

    own.sort(key=lambda line: -((line.snapshot.followers or 0) if line.snapshot else 0))
    blocks = [para(first_page(own[0]))]
    main = own[0].snapshot
    if main and main.posts_30d:
        blocks.append(
            para(
                f"За 30 дней до замера {short_day(main.measured_on)} на ней "
                + plural(main.posts_30d, "вышла", "вышли", "вышло")
                + f" {number(main.posts_30d)} "
                + plural(main.posts_30d, "публикация", "публикации", "публикаций")
                + f", из них собственных — {number(main.own_posts)}."
            )
        )
    if len(own) > 1:
        blocks.append(
            para(f"Областная организация также представлена {_places(own[1:], figures)}.")
        )
    now = _followers_on(region, end)
    before = _followers_on(region, end - datetime.timedelta(days=90))
    growth = None if now is None or before is None else now - before
    return blocks, growth


def _media(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
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


def _library(region: Region, start: datetime.date, end: datetime.date) -> tuple[list[dict], int]:
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
    blocks = []
    issued = row["in_period"]
    if issued:
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
        scans, downloads = row["scans"] or 0, row["downloads"] or 0
        if scans or downloads:
            text += (
                f" QR-коды бюллетеней отсканированы {number(scans)} "
                + plural(scans, "раз", "раза", "раз")
                + f", файлы скачаны {number(downloads)} "
                + plural(downloads, "раз", "раза", "раз")
                + "."
            )
        blocks.append(para(text))
    else:
        blocks.append(para("Информационные бюллетени за период не выпускались."))
    for collection in collections:
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
        blocks.append(para(text + "."))
    return blocks, issued


def _page_paragraph(line: PageLine) -> dict:
    page, audit, snapshot = line.page, line.audit, line.snapshot
    parts = []
    if snapshot is None:
        parts.append("Замеров страницы нет.")
    else:
        if snapshot.followers is not None:
            if page.platform == Platform.FACEBOOK_GROUP:
                parts.append(f"В группе {members_text(snapshot.followers)}.")
            else:
                parts.append(f"На странице {followers_text(snapshot.followers)}.")
        if snapshot.last_own_post:
            parts.append(f"Последний собственный пост — {day_text(snapshot.last_own_post)}.")
        else:
            parts.append("Собственных публикаций нет.")
        if snapshot.posts_30d:
            parts.append(
                f"За 30 дней до замера {short_day(snapshot.measured_on)} — "
                f"{number(snapshot.posts_30d)} "
                + plural(snapshot.posts_30d, "публикация", "публикации", "публикаций")
                + f", из них собственных {number(snapshot.own_posts)}, "
                f"репостов {number(snapshot.reposts)}."
            )
        else:
            parts.append(
                f"За 30 дней до замера {short_day(snapshot.measured_on)} публикаций не было."
            )
    if audit is None:
        parts.append("Аудит страницы не проводился.")
        verdict = ""
    else:
        verdict = str(audit.get_verdict_display())
        reasons = "; ".join(audit.reason_texts)
        parts.append(f"Оценка: {verdict}" + (f" ({reasons})." if reasons else "."))
        parts.append(f"Рекомендация: {audit.get_recommendation_display()}.")
    return {
        "kind": "page",
        "lead": page.branch.name if page.branch_id else "",
        "label": page_kind(page.platform),
        "url": page.url,
        "text": " ".join(parts),
        "verdict": audit.verdict if audit else "",
        "verdict_label": verdict,
    }


def _branch_audit(lines: list[PageLine]) -> list[dict]:
    branch_lines = [line for line in lines if line.page.branch_id]
    if not branch_lines:
        return [para("Страниц филиалов в социальных сетях в портале не учтено.")]
    branches = {line.page.branch_id for line in branch_lines}
    facebook = {
        line.page.branch_id for line in branch_lines if line.page.platform.startswith("facebook")
    }
    instagram = {
        line.page.branch_id for line in branch_lines if line.page.platform == Platform.INSTAGRAM
    }
    n = len(branches)
    text = (
        f"Проведённый анализ информационной активности {number(n)} "
        + plural(n, "филиала", "филиалов", "филиалов")
        + " показал, что "
    )
    found = []
    if facebook:
        found.append(
            f"{number(len(facebook))} "
            + plural(len(facebook), "имеет страницу", "имеют страницы", "имеют страницы")
            + " в Facebook"
        )
    if instagram:
        found.append(
            f"{number(len(instagram))} "
            + plural(len(instagram), "ведёт страницу", "ведут страницы", "ведут страницы")
            + " в Instagram"
        )
    others = branches - facebook - instagram
    if others:
        found.append(
            f"{number(len(others))} — "
            + plural(
                len(others),
                "страницу на другой платформе",
                "страницы на других платформах",
                "страницы на других платформах",
            )
        )
    blocks = [para(text + join_words(found) + ":")]
    previous = None
    for line in branch_lines:
        block = _page_paragraph(line)
        if line.page.branch_id == previous:
            block["lead"] = ""  # a second page of the same branch follows the first
        previous = line.page.branch_id
        blocks.append(block)
    return blocks


# --- «Охват и вовлечённость» (issue 30): the hook for the reach figures ----------------


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


def _measured(region: Region, month: datetime.date) -> list:
    rows = reach_selectors.posts(start=month, end=dates.last_day(month), region=region)
    return [row for row in rows if row.reach is not None]


def reach_percent(part: int, whole: int) -> str:
    """1204 of 31208 → «3,9 %»: a share as Russian writes it."""
    return f"{100 * part / whole:.1f}".replace(".", ",") + " %"


def _reach_block(month: datetime.date, data: Reach) -> dict:
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


def _reach(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
    """The section «Охват и вовлечённость»: for every month of the period that
    `reach_of` has figures for, its block; nothing when no month has any.
    `build_report` places it after the branches' pages, before the conclusions."""
    blocks = []
    for month in dates.months_between(start, end):
        data = reach_of(region=region, month=month)
        if data is not None:
            blocks.append(_reach_block(month, data))
    if not blocks:
        return []
    return [
        {"kind": "heading", "text": "Охват и вовлечённость"},
        *blocks,
        *_reach_leaders(region, start, end),
        *_reach_year(region, end),
    ]


def _reach_leaders(region: Region, start: datetime.date, end: datetime.date) -> list[dict]:
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


def _reach_year(region: Region, end: datetime.date) -> list[dict]:
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


@dataclass
class PlanTotals:
    planned: int
    due: int
    published: int
    missed: int
    own: int
    featured_branches: int
    branches: int


def _plan_totals(region: Region, start: datetime.date, end: datetime.date) -> PlanTotals:
    posts = PlannedPost.objects.filter(plan__region=region, date__gte=start, date__lte=end)
    row = posts.aggregate(
        planned=Count("pk"),
        due=Count("pk", filter=Q(date__lte=timezone.localdate())),
        published=Count("pk", filter=Q(status=PlannedPost.Status.PUBLISHED)),
        missed=Count("pk", filter=Q(status=PlannedPost.Status.MISSED)),
        own=Count(
            "pk",
            filter=Q(status=PlannedPost.Status.PUBLISHED, origin=PlannedPost.Origin.OWN),
        ),
        featured_branches=Count(
            "branch", distinct=True, filter=~Q(status=PlannedPost.Status.MISSED)
        ),
    )
    return PlanTotals(**row, branches=region.branches.count())


def _submissions(region: Region, start: datetime.date, end: datetime.date) -> tuple[int, int]:
    lines = submission_stats(region_ids=[region.pk], since=start, until=end, with_medians=False)
    return sum(line.submitted for line in lines), sum(line.accepted for line in lines)


# --- The conclusions: one function per paragraph ---------------------------------------------


@dataclass(frozen=True)
class Findings:
    """What the conclusions are drawn from, and the counts several of them share."""

    region: Region
    lines: list[PageLine]
    growth: int | None
    plan: PlanTotals
    submissions: tuple[int, int] | None

    @cached_property
    def branch_lines(self) -> list[PageLine]:
        return [line for line in self.lines if line.page.branch_id]

    @cached_property
    def audited(self) -> list[PageLine]:
        return [line for line in self.branch_lines if line.audit]

    @cached_property
    def verdicts(self) -> dict[str, int]:
        counts = {verdict: 0 for verdict in Verdict.values}
        for line in self.audited:
            counts[line.audit.verdict] += 1
        return counts


VERDICT_WORDS = [  # verdict, and what so many pages are: for 1, 2–4 and 5 (see `plural`)
    (Verdict.ACTIVE, "ведётся активно", "ведутся активно", "ведутся активно"),
    (Verdict.IRREGULAR, "ведётся нерегулярно", "ведутся нерегулярно", "ведутся нерегулярно"),
    (Verdict.DORMANT, "«спит»", "«спят»", "«спят»"),
    (Verdict.ABANDONED, "заброшена", "заброшены", "заброшены"),
]


def _verdicts_conclusion(f: Findings) -> str | None:
    if not f.audited:
        return None
    counts = f.verdicts
    parts = [
        f"{number(counts[v])} {plural(counts[v], *forms)}"
        for v, *forms in VERDICT_WORDS
        if counts[v]
    ]
    n = len(f.audited)
    return (
        f"Из {number(n)} "
        + plural(n, "проверенной страницы", "проверенных страниц", "проверенных страниц")
        + f" филиалов {join_words(parts)}."
    )


def _problems_conclusion(f: Findings) -> str | None:
    if not f.audited:
        return None
    n = len(f.audited)
    bad = n - f.verdicts[Verdict.ACTIVE]
    if bad * 2 > n:
        return (
            "В большинстве филиалов работа ведётся нерегулярно или не ведётся вовсе, "
            "системная подача материала отсутствует."
        )
    if bad:
        return (
            f"Проблемы выявлены на {number(bad)} из {number(n)} "
            + plural(n, "страницы", "страниц", "страниц")
            + "."
        )
    return "Все проверенные страницы филиалов ведутся активно."


def _reposts_conclusion(f: Findings) -> str | None:
    measured = [line.snapshot for line in f.branch_lines if line.snapshot]
    posts = sum(s.posts_30d for s in measured)
    if not posts:
        return None
    reposts = sum(s.reposts for s in measured)
    unrelated = sum(s.unrelated_posts for s in measured)
    share = round(100 * reposts / posts)
    text = f"Репосты составляют {share} % публикаций на страницах филиалов"
    if share > 50:
        text += ": преобладают материалы, которые не формируют собственную локальную повестку"
    text += "."
    if unrelated * 100 > 30 * posts:
        text += f" Ещё {round(100 * unrelated / posts)} % публикаций не связаны с профсоюзом."
    return text


def _visuals_conclusion(f: Findings) -> str | None:
    weak = [
        line
        for line in f.lines
        if line.snapshot
        and line.snapshot.visual_quality is not None
        and line.snapshot.visual_quality <= 2
    ]
    if not weak:
        return None
    return (
        "Слабое визуальное оформление (оценка 2 из 5 и ниже) отмечено на "
        f"{number(len(weak))} "
        + plural(len(weak), "странице", "страницах", "страницах")
        + ": требуется повышение качества фотографий и выстраивание единого стиля."
    )


def _growth_conclusion(f: Findings) -> str | None:
    growth = f.growth
    if growth is None:
        return (
            "Динамику подписчиков страниц областной организации оценить нельзя: "
            "замеров за 90 дней до конца периода нет."
        )
    if growth > 0:
        return (
            "Страницы областной организации растут: за 90 дней "
            + plural(growth, "прибавился", "прибавились", "прибавилось")
            + f" {number(growth)} "
            + plural(growth, "подписчик", "подписчика", "подписчиков")
            + "."
        )
    if growth < 0:
        return (
            "Страницы областной организации теряют аудиторию: за 90 дней "
            + plural(-growth, "убыл", "убыли", "убыло")
            + f" {number(-growth)} "
            + plural(-growth, "подписчик", "подписчика", "подписчиков")
            + "."
        )
    return "Число подписчиков страниц областной организации за 90 дней не изменилось."


def _staff_conclusion(f: Findings) -> str | None:
    if f.region.has_press_staff:
        return None
    return (
        "Информационная работа ведётся сотрудником, для которого она не является основной "
        "обязанностью и выступает дополнительной нагрузкой; отсюда нерегулярность "
        "публикаций и слабая визуальная подача."
    )


def _plan_conclusion(f: Findings) -> str | None:
    plan = f.plan
    if not plan.planned:
        return (
            "Контент-план в портале за период не вёлся: предлагается утвердить ежемесячный "
            "контент-план с постоянными рубриками (прямые эфиры, освещение мероприятий, "
            "полезные советы, правовые разъяснения, ответы на частые вопросы)."
        )
    due = plan.due or plan.planned
    fulfilment = round(100 * plan.published / due) if due else 0
    text = (
        f"Контент-план за период выполнен на {fulfilment} %: "
        + plural(plan.published, "опубликована", "опубликованы", "опубликовано")
        + f" {number(plan.published)} из {number(due)} "
        + plural(
            due, "публикации, срок которой", "публикаций, срок которых", "публикаций, срок которых"
        )
        + " наступил"
    )
    if plan.missed:
        text += (
            ", "
            + plural(plan.missed, "пропущена", "пропущены", "пропущено")
            + f" {number(plan.missed)}."
        )
    else:
        text += "."
    if plan.published:
        own = round(100 * plan.own / plan.published)
        text += f" Собственные материалы — {own} % опубликованного."
    return text


def _plan_branches_conclusion(f: Findings) -> str | None:
    plan = f.plan
    if not plan.planned or not plan.branches:
        return None
    left_out = plan.branches - plan.featured_branches
    if left_out > 0:
        return (
            f"Локальная повестка представлена неполно: {number(left_out)} из "
            f"{number(plan.branches)} "
            + plural(plan.branches, "филиала", "филиалов", "филиалов")
            + " ни разу не "
            + plural(left_out, "стал", "стали", "стали")
            + " темой запланированной публикации."
        )
    return "Каждый филиал хотя бы раз стал темой публикации по плану."


def _submissions_conclusion(f: Findings) -> str | None:
    if f.submissions is None:
        return None
    sent, accepted = f.submissions
    if sent:
        return (
            f"Филиалы направили через портал {number(sent)} "
            + plural(sent, "материал", "материала", "материалов")
            + ", "
            + plural(accepted, "принят", "принято", "принято")
            + f" {number(accepted)}."
        )
    if f.plan.branches:
        return "Материалы от филиалов через портал за период не поступали."
    return None


def _proposal_conclusion(f: Findings) -> str | None:
    recommendations = [line.audit.recommendation for line in f.audited]
    to_close = recommendations.count(PageAudit.Recommendation.CLOSE)
    to_merge = recommendations.count(PageAudit.Recommendation.MERGE)
    parts = []
    if to_close:
        parts.append(
            f"закрыть {number(to_close)} "
            + plural(to_close, "страницу", "страницы", "страниц")
            + " филиалов"
        )
    if to_merge:
        parts.append(
            f"перевести {number(to_merge)} "
            + plural(to_merge, "страницу", "страницы", "страниц")
            + " в поставщиков материалов для страницы областной организации"
        )
    if not parts:
        return None
    return (
        f"По итогам аудита предлагается {join_words(parts)}, определив основным каналом "
        "коммуникации страницу областной организации Профсоюза."
    )


# The paragraphs of the conclusions in the order the report gives them; each
# returns its text, or None when its figures are missing or say nothing.
CONCLUSIONS: list[Callable[[Findings], str | None]] = [
    _verdicts_conclusion,
    _problems_conclusion,
    _reposts_conclusion,
    _visuals_conclusion,
    _growth_conclusion,
    _staff_conclusion,
    _plan_conclusion,
    _plan_branches_conclusion,
    _submissions_conclusion,
    _proposal_conclusion,
]


def _conclusions(
    region: Region,
    lines: list[PageLine],
    growth: int | None,
    plan: PlanTotals,
    submissions: tuple[int, int] | None,
) -> list[dict]:
    findings = Findings(region, lines, growth, plan, submissions)
    blocks: list[dict] = [{"kind": "heading", "text": "Выводы и предложения"}]
    for conclusion in CONCLUSIONS:
        text = conclusion(findings)
        if text is not None:
            blocks.append(para(text))
    return blocks


# --- The whole report ----------------------------------------------------------------------


def build_report(
    *,
    region: Region,
    start: datetime.date,
    end: datetime.date,
    progress: Callable[[int], None] = lambda percent: None,
) -> list[dict]:
    """The report's blocks for the region and the period, in Russian."""
    with translation.override("ru"):
        blocks: list[dict] = [
            {"kind": "title", "text": "СПРАВКА"},
            {
                "kind": "subtitle",
                "text": f"об организации информационной работы в {in_region(region.name)}",
            },
            {
                "kind": "meta",
                "text": f"Период: {short_day(start)} — {short_day(end)}. Составлена порталом "
                f"Profinfo {short_day(timezone.localdate())} по его данным.",
            },
        ]
        blocks += _organisation(region)
        blocks += _staff(region)
        progress(20)
        blocks += _website(region, start, end)
        lines = _pages_with_state(region, end)
        pages, growth = _regional_pages(region, lines, end)
        blocks += pages
        progress(40)
        blocks += _media(region, start, end)
        library, _issued = _library(region, start, end)
        blocks += library
        progress(55)
        blocks += _branch_audit(lines)
        blocks += _reach(region, start, end)
        progress(70)
        plan = _plan_totals(region, start, end)
        submissions = _submissions(region, start, end)
        blocks += _conclusions(region, lines, growth, plan, submissions)
        blocks.append({"kind": "signature", "text": "Пресс-служба аппарата ЦК Профсоюза"})
        progress(80)
    return blocks


def _union_region_line(
    region: Region, start: datetime.date, end: datetime.date
) -> tuple[str, bool]:
    """One region's line of the union's report (its followers, plan and
    materials), and whether it kept its content plan in the portal."""
    parts = []
    followers = _followers_on(region, end)
    if followers is None:
        parts.append("подписчики страниц областной организации не измерены")
    else:
        parts.append(f"страницы областной организации — {followers_text(followers)}")
    plan = _plan_totals(region, start, end)
    due = plan.due or plan.planned
    if due:
        parts.append(
            f"контент-план выполнен на {round(100 * plan.published / due)} % "
            f"({number(plan.published)} из {number(due)} "
            + plural(due, "публикации", "публикаций", "публикаций")
            + ")"
        )
    else:
        parts.append("контент-план в портале не вёлся")
    sent, accepted = _submissions(region, start, end)
    if sent:
        parts.append(
            "от филиалов "
            + plural(sent, "поступил", "поступило", "поступило")
            + f" {number(sent)} "
            + plural(sent, "материал", "материала", "материалов")
            + ", "
            + plural(accepted, "принят", "принято", "принято")
            + f" {number(accepted)}"
        )
    # The same hook as the region's own report: its months' reach, added up.
    reached = [
        data
        for month in dates.months_between(start, end)
        if (data := reach_of(region=region, month=month)) is not None
    ]
    if reached:
        total = sum(data.reach for data in reached)
        parts.append("публикации охватили " + counted(total, "аккаунт", "аккаунта", "аккаунтов"))
    return f"{region.short_name}: " + "; ".join(parts), bool(due)


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
        members = totals["n_members"] or 0
        blocks: list[dict] = [
            {"kind": "title", "text": "СПРАВКА"},
            {
                "kind": "subtitle",
                "text": "об организации информационной работы в областных организациях Профсоюза",
            },
            {
                "kind": "meta",
                "text": f"Период: {short_day(start)} — {short_day(end)}. Составлена порталом "
                f"Profinfo {short_day(timezone.localdate())} по его данным.",
            },
        ]
        if not regions:
            blocks.append(para("Областные организации в портал не внесены."))
        else:
            n = totals["n_regions"]
            blocks.append(
                para(
                    f"Профсоюз объединяет {number(n)} "
                    + plural(
                        n, "областную организацию", "областные организации", "областных организаций"
                    )
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
            )
            progress(20)
            rows = [_union_region_line(region, start, end) for region in regions]
            lines = [line for line, _kept in rows]
            progress(70)
            blocks.append({"kind": "heading", "text": "Областные организации"})
            blocks.append(
                {
                    "kind": "list",
                    "items": [
                        line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)
                    ],
                }
            )
            without_plan = [
                region.short_name
                for region, (_line, kept_plan) in zip(regions, rows, strict=True)
                if not kept_plan
            ]
            if without_plan:
                k = len(without_plan)
                blocks.append({"kind": "heading", "text": "Выводы и предложения"})
                blocks.append(
                    para(
                        f"Контент-план в портале за период не вёлся в {number(k)} "
                        + plural(
                            k,
                            "областной организации",
                            "областных организациях",
                            "областных организациях",
                        )
                        + f" из {number(n)}: {', '.join(without_plan)}. Предлагается "
                        "вести его в портале со следующего месяца: по нему портал считает "
                        "выполнение плана и напоминает о сроках публикаций."
                    )
                )
        blocks.append({"kind": "signature", "text": "Пресс-служба аппарата ЦК Профсоюза"})
        progress(80)
    return blocks


def plain_text(blocks: list[dict]) -> str:
    """The report as plain text, one block a line (for search and tests)."""
    out = []
    for block in blocks:
        if block["kind"] == "list":
            out += [f"- {item}" for item in block["items"]]
        elif block["kind"] == "page":
            lead = f"{block['lead']} — " if block["lead"] else ""
            out.append(f"{lead}{block['label']}: {block['url']} {block['text']}".strip())
        else:
            out.append(block["text"])
    return "\n".join(out)


# --- The job: one write path -----------------------------------------------------------------


def report_request(
    *, user: User, region: Region, start: datetime.date, end: datetime.date
) -> ReportJob:
    """Create a report job; the caller enqueues it after the commit."""
    if start > end:
        raise ValueError("the period ends before it starts")
    return ReportJob.objects.create(
        region=region, period_start=start, period_end=end, requested_by=user
    )


def _set(job_id: int, **fields) -> None:
    """Record progress; every write is also the job's sign of life."""
    ReportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def report_generate(*, job_id: int) -> str:
    """Write the report of a job: text, then DOCX; progress on the way.

    Safe to deliver twice: a job is taken by a conditional update only while
    it is queued, or running with a silent worker (`jobs.take`); a second
    delivery of the task finds nothing to take.
    """
    from .docx import report_docx

    job = jobs.take(job_id)
    if job is None:
        return "skipped"
    try:
        progress = lambda percent: _set(job_id, progress=percent)  # noqa: E731
        if job.region_id is None:  # the whole union's (the monthly one)
            blocks = build_union_report(
                start=job.period_start, end=job.period_end, progress=progress
            )
        else:
            blocks = build_report(
                region=job.region, start=job.period_start, end=job.period_end, progress=progress
            )
        content = report_docx(blocks)
        _set(job_id, progress=90)
        with transaction.atomic():
            job.file.save(f"{job.uuid}.docx", ContentFile(content), save=False)
            _set(
                job_id,
                file=job.file.name,
                content=blocks,
                status=ReportJob.Status.DONE,
                progress=100,
                finished_at=timezone.now(),
            )
            # The monthly report is announced with its being done, or not at all.
            monthly.monthly_report_announce(job=job)
    except Exception as exc:
        logger.exception("report job %s failed", job_id)
        try:
            _set(
                job_id,
                status=ReportJob.Status.FAILED,
                error=str(exc)[:2000],
                finished_at=timezone.now(),
            )
        except Exception:
            # The database itself failed: the job stays "running" without a
            # sign of life, and the sweep re-queues or fails it.
            logger.exception("report job %s: its failure could not be recorded", job_id)
        return "failed"
    return "done"
