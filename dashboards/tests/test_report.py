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

from branches.models import PageAudit, SocialPage
from dashboards import report
from dashboards.models import ReportJob
from dashboards.tasks import generate_report_task
from portal.models import Region
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
    text = report.plain_text(report.build_report(region=seeded, start=START, end=END))
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
    blocks = report.build_report(region=seeded, start=START, end=END)
    paragraphs = {block["url"]: block for block in blocks if block["kind"] == "page"}
    pages = audited_branch_pages(seeded)
    assert len(pages) == 11
    for page, verdict in pages:
        assert f"Оценка: {verdict}" in paragraphs[page.url]["text"], page
    verdicts = {verdict for _page, verdict in pages}
    assert verdicts == {"активная", "нерегулярная", "спящая", "заброшенная"}


def test_conclusions_follow_the_figures(seeded):
    text = report.plain_text(report.build_report(region=seeded, start=START, end=END))
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
    text = report.plain_text(report.build_report(region=seeded, start=START, end=END))
    assert "заброшены" not in text and "закрыть" not in text


def test_russian_numbers():
    assert report.number(31208) == "31 208"
    assert report.followers_text(6200) == "6,2 тыс. подписчиков"
    assert report.followers_text(10_040) == "10 тыс. подписчиков"
    assert report.followers_text(1) == "1 подписчик"
    assert report.followers_text(433) == "433 подписчика"
    assert report.plural(11, "a", "b", "c") == "c"
    assert report.plural(22, "a", "b", "c") == "b"


def run_job(region, user) -> ReportJob:
    job = report.report_request(user=user, region=region, start=START, end=END)
    assert report.report_generate(job_id=job.pk) == "done"
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
    assert report.report_generate(job_id=job.pk) == "skipped"


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
    report.report_generate(job_id=job.pk)
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
    job = report.report_request(user=None, region=region, start=START, end=END)
    result = generate_report_task.apply_async(args=[job.pk], queue=celery_worker.queue)
    assert result.get(timeout=120) == "done"
    job.refresh_from_db()
    assert job.status == "done"
    text = "\n".join(p.text for p in Document(job.file.path).paragraphs)
    assert "31 208" in text
