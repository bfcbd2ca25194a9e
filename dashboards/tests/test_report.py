"""The report («Справка») the portal writes: its text from the seeded region's data,
the DOCX read back, the job with its progress, and who may fetch it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from docx import Document

from branches.models import PageAudit, PageSnapshot, SocialPage
from dashboards.models import ReportJob
from dashboards.report.blocks import plain_text
from dashboards.report.conclusions import section as conclusions_section
from dashboards.report.generate import report_generate, report_request
from dashboards.report.pages import PageLine
from dashboards.report.plan import PlanTotals
from dashboards.report.regional import build_report
from dashboards.report.words import followers_text
from dashboards.tasks import generate_report_task
from portal.models import Region
from portal.russian import number, plural
from portal.seed import REGION_NAME

START, END = datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)


@pytest.fixture
def seeded(db):
    call_command("load_seed", stdout=io.StringIO())
    return Region.objects.get(name=REGION_NAME)


def audited_branch_pages(region):
    pages = SocialPage.objects.filter(region=region, branch__isnull=False).select_related("branch")
    with translation.override("ru"):
        return [
            (page, str(page.audits.order_by("-as_of").first().get_verdict_display()))
            for page in pages
        ]


def test_the_report_carries_the_regions_real_figures(seeded):
    text = plain_text(build_report(region=seeded, start=START, end=END))
    assert text.startswith("СПРАВКА\nоб организации информационной работы в ОО «Локальный")
    assert "545 первичных профсоюзных организаций и 13 филиалов" in text
    assert "31 208 членов профсоюза" in text
    assert "6,2 тыс. подписчиков" in text
    assert "Instagram (714 подписчиков)" in text
    for line in ("в 2023 году: 92 материала;", "в 2024 году: 173 материала;"):
        assert line in text
    assert "за 11 месяцев 2025 года: 163 материала." in text
    assert "Анар Зайсанбаева" in text and "отсутствует" in text
    assert "«Лениногорская правда»" in text and "«Samar tynysy»" in text
    assert "13 информационных бюллетеней" in text and "«В помощь профактиву»" in text


def test_every_audited_branch_page_is_in_the_report_with_its_verdict(seeded):
    blocks = build_report(region=seeded, start=START, end=END)
    paragraphs = {block["url"]: block for block in blocks if block["kind"] == "page"}
    pages = audited_branch_pages(seeded)
    assert len(pages) == 11
    for page, verdict in pages:
        assert f"Оценка: {verdict}" in paragraphs[page.url]["text"], page
    verdicts = {verdict for _page, verdict in pages}
    assert verdicts == {"активная", "нерегулярная", "спящая", "заброшенная"}


def test_conclusions_follow_the_figures(seeded):
    text = plain_text(build_report(region=seeded, start=START, end=END))
    counts = {
        verdict: PageAudit.objects.filter(page__branch__isnull=False, verdict=verdict).count()
        for verdict in PageAudit.Verdict.values
    }
    assert f"Из 11 проверенных страниц филиалов {counts['active']} ведутся активно" in text
    assert f"{counts['abandoned']} заброшены" in text
    assert "В большинстве филиалов работа ведётся нерегулярно" in text
    # No plan in the portal for the period, and the report says so instead of a figure.
    assert "Контент-план в портале за период не вёлся" in text
    # Once a branch page closes, the figures and the sentence change with it.
    abandoned = PageAudit.objects.filter(
        page__branch__isnull=False, verdict="abandoned"
    ).values_list("page", flat=True)
    SocialPage.objects.filter(pk__in=abandoned).update(lifecycle=SocialPage.Lifecycle.CLOSED)
    text = plain_text(build_report(region=seeded, start=START, end=END))
    assert "заброшены" not in text and "закрыть" not in text


def test_russian_numbers():
    assert number(31208) == "31 208"
    assert followers_text(6200) == "6,2 тыс. подписчиков"
    assert followers_text(10_040) == "10 тыс. подписчиков"
    assert followers_text(1) == "1 подписчик"
    assert followers_text(433) == "433 подписчика"
    assert plural(11, "a", "b", "c") == "c"
    assert plural(22, "a", "b", "c") == "b"


def run_job(region, user) -> ReportJob:
    job = report_request(user=user, region=region, start=START, end=END)
    assert report_generate(job_id=job.pk) == "done"
    return ReportJob.objects.get(pk=job.pk)


def test_the_job_writes_a_docx_that_reads_back(seeded, settings, tmp_path):
    job = run_job(seeded, None)
    assert (job.status, job.progress) == ("done", 100)
    assert job.file.name == f"reports/{job.uuid}.docx"
    document = Document(job.file.path)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert document.paragraphs[0].text == "СПРАВКА"
    for figure in ("545", "31 208", "6,2 тыс.", "714", "92 материала", "173", "163"):
        assert figure in text
    for page, verdict in audited_branch_pages(seeded):
        line = next(p.text for p in document.paragraphs if page.url in p.text)
        assert f"Оценка: {verdict}" in line
    # A second run of the same task changes nothing.
    assert report_generate(job_id=job.pk) == "skipped"


def test_download_and_print_are_scoped(seeded, client_for, world):
    from portal.tests.factories import UserFactory

    job = run_job(seeded, None)
    press = UserFactory(username="press-vko", role="press", region=seeded)
    client = client_for(press)
    response = client.get(reverse("dashboards:report_download", args=[job.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "545" in "\n".join(p.text for p in document.paragraphs)
    printable = client.get(reverse("dashboards:report_print", args=[job.pk]))
    assert "31 208 членов профсоюза" in printable.content.decode()
    for role in ("press", "chair"):  # the world's press works in another region
        other = client_for(world.users[role])
        assert other.get(reverse("dashboards:report_download", args=[job.pk])).status_code == 404
        assert other.get(reverse("dashboards:report_print", args=[job.pk])).status_code == 404
    central = client_for(world.users["central"])
    assert central.get(reverse("dashboards:report_download", args=[job.pk])).status_code == 200


def test_starting_a_report_creates_a_job_and_enqueues_it_after_commit(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.users["press"])
    address = reverse("dashboards:report_start", args=[world.region.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(address, {"start": "2025-01-01", "end": "2025-12-31"})
    job = ReportJob.objects.get()
    assert response.url == reverse("dashboards:report_detail", args=[job.pk])
    assert (job.region, job.status, job.requested_by) == (
        world.region,
        "queued",
        world.users["press"],
    )
    assert len(callbacks) == 1
    status = client.get(reverse("dashboards:report_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in status
    report_generate(job_id=job.pk)
    status = client.get(reverse("dashboards:report_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in status and "download.docx" in status
    # The period must be in order; another region is out of scope.
    bad = client.post(address, {"start": "2025-12-31", "end": "2025-01-01"})
    assert bad.status_code == 400
    other = reverse("dashboards:report_start", args=[world.other_region.pk])
    assert client.post(other, {"start": "2025-01-01", "end": "2025-12-31"}).status_code == 404
    assert ReportJob.objects.count() == 1


@pytest.fixture
def shared_media(settings, monkeypatch):
    """The worker process writes into the test's MEDIA_ROOT too."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.celery_worker
