import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contentplan import services


class Command(BaseCommand):
    help = (
        "Send the reminders about materials from branches (what the daily task does): "
        "materials waiting more than three days for review, branches that sent "
        "nothing this month by the 20th. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Act as if today were this date (YYYY-MM-DD), for testing."
        )

    def handle(self, *args, **options):
        try:
            today = (
                datetime.date.fromisoformat(options["today"])
                if options["today"]
                else timezone.localdate()
            )
        except ValueError:
            raise CommandError("--today: дата в виде ГГГГ-ММ-ДД, например 2026-03-20.") from None
        sent = services.reminders_submissions(today=today)
        self.stdout.write(
            "Напоминаний о материалах, ждущих проверки: {waiting}; "
            "напоминаний филиалам без материалов: {silent}.".format(**sent)
        )
