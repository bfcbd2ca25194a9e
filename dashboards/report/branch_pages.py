"""The branches' pages: how many branches are on which network, and a paragraph
per page with its figures, the audit's verdict and its recommendation."""

from __future__ import annotations

from portal.russian import number, plural

from .blocks import para
from .pages import PageLine
from .words import (
    Platform,
    day_text,
    followers_text,
    join_words,
    members_text,
    page_kind,
    short_day,
)


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


def _networks(branch_lines: list[PageLine]) -> str:
    """«Проведённый анализ … 3 филиалов показал, что 2 имеют страницы в Facebook, …»."""
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
    return text + join_words(found) + ":"


def section(lines: list[PageLine]) -> list[dict]:
    """The branches' pages: on which networks, then a paragraph per page."""
    branch_lines = [line for line in lines if line.page.branch_id]
    if not branch_lines:
        return [para("Страниц филиалов в социальных сетях в портале не учтено.")]
    blocks = [para(_networks(branch_lines))]
    previous = None
    for line in branch_lines:
        block = _page_paragraph(line)
        if line.page.branch_id == previous:
            block["lead"] = ""  # a second page of the same branch follows the first
        previous = line.page.branch_id
        blocks.append(block)
    return blocks