def test_the_report_on_a_real_worker(shared_media, celery_worker):
    call_command("load_seed", stdout=io.StringIO())
    region = Region.objects.get(name=REGION_NAME)
    job = report_request(user=None, region=region, start=START, end=END)
    result = generate_report_task.apply_async(args=[job.pk], queue=celery_worker.queue)
    assert result.get(timeout=120) == "done"
    job.refresh_from_db()
    assert job.status == "done"
    text = "\n".join(p.text for p in Document(job.file.path).paragraphs)
    assert "31 208" in text


# --- The conclusions, word for word ------------------------------------------------------

SEEDED_CONCLUSIONS = [
    "Из 11 проверенных страниц филиалов 2 ведутся активно, 4 ведутся нерегулярно, "
    "1 «спит» и 4 заброшены.",
    "В большинстве филиалов работа ведётся нерегулярно или не ведётся вовсе, "
    "системная подача материала отсутствует.",
    "Репосты составляют 23 % публикаций на страницах филиалов.",
    "Слабое визуальное оформление (оценка 2 из 5 и ниже) отмечено на 3 страницах: "
    "требуется повышение качества фотографий и выстраивание единого стиля.",
    "Динамику подписчиков страниц областной организации оценить нельзя: "
    "замеров за 90 дней до конца периода нет.",
    "Информационная работа ведётся сотрудником, для которого она не является основной "
    "обязанностью и выступает дополнительной нагрузкой; отсюда нерегулярность публикаций "
    "и слабая визуальная подача.",
    "Контент-план в портале за период не вёлся: предлагается утвердить ежемесячный "
    "контент-план с постоянными рубриками (прямые эфиры, освещение мероприятий, полезные "
    "советы, правовые разъяснения, ответы на частые вопросы).",
    "Материалы от филиалов через портал за период не поступали.",
    "По итогам аудита предлагается закрыть 4 страницы филиалов и перевести 5 страниц "
    "в поставщиков материалов для страницы областной организации, определив основным "
    "каналом коммуникации страницу областной организации Профсоюза.",
]


def conclusions(blocks: list[dict]) -> list[str]:
    """The paragraphs under «Выводы и предложения» (up to the signature, if any)."""
    start = blocks.index({"kind": "heading", "text": "Выводы и предложения"})
    body = blocks[start + 1 :]
    if body and body[-1]["kind"] == "signature":
        body = body[:-1]
    assert all(block["kind"] == "p" for block in body)
    return [block["text"] for block in body]


