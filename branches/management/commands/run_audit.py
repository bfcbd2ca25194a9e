from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from branches import services


class Command(BaseCommand):
    help = "Audit every social page as of a date (the weekly task's code)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD; today by default")

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"Неверная дата «{as_of}»: нужен формат ГГГГ-ММ-ДД.") from None
        run = services.audit_run(as_of=day)
        self.stdout.write(
            f"Аудит на {day:%d.%m.%Y}: страниц — {run.audited}, ухудшилось — {len(run.worse)}."
        )
