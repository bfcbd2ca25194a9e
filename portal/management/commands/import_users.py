"""Make people from a table (XLSX or CSV), the same check as the page
«Пользователи» (/users/import/): every row is checked first, and a file with
any error creates nobody.

    manage.py import_users people.xlsx --dry-run   # only check and show
    manage.py import_users people.xlsx             # check, then create all

Columns: E-mail, ФИО, Роль (press, leader, lawyer, chair, central), Область,
Филиал, Должность (see `portal/user_import.py`). Each new person gets a letter
with a link to choose a password, through the outbox; no password is taken.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from portal import services
from portal import user_import as user_table
from portal.infrastructure.tabular import TableError, read_table


class Command(BaseCommand):
    help = (
        "Create users from an XLSX or CSV file (all or nobody); each gets a link to "
        "choose a password. --dry-run only checks the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An XLSX or CSV file: E-mail, ФИО, Роль, Область, …")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and show it; create nobody."
        )

    def handle(self, *args, file: str, dry_run: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Нет файла {path}.")
        with path.open("rb") as handle:
            try:
                table = read_table(File(handle, name=path.name), refuse_formulas=True)
            except TableError as error:
                raise CommandError(f"Файл отклонён: {error}") from error
        preview = user_table.preview(table)
        for error in preview.errors:
            self.stderr.write(error)
        for row in preview.rows:
            scope = row.region or row.branch or "—"
            line = f"{row.line:>4}  {row.email}  {row.name or '—'}  {row.role}  {scope}"
            if row.errors:
                self.stderr.write(f"{line}\n      ошибка: {' '.join(row.errors)}")
            else:
                self.stdout.write(line)
        if not preview.valid:
            raise CommandError(
                "В файле есть ошибки; никто не создан. Исправьте файл и запустите снова."
            )
        if dry_run:
            self.stdout.write(
                f"Файл верен: будет создано пользователей — {len(preview.rows)}. "
                "Ничего не создано (--dry-run)."
            )
            return
        try:
            users = services.users_import_apply(data=[row.as_data() for row in preview.rows])
        except services.UsersImportRefused as refusal:
            raise CommandError("Данные изменились во время импорта; никто не создан.") from refusal
        self.stdout.write(
            f"Создано пользователей — {len(users)}; каждому отправлена ссылка для выбора "
            "пароля (через очередь писем)."
        )
