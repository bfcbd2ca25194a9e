"""The «Справка»'s section «Охват и вовлечённость»: the hook `report.reach.reach_of`
(region, month → figures or None) is where the lead wires the reach selectors
in (issue 30); the report draws whatever it returns.

The selectors are not merged, so these tests put a function returning fixed
figures in the hook's place, as the lead's will stand there, and check that
the section is written, agrees in Russian, and is drawn by the printable page
(under ru, kk and en) and the DOCX; and that without figures it is left out.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from docx import Document

from dashboards.models import ReportJob
from dashboards.report import reach as report_reach
from dashboards.report.blocks import plain_text
from dashboards.report.generate import report_generate, report_request
from dashboards.report.regional import build_report
from dashboards.report.union import build_union_report
from dashboards.tests.test_report_agreement import agreement_errors

OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
START, END = datetime.date(2026, 9, 1), datetime.date(2026, 11, 30)


def reach_in(figures: dict[datetime.date, report_reach.Reach]):
    """A hook answering `figures` for the world's region and None for the rest."""
    seen = []

    def reach_of(*, region, month):
        seen.append((region.pk, month))
        return figures.get(month)

    reach_of.seen = seen
    return reach_of


def test_without_reach_figures_the_section_is_left_out(world):
    assert report_reach.reach_of(region=world.region, month=NOVEMBER) is None  # nothing measured
    text = plain_text(build_report(region=world.region, start=START, end=END))
    assert "Охват" not in text


def test_the_hook_adds_up_the_measured_posts_of_the_month(world):
    """The region's measured posts of November, its October for the change; an
    unmeasured post and another region's post count nowhere."""
    from datetime import datetime

    from django.utils import timezone

    from contentplan.tests.factories import RubricFactory
    from reach.tests.test_selectors import measured, ours, page_of

    zone = timezone.get_current_timezone()
    page = page_of(world.region)
    elsewhere = page_of(world.other_region)
    measured(
        page, "n1", datetime(2026, 11, 3, 18, tzinfo=zone), (1, {"reach": 900, "interactions": 40})
    )
    measured(page, "n2", datetime(2026, 11, 20, 9, tzinfo=zone), (1, {"reach": 300}))
    measured(page, "n3", datetime(2026, 11, 25, 9, tzinfo=zone))  # not measured yet
    measured(
        page, "o1", datetime(2026, 10, 10, 9, tzinfo=zone), (7, {"reach": 1000, "interactions": 5})
    )
    measured(elsewhere, "x1", datetime(2026, 11, 5, 9, tzinfo=zone), (1, {"reach": 50000}))

    assert report_reach.reach_of(region=world.region, month=NOVEMBER) == report_reach.Reach(
        reach=1200, engagement=40, posts=2, previous_reach=1000
    )
    assert report_reach.reach_of(region=world.region, month=OCTOBER) == report_reach.Reach(
        reach=1000, engagement=5, posts=1, previous_reach=None
    )
    rubric = RubricFactory(name="Правовые разъяснения")
    ours(page, "n1", rubric, world.region, title="Доплата за классное руководство")
    text = plain_text(build_report(region=world.region, start=START, end=END))
    assert "Охват и вовлечённость" in text
    assert "охватили 1 200 аккаунтов (охват измерен у 2 публикаций)" in text
    assert "охват вырос на 20 %" in text
    assert (
        "Больше всего охватили публикации рубрики «Правовые разъяснения» "
        "(медианный охват 900, 1 публикация)." in text
    )
    assert (
        "Самая охватная публикация: «Доплата за классное руководство» "
        "(3 ноября 2026 года, 900 аккаунтов)." in text
    )
    assert (
        "За 12 месяцев (с декабря 2025 года по ноябрь 2026 года) публикации областной "
        "организации охватили 2 200 аккаунтов (охват измерен у 3 публикаций)." in text
    )
    assert not agreement_errors(text)


