"""«Выводы и предложения»: the conclusions, one function per paragraph, each
drawn from the figures the sections gathered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from branches.models import PageAudit
from portal.models import Region
from portal.russian import number, plural

from .blocks import heading, para
from .pages import PageLine
from .plan import PlanTotals
from .words import join_words

Verdict = PageAudit.Verdict


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


def section(
    region: Region,
    lines: list[PageLine],
    growth: int | None,
    plan: PlanTotals,
    submissions: tuple[int, int] | None,
) -> list[dict]:
    findings = Findings(region, lines, growth, plan, submissions)
    blocks: list[dict] = [heading("Выводы и предложения")]
    for conclusion in CONCLUSIONS:
        text = conclusion(findings)
        if text is not None:
            blocks.append(para(text))
    return blocks
