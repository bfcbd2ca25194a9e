"""Import of primary organisations from CSV/XLSX: preview, errors, all or nothing."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.models import PrimaryOrganisation

IMPORT = reverse("portal:organisation_import")
CONFIRM = reverse("portal:organisation_import_confirm")


def csv_file(text: str, *, name="list.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, name="list.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue())


def snapshot():
    return sorted(PrimaryOrganisation.objects.values_list("branch_id", "name", "kind", "members"))


@pytest.fixture
def press(world, client_for):
    return client_for(world.users["press"])


def test_a_correct_file_is_previewed_then_saved(world, press):
    upload = csv_file(
        "Филиал;Организация;Тип;Членов профсоюза\n"
        "г. Усть-Каменогорск;Детский сад № 5;детский сад;18\n"
        "г. Риддер;Колледж № 2;колледж;1 204\n"
        "г. Усть-Каменогорск;Школа-лицей № 1;школа;130\n",
        encoding="cp1251",
    )
    before = snapshot()
    response = press.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.valid
    assert (preview.count_create, preview.count_update, preview.count_same) == (2, 1, 0)
    assert snapshot() == before, "the preview must not save anything"

    response = press.post(CONFIRM, {"token": preview.token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:organisation_list")
    assert "добавлено — 2, обновлено — 1" in response.content.decode()
    assert PrimaryOrganisation.objects.get(name="Колледж № 2").members == 1204
    world.organisation.refresh_from_db()
    assert world.organisation.members == 130
    # The preview is used up: confirming again saves nothing more.
    response = press.post(CONFIRM, {"token": preview.token})
    assert response.status_code == 302
    assert PrimaryOrganisation.objects.filter(name="Колледж № 2").count() == 1


def test_a_file_with_bad_rows_saves_nothing(world, press):
    upload = xlsx_file(
        [
            ["Филиал", "Организация", "Тип", "Членов профсоюза"],
            ["г. Усть-Каменогорск", "Школа № 40", "школа", 55],
            ["г. Экибастуз", "Школа № 41", "школа", 20],  # another region's branch
            ["г. Риддер", "", "школа", 20],
            ["г. Риддер", "Школа № 42", "завод", 20],
            ["г. Риддер", "Школа № 43", "школа", -3],
            ["г. Усть-Каменогорск", "школа № 40", "школа", 60],  # the same as line 2
        ]
    )
    before = snapshot()
    response = press.post(IMPORT, {"file": upload})
    preview = response.context["preview"]
    assert not preview.valid
    errors = {row.line: " ".join(row.errors) for row in preview.rows if row.errors}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "В этом регионе нет филиала «г. Экибастуз»" in errors[3]
    assert "строке 2" in errors[7]
    assert not preview.token
    assert "import-errors" in response.content.decode()
    # Nothing waits for confirmation, and nothing was saved.
    response = press.post(CONFIRM, {"token": "guessed"})
    assert response.status_code == 302
    assert snapshot() == before


def test_a_stale_preview_is_refused_whole(world, press):
    upload = csv_file(
        "Филиал,Организация,Тип,Членов профсоюза\n"
        "г. Риддер,Школа № 50,школа,30\n"
        "г. Усть-Каменогорск,Школа № 51,школа,30\n"
    )
    preview = press.post(IMPORT, {"file": upload}).context["preview"]
    world.branch2.name = "Риддерский городской филиал"
    world.branch2.save()
    before = snapshot()
    response = press.post(CONFIRM, {"token": preview.token}, follow=True)
    assert "ничего не сохранено" in response.content.decode()
    assert snapshot() == before


def test_export_imports_back_unchanged(world, press):
    response = press.get(reverse("portal:organisation_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    exported = SimpleUploadedFile("export.xlsx", response.content)
    preview = press.post(IMPORT, {"file": exported}).context["preview"]
    assert preview.valid
    assert preview.count_same == 2 and preview.count_create == preview.count_update == 0


def _zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return output.getvalue()


def _not_a_workbook() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "ни текстом CSV, ни книгой XLSX"),
        ("bomb.xlsx", _zip_bomb(), "больше 50 МБ"),
        ("letter.xlsx", _not_a_workbook(), "не является книгой Excel"),
        ("broken.xlsx", b"PK\x03\x04 broken", "повреждён"),
        ("empty.csv", b"   \n", "пуст"),
        ("big.csv", b"a;b\n" * (1_400_000), "больше 5 МБ"),
        (
            "head.csv",
            "Филиал;Организация\nг. Риддер;Школа\n".encode(),
            "не хватает столбцов: тип, членов профсоюза",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason(world, press, name, content, message):
    before = snapshot()
    response = press.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("invalid-feedback") - 200 :][:600]
    assert response.context["preview"] is None or not response.context["preview"].valid
    assert snapshot() == before


def test_chair_and_central_may_not_import(world, client_for):
    for role in ("chair", "central"):
        client = client_for(world.users[role])
        upload = csv_file("Филиал;Организация;Тип;Членов профсоюза\nг. Риддер;Школа;школа;5\n")
        assert client.post(IMPORT, {"file": upload}).status_code == 404


def test_the_export_holds_only_what_the_user_sees(world, client_for):
    response = client_for(world.users["chair"]).get(reverse("portal:organisation_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Область", "Филиал", "Организация", "Тип", "Членов профсоюза")
    assert rows[1:] == [
        ("Восточно-Казахстанская область", "г. Усть-Каменогорск", "Школа-лицей № 1", "школа", 120)
    ]