def test_the_seeded_regions_conclusions_word_for_word(seeded):
    """Every paragraph of the conclusions is pinned, so that a change in how they
    are put together cannot change a word of them."""
    blocks = build_report(region=seeded, start=START, end=END)
    assert conclusions(blocks) == SEEDED_CONCLUSIONS


def line(branch_id, verdict="", recommendation="keep", posts=0, reposts=0, foreign=0, visuals=None):
    """A page of the report built in memory: its latest audit and measurement."""
    audit = PageAudit(verdict=verdict, recommendation=recommendation) if verdict else None
    snapshot = PageSnapshot(
        posts_30d=posts,
        reposts=reposts,
        own_posts=posts - reposts - foreign,
        visual_quality=visuals,
    )
    return PageLine(page=SocialPage(branch_id=branch_id), audit=audit, snapshot=snapshot)


CONCLUSION_CASES = {
    "all well": (
        Region(has_press_staff=True),
        [
            line(None, "active", posts=30, reposts=3, visuals=5),
            line(1, "active", posts=12, reposts=2, visuals=4),
            line(2, "active", posts=9, visuals=3),
        ],
        21,
        PlanTotals(
            planned=24, due=20, published=17, missed=3, own=12, featured_branches=13, branches=13
        ),
        (5, 4),
        [
            "Из 2 проверенных страниц филиалов 2 ведутся активно.",
            "Все проверенные страницы филиалов ведутся активно.",
            "Репосты составляют 10 % публикаций на страницах филиалов.",
            "Страницы областной организации растут: за 90 дней прибавился 21 подписчик.",
            "Контент-план за период выполнен на 85 %: опубликовано 17 из 20 публикаций, "
            "срок которых наступил, пропущены 3. Собственные материалы — 71 % опубликованного.",
            "Каждый филиал хотя бы раз стал темой публикации по плану.",
            "Филиалы направили через портал 5 материалов, принято 4.",
        ],
    ),
    "half in trouble": (
        Region(has_press_staff=False),
        [
            line(1, "active", posts=10, reposts=8, foreign=1, visuals=2),
            line(2, "irregular", "merge", posts=4, reposts=3, foreign=3, visuals=1),
            line(3, "dormant", "close", posts=1, foreign=1),
            line(4, "active", posts=6, reposts=4, foreign=2, visuals=4),
            line(5),
        ],
        -1,
        PlanTotals(planned=8, due=0, published=0, missed=0, own=0, featured_branches=1, branches=3),
        (0, 0),
        [
            "Из 4 проверенных страниц филиалов 2 ведутся активно, 1 ведётся нерегулярно "
            "и 1 «спит».",
            "Проблемы выявлены на 2 из 4 страниц.",
            "Репосты составляют 71 % публикаций на страницах филиалов: преобладают материалы, "
            "которые не формируют собственную локальную повестку. Ещё 33 % публикаций "
            "не связаны с профсоюзом.",
            "Слабое визуальное оформление (оценка 2 из 5 и ниже) отмечено на 2 страницах: "
            "требуется повышение качества фотографий и выстраивание единого стиля.",
            "Страницы областной организации теряют аудиторию: за 90 дней убыл 1 подписчик.",
            SEEDED_CONCLUSIONS[5],
            "Контент-план за период выполнен на 0 %: опубликовано 0 из 8 публикаций, "
            "срок которых наступил.",
            "Локальная повестка представлена неполно: 2 из 3 филиалов ни разу не стали темой "
            "запланированной публикации.",
            "Материалы от филиалов через портал за период не поступали.",
            "По итогам аудита предлагается закрыть 1 страницу филиалов и перевести 1 страницу "
            "в поставщиков материалов для страницы областной организации, определив основным "
            "каналом коммуникации страницу областной организации Профсоюза.",
        ],
    ),
    "nothing to judge": (
        Region(has_press_staff=True),
        [],
        0,
        PlanTotals(planned=1, due=1, published=1, missed=0, own=1, featured_branches=0, branches=0),
        None,
        [
            "Число подписчиков страниц областной организации за 90 дней не изменилось.",
            "Контент-план за период выполнен на 100 %: опубликована 1 из 1 публикации, "
            "срок которой наступил. Собственные материалы — 100 % опубликованного.",
        ],
    ),
}


@pytest.mark.parametrize("case", CONCLUSION_CASES)
def test_conclusions_word_for_word(case):
    region, lines, growth, plan, submissions, expected = CONCLUSION_CASES[case]
    assert conclusions(conclusions_section(region, lines, growth, plan, submissions)) == expected