@pytest.mark.parametrize(
    ("figures", "sentence"),
    [
        (
            report_reach.Reach(reach=31208, engagement=1204, posts=12, previous_reach=27865),
            "В ноябре 2026 года публикации областной организации охватили 31 208 аккаунтов "
            "(охват измерен у 12 публикаций); вовлечённость — 1 204 действия (реакции, "
            "комментарии, репосты и сохранения), или 3,9 % охвата. По сравнению с "
            "предыдущим месяцем охват вырос на 12 %.",
        ),
        (
            report_reach.Reach(reach=21, engagement=1, posts=1, previous_reach=42),
            "В ноябре 2026 года публикации областной организации охватили 21 аккаунт "
            "(охват измерен у 1 публикации); вовлечённость — 1 действие (реакции, "
            "комментарии, репосты и сохранения), или 4,8 % охвата. По сравнению с "
            "предыдущим месяцем охват снизился на 50 %.",
        ),
        (
            report_reach.Reach(reach=0, engagement=0, posts=22),
            "В ноябре 2026 года публикации областной организации охватили 0 аккаунтов "
            "(охват измерен у 22 публикаций); вовлечённость — 0 действий (реакции, "
            "комментарии, репосты и сохранения).",
        ),
    ],
)
def test_the_hooks_figures_make_the_section(world, monkeypatch, figures, sentence):
    hook = reach_in({NOVEMBER: figures})
    monkeypatch.setattr(report_reach, "reach_of", hook)
    blocks = build_report(region=world.region, start=START, end=END)
    # Asked once per month of the period, for the report's region.
    assert hook.seen == [(world.region.pk, datetime.date(2026, m, 1)) for m in (9, 10, 11)]
    at = blocks.index({"kind": "heading", "text": "Охват и вовлечённость"})
    reach = blocks[at + 1]
    assert (reach["kind"], reach["month"]) == ("reach", "2026-11")
    assert reach["caption"] == "Ноябрь 2026 года"
    assert reach["text"] == sentence
    assert reach["rows"][0] == ["Охват", sentence.split("охватили ")[1].split(" (")[0]]
    # Before the conclusions, and only the months with figures.
    assert blocks[at + 2] == {"kind": "heading", "text": "Выводы и предложения"}
    assert agreement_errors(plain_text(blocks)) == []


def test_the_printable_page_and_the_docx_draw_the_section(world, monkeypatch, client_for, settings):
    monkeypatch.setattr(
        report_reach,
        "reach_of",
        reach_in(
            {
                OCTOBER: report_reach.Reach(reach=27865, engagement=990, posts=10),
                NOVEMBER: report_reach.Reach(
                    reach=31208, engagement=1204, posts=12, previous_reach=27865
                ),
            }
        ),
    )
    job = report_request(user=None, region=world.region, start=START, end=END)
    assert report_generate(job_id=job.pk) == "done"
    job = ReportJob.objects.get(pk=job.pk)

    document = Document(job.file.path)
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs.index("Охват и вовлечённость") < paragraphs.index("Выводы и предложения")
    assert "Октябрь 2026 года" in paragraphs and "Ноябрь 2026 года" in paragraphs
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Охват", "31 208 аккаунтов"] in cells
    assert ["Изменение охвата к предыдущему месяцу", "+12 %"] in cells
    assert any(p.startswith("В октябре 2026 года публикации") for p in paragraphs)

    client = client_for(world.users["central"])
    for language in ("ru", "kk", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("dashboards:report_print", args=[job.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert html.count('data-testid="reach"') == 2
        assert "<td>1 204 действия</td>" in html
        assert "охват вырос на 12 %" in html


def test_the_unions_report_adds_up_each_regions_reach(world, monkeypatch):
    def reach_of(*, region, month):
        if region == world.region:
            return report_reach.Reach(reach=1000 * month.month, engagement=0, posts=1)
        return None  # the other region's reach is not measured

    monkeypatch.setattr(report_reach, "reach_of", reach_of)
    text = plain_text(build_union_report(start=START, end=END))
    line = next(line for line in text.splitlines() if world.region.short_name + ":" in line)
    # 9 000 + 10 000 + 11 000 over September to November
    assert line.rstrip(";.").endswith("; публикации охватили 30 000 аккаунтов")
    other = next(line for line in text.splitlines() if world.other_region.short_name + ":" in line)
    assert "охват" not in other
    assert agreement_errors(text) == []
