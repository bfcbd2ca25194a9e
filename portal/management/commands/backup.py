from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.infrastructure import backup


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) with the database, every uploaded file and a manifest "
        "into BACKUP_DIR, and keep the newest BACKUP_KEEP (what the beat does every night)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=None, help="Instead of BACKUP_DIR.")
        parser.add_argument("--keep", type=int, default=None, help="Instead of BACKUP_KEEP.")

    def handle(self, *args, folder=None, keep=None, **options):
        folder = folder or settings.BACKUP_DIR
        keep = settings.BACKUP_KEEP if keep is None else keep
        try:
            archive = backup.create(folder=folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        pruned = backup.prune(folder=folder, keep=keep) if keep > 0 else []
        self.stdout.write(f"Резервная копия: {archive} (удалено старых: {len(pruned)}).")
