from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.infrastructure import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty database and an empty "
        "MEDIA_ROOT, checking every hash and the rows of every table."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Восстановлено из {archive}: таблиц {len(manifest['tables'])}, "
            f"файлов {len(manifest['files'])}, версия кода {manifest['version']}."
        )
