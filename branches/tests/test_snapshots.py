"""Recording measurements by hand and from files: validated, all or nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from branches.models import PageAudit, PageSnapshot

from .factories import SnapshotFactory, SocialPageFactory

IMPORT = reverse("branches:snapshot_import")
CONFIRM = reverse("branches:snapshot_import_confirm")


@pytest.fixture
def branch_page(world):
    return SocialPageFactory(branch=world.branch, url="https://www.facebook.com/groups/ust")


@pytest.fixture
def press(world, client_for):
    return client_for(world.users["press"])


def form_data(**values):
    today = timezone.localdate()
    data = {
        "measured_on": today.isoformat(),
        "followers": "120",
        "posts_30d": "10",
        "own_posts": "7",
        "reposts": "3",
        "last_own_post": (today - timedelta(days=1)).isoformat(),
        "visual_quality": "4",
        "note": "",
    }
    return {**data, **values}


def test_a_measurement_is_saved_and_audited_at_once(press, branch_page):
    url = reverse("branches:snapshot_create", args=[branch_page.pk])
    response = press.post(url, form_data(), follow=True)
    assert response.status_code == 200
    snapshot = PageSnapshot.objects.get(page=branch_page)
    assert snapshot.source == PageSnapshot.Source.MANUAL
    assert snapshot.entered_by.username == "press"
    audit = PageAudit.objects.get(page=branch_page)
    assert (audit.as_of, audit.verdict) == (timezone.localdate(), "active")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"posts_30d": "-1"}, "больше либо равно 0"),
        ({"measured_on": "2999-01-01", "last_own_post": ""}, "в будущем"),
        ({"own_posts": "8", "reposts": "3"}, "больше общего числа постов"),
        ({"last_own_post": "2999-01-01"}, "позже даты замера"),
        ({"visual_quality": "6"}, "меньше либо равно 5"),
    ],
)
def test_a_wrong_measurement_is_refused_and_nothing_saved(press, branch_page, values, message):
    url = reverse("branches:snapshot_create", args=[branch_page.pk])
    response = press.post(url, form_data(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PageSnapshot.objects.exists() and not PageAudit.objects.exists()


def test_a_second_measurement_on_the_same_date_is_refused(press, branch_page):
    SnapshotFactory(page=branch_page, measured_on=timezone.localdate())
    url = reverse("branches:snapshot_create", args=[branch_page.pk])
    response = press.post(url, form_data())
    assert response.status_code == 400
    assert "уже есть замер" in response.content.decode()
    assert PageSnapshot.objects.count() == 1


def csv_upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("m.csv", text.encode("utf-8"), content_type="text/csv")


HEADER = (
    "Адрес;Дата;Подписчики;Постов за 30 дней;Собственных;Репостов;"
    "Последний собственный пост;Визуал\n"
)


def test_a_file_of_measurements_is_previewed_then_saved(press, branch_page, world):
    other = SocialPageFactory(branch=world.branch2, url="https://instagram.com/ridder")
    upload = csv_upload(
        HEADER
        + "https://www.facebook.com/groups/ust/;01.11.2025;100;10;6;4;30.10.2025;3\n"
        + "https://instagram.com/ridder;2025-11-01;55;2;2;0;2025-09-01;\n"
    )
    preview = press.post(IMPORT, {"file": upload}).context["preview"]
    assert preview.valid, [row.errors for row in preview.rows]
    assert not PageSnapshot.objects.exists()
    response = press.post(CONFIRM, {"token": preview.token}, follow=True)
    assert "Сохранено замеров: 2." in response.content.decode()
    assert PageSnapshot.objects.filter(source="import").count() == 2
    verdicts = dict(PageAudit.objects.values_list("page_id", "verdict"))
    assert verdicts == {branch_page.pk: "active", other.pk: "dormant"}


def test_a_file_with_bad_rows_saves_nothing(press, branch_page, world):
    foreign = SocialPageFactory(branch=world.other_branch, url="https://facebook.com/ekibastuz")
    SnapshotFactory(page=branch_page, measured_on=date(2025, 10, 1))
    upload = csv_upload(
        HEADER
        + "https://www.facebook.com/groups/ust;01.11.2025;100;10;6;4;30.10.2025;3\n"  # fine
        + f"{foreign.url};01.11.2025;100;10;6;4;30.10.2025;3\n"  # another region's page
        + "https://www.facebook.com/groups/ust;01.10.2025;100;10;6;4;30.09.2025;3\n"  # exists
        + "https://www.facebook.com/groups/ust;02.11.2025;100;3;6;4;30.10.2025;3\n"  # 6+4 > 3
        + "https://www.facebook.com/groups/ust;03.11.2025;сто;10;6;4;31.02.2025;9\n"
        + "https://www.facebook.com/groups/ust;01.11.2025;100;10;6;4;30.10.2025;3\n"  # repeat
    )
    response = press.post(IMPORT, {"file": upload})
    preview = response.context["preview"]
    errors = {row.line: " ".join(row.errors) for row in preview.rows if row.errors}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "Нет страницы с адресом" in errors[3]
    assert "уже есть замер" in errors[4]
    assert "больше общего числа постов" in errors[5]
    assert (
        "«сто»" in errors[6] and "«31.02.2025» — не дата" in errors[6] and "от 1 до 5" in errors[6]
    )
    assert "строке 2" in errors[7]
    assert press.post(CONFIRM, {"token": "x"}).status_code == 302
    assert PageSnapshot.objects.count() == 1


def test_a_file_without_the_needed_columns_is_refused(press, branch_page):
    response = press.post(IMPORT, {"file": csv_upload("Адрес;Дата\nx;y\n")})
    assert "не хватает столбцов" in response.content.decode()
    assert not PageSnapshot.objects.exists()
