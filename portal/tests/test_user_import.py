"""People from a table: upload → preview with per-row errors → confirm; all or
nobody; the letters with a set-password link go through the outbox after the
commit; a bad file is refused whole, with its reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal import user_import
from portal.models import OutboxEmail, User
from portal.tests.factories import BranchFactory, UserFactory

IMPORT = reverse("portal:user_import")
CONFIRM = reverse("portal:user_import_confirm")
TEMPLATE = reverse("portal:user_import_template")
HEADER = ["E-mail", "ФИО", "Роль", "Область", "Филиал", "Должность"]


def csv_file(text: str, *, name="people.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_file(rows, *, name="people.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def people() -> list[tuple]:
    return sorted(User.objects.values_list("username", "email", "role", "region_id", "branch_id"))


@pytest.fixture
def admin(world, client_for):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    return client_for(user)


def good_rows(world) -> list[list[str]]:
    region = world.region.short_name
    return [
        HEADER,
        ["Aigul@Mail.kz", "Сапарова Айгуль Ерлановна", "press", region, "", ""],
        ["leader@mail.kz", "Омаров Ерлан", "руководитель", region, "", "Председатель"],
        ["lawyer@mail.kz", "Ким Ольга", "lawyer", region, "—", ""],
        ["chair.r@mail.kz", "Иванов Пётр", "chair", "", world.branch2.name, ""],
        ["cc@mail.kz", "Нурланова Дана", "ЦК", "", "", "Пресс-служба ЦК"],
    ]


def test_a_correct_file_is_previewed_then_everyone_is_made(
    world, admin, django_capture_on_commit_callbacks
):
    before = people()
    response = admin.post(IMPORT, {"file": xlsx_file(good_rows(world))})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.valid, [row.errors for row in preview.rows]
    assert len(preview.rows) == 5
    page = response.content.decode()
    assert "Файл верен: будет создано 5 пользователей." in page
    assert people() == before, "the preview must not save anything"
    assert not OutboxEmail.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin.post(CONFIRM, {"token": preview.token}, follow=True)
    assert "Создано 5 пользователей" in response.content.decode()
    made = {user.email: user for user in User.objects.filter(email__endswith="@mail.kz")}
    press = made["Aigul@mail.kz"]
    assert (press.role, press.region, press.is_leader) == ("press", world.region, False)
    assert (press.last_name, press.first_name) == ("Сапарова", "Айгуль Ерлановна")
    assert not press.has_usable_password()
    leader = made["leader@mail.kz"]
    assert (leader.role, leader.is_leader, leader.position) == ("press", True, "Председатель")
    lawyer = made["lawyer@mail.kz"]
    assert (lawyer.role, lawyer.position) == ("press", "Главный правовой инспектор")
    chair = made["chair.r@mail.kz"]
    assert (chair.role, chair.branch, chair.region) == ("chair", world.branch2, None)
    central = made["cc@mail.kz"]
    assert (central.role, central.region, central.branch) == ("central", None, None)
    # One letter each, with a link to choose a password, sent after the commit.
    letters = OutboxEmail.objects.filter(to__in=made)
    assert letters.count() == 5
    assert all("/accounts/password/reset/" in letter.body for letter in letters)
    assert callbacks, "the delivery is asked for once the transaction commits"
    # The preview is used up: confirming again makes nobody more.
    response = admin.post(CONFIRM, {"token": preview.token})
    assert response.status_code == 302
    assert User.objects.filter(email__in=made).count() == 5


def test_a_new_person_chooses_a_password_and_logs_in(world, admin, client):
    import re

    preview = admin.post(IMPORT, {"file": xlsx_file(good_rows(world)[:2])}).context["preview"]
    admin.post(CONFIRM, {"token": preview.token})
    letter = OutboxEmail.objects.get(to="Aigul@mail.kz")
    client.logout()
    link = re.search(r"https?://\S+(/accounts/password/reset/\S+/)", letter.body).group(1)
    response = client.get(link)
    response = client.post(
        response.url, {"new_password1": "Ust-Kamen-2026!", "new_password2": "Ust-Kamen-2026!"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("login"), {"username": "Aigul@mail.kz", "password": "Ust-Kamen-2026!"}
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:organisation_list")).status_code == 200


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "Без адреса", "press", "{region}", "", ""], "Не указан адрес e-mail"),
        (["not-an-address", "", "press", "{region}", "", ""], "не адрес e-mail"),
        (["a@x.kz", "", "admin", "{region}", "", ""], "Неизвестная роль «admin»"),
        (["a@x.kz", "", "", "{region}", "", ""], "Роль не указана"),
        (["a@x.kz", "", "press", "", "", ""], "нужна область"),
        (["a@x.kz", "", "leader", "Атлантида", "", ""], "Области «Атлантида» нет"),
        (["a@x.kz", "", "press", "{region}", "{branch}", ""], "только для председателя"),
        (["a@x.kz", "", "chair", "", "", ""], "Председателю филиала нужен филиал"),
        (["a@x.kz", "", "chair", "", "г. Нигде", ""], "Филиала «г. Нигде» нет"),
        (
            ["a@x.kz", "", "chair", "{region}", "{other_branch}", ""],
            "нет филиала «г. Экибастуз»",
        ),
        (["a@x.kz", "", "central", "{region}", "", ""], "оставьте область и филиал пустыми"),
        (["press@example.kz", "", "central", "", "", ""], "уже есть"),
        (["PRESS", "", "central", "", "", ""], "не адрес e-mail"),
        (["a@x.kz", "Я" * 151, "central", "", "", ""], "Имя длиннее 150 символов"),
        (["a@x.kz", "", "central", "", "", "Д" * 256], "Должность длиннее 255 символов"),
    ],
)
def test_a_bad_row_is_named_and_nobody_is_made(world, admin, row, message):
    world.users["press"].email = "press@example.kz"
    world.users["press"].save()
    values = {
        "region": world.region.short_name,
        "branch": world.branch.name,
        "other_branch": world.other_branch.name,
    }
    bad = [cell.format(**values) for cell in row]
    good = ["fine@example.kz", "Хороший Человек", "central", "", "", ""]
    before = people()
    response = admin.post(IMPORT, {"file": xlsx_file([HEADER, good, bad])})
    preview = response.context["preview"]
    assert not preview.valid and not preview.token
    errors = {row.line: " ".join(row.errors) for row in preview.rows if row.errors}
    assert list(errors) == [3], errors
    assert message in errors[3], errors[3]
    page = response.content.decode()
    assert "import-errors" in page and "import-ready" not in page
    assert admin.post(CONFIRM, {"token": "guessed"}).status_code == 302
    assert people() == before
    assert not OutboxEmail.objects.exists()


def test_duplicate_addresses_in_the_file_are_named(world, admin):
    rows = [
        HEADER,
        ["one@example.kz", "", "central", "", "", ""],
        ["two@example.kz", "", "central", "", "", ""],
        ["ONE@example.kz ", "", "central", "", "", ""],
    ]
    preview = admin.post(IMPORT, {"file": xlsx_file(rows)}).context["preview"]
    errors = {row.line: " ".join(row.errors) for row in preview.rows if row.errors}
    assert errors == {4: "Этот же адрес уже есть в строке 2."}


def test_a_branch_name_two_regions_share_needs_the_region(world, admin):
    BranchFactory(region=world.other_region, name=world.branch2.name)
    rows = [HEADER, ["c@example.kz", "", "chair", "", world.branch2.name, ""]]
    preview = admin.post(IMPORT, {"file": xlsx_file(rows)}).context["preview"]
    assert "укажите область" in " ".join(preview.rows[0].errors)
    rows[1][3] = world.region.name  # the full name of the region works too
    preview = admin.post(IMPORT, {"file": xlsx_file(rows)}).context["preview"]
    assert preview.valid


def test_someone_made_between_preview_and_confirm_stops_everything(world, admin):
    preview = admin.post(IMPORT, {"file": xlsx_file(good_rows(world))}).context["preview"]
    UserFactory(username="other", email="cc@mail.kz", role=User.Role.CENTRAL)
    before = people()
    response = admin.post(CONFIRM, {"token": preview.token}, follow=True)
    assert "никто не создан" in response.content.decode()
    assert people() == before
    assert not OutboxEmail.objects.exists()


def _formula_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["a@example.kz", "Имя", "central", "", "", ""])
    sheet["B2"] = '=HYPERLINK("http://evil.example/","Нажми")'
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _zip_bomb() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return output.getvalue()


def _rows_csv(count: int) -> bytes:
    lines = ["E-mail;Роль"] + [f"u{n}@example.kz;central" for n in range(count)]
    return "\n".join(lines).encode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "ни текстом CSV, ни книгой XLSX"),
        ("people.xlsx", b"PK\x03\x04 broken", "повреждён"),
        ("bomb.xlsx", _zip_bomb(), "больше 50 МБ"),
        ("big.csv", b"a;b\n" * 1_400_000, "больше 5 МБ"),
        ("many.csv", _rows_csv(501), "за один раз можно импортировать не больше 500"),
        ("empty.csv", b" \n", "пуст"),
        ("formula.xlsx", _formula_workbook(), "Ячейка B2 содержит формулу"),
        (
            "formula.csv",
            "E-mail;ФИО;Роль\na@example.kz;=1+2;central\n".encode(),
            "Ячейка B2 содержит формулу",
        ),
        (
            "injection.csv",
            "E-mail;ФИО;Роль\na@example.kz;@SUM(A1);central\n".encode(),
            "Ячейка B2",
        ),
        ("head.csv", "ФИО;Область\nИван;ВКО\n".encode(), "не хватает столбцов: e-mail, роль"),
        ("only-head.csv", "E-mail;Роль\n".encode(), "есть заголовок, но нет строк"),
    ],
)
def test_bad_files_are_refused_whole_with_a_reason(world, admin, name, content, message):
    before = people()
    response = admin.post(IMPORT, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page, page[page.find("invalid-feedback") - 200 :][:800]
    preview = response.context["preview"]
    assert preview is None or not preview.valid
    assert people() == before


def test_hostile_cells_are_shown_as_text_and_refused(world, admin):
    rows = [
        HEADER,
        ["<script>alert(1)</script>@x.kz", "<img src=x onerror=alert(1)>", "central", "", "", ""],
        ["a@x.kz\r\nBcc: all@x.kz", "Имя\u202eяим", "press", "ВКО\u200b", "", ""],
        ["b@x.kz", "x" * 10_000, "chair", "", "' OR 1=1 --", ""],
    ]
    import csv

    content = io.StringIO()
    csv.writer(content, delimiter=";").writerows(rows)
    response = admin.post(IMPORT, {"file": csv_file(content.getvalue())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    preview = response.context["preview"]
    assert not preview.valid
    assert all(row.errors for row in preview.rows)
    assert not User.objects.filter(email__startswith="b@").exists()


def test_only_the_administrator_imports(world, client_for):
    staff = UserFactory(username="staff", is_staff=True)
    client = client_for(staff)
    assert client.get(IMPORT).status_code == 404  # staff without «add user»
    staff.user_permissions.add(Permission.objects.get(codename="add_user"))
    staff = User.objects.get(pk=staff.pk)
    client = client_for(staff)
    assert client.get(IMPORT).status_code == 200
    for role in ("press", "chair", "central"):
        client = client_for(world.users[role])
        upload = csv_file("E-mail;Роль\nx@example.kz;central\n")
        assert client.post(IMPORT, {"file": upload}).status_code == 404
        assert client.get(TEMPLATE).status_code == 404


def test_the_preview_of_one_administrator_is_not_anothers(world, admin, client_for):
    preview = admin.post(IMPORT, {"file": xlsx_file(good_rows(world))}).context["preview"]
    other = client_for(UserFactory(username="root2", is_staff=True, is_superuser=True))
    other.post(CONFIRM, {"token": preview.token})
    assert not User.objects.filter(email="cc@mail.kz").exists()


def test_the_template_imports_once_filled_in(world, admin):
    response = admin.get(TEMPLATE)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert {row[2] for row in rows[1:]} == {"press", "leader", "lawyer", "chair", "central"}
    exported = SimpleUploadedFile("template.xlsx", response.content)
    preview = admin.post(IMPORT, {"file": exported}).context["preview"]
    assert preview.valid, [row.errors for row in preview.rows]
    assert len(preview.rows) == len(rows) - 1


def test_the_menu_shows_the_page_to_the_administrator_only(world, admin, client_for):
    assert IMPORT in admin.get(reverse("portal:home")).content.decode()
    press = client_for(world.users["press"])
    assert IMPORT not in press.get(reverse("portal:home")).content.decode()


# --- manage.py import_users ---------------------------------------------------


def _file(tmp_path, rows, name="people.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def test_the_command_checks_with_dry_run_then_creates(world, tmp_path, capsys):
    path = _file(tmp_path, good_rows(world))
    before = people()
    call_command("import_users", path, "--dry-run")
    out = capsys.readouterr().out
    assert "будет создано пользователей — 5" in out and "Ничего не создано" in out
    assert people() == before
    call_command("import_users", path)
    assert "Создано пользователей — 5" in capsys.readouterr().out
    assert User.objects.filter(email__endswith="@mail.kz").count() == 5
    assert OutboxEmail.objects.count() == 5


def test_the_command_refuses_a_file_with_errors(world, tmp_path, capsys):
    rows = [*good_rows(world), ["cc@mail.kz", "", "central", "", "", ""]]
    before = people()
    with pytest.raises(CommandError, match="никто не создан"):
        call_command("import_users", _file(tmp_path, rows))
    assert "строке 6" in capsys.readouterr().err
    assert people() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "Файл отклонён"),
        (_formula_workbook(), "Ячейка B2"),
    ],
)
def test_the_command_refuses_a_bad_file(world, tmp_path, content, message):
    path = tmp_path / "people.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_users", str(path))
    with pytest.raises(CommandError, match="Нет файла"):
        call_command("import_users", str(tmp_path / "missing.xlsx"))
    assert not OutboxEmail.objects.exists()


def test_role_words_name_only_roles_the_portal_has():
    assert set(user_import.ROLE_WORDS.values()) == {"press", "leader", "lawyer", "chair", "central"}
    assert {"press", "chair", "central"} <= set(User.Role.values)


def test_the_template_keeps_hostile_names_as_text(world, admin):
    """The template writes this installation's region and branch names through
    safe_cell (it is not an «export» the shared formula test finds)."""
    world.region.short_name = '=HYPERLINK("http://evil.example/","x")'
    world.region.save()
    world.branch.name = "+SUM(1,1) филиал"
    world.branch.save()
    workbook = load_workbook(io.BytesIO(admin.get(TEMPLATE).content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    planted = [cell for cell in cells if cell.value in {world.region.short_name, world.branch.name}]
    assert planted and all(cell.quotePrefix for cell in planted)
