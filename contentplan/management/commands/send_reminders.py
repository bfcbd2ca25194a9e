import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contentplan import services


class Command(BaseCommand):
    help = (
        "Send the content plan's reminders (what the daily and monthly tasks do): "
        "posts due soon, posts missed, next month's plan not approved. Safe to repeat."
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
            raise CommandError("--today: дата в виде ГГГГ-ММ-ДД, например 2026-03-25.") from None
        sent = services.reminders_send(today=today)
        self.stdout.write(
            "Напоминаний о постах: {due}; отмечено пропущенных: {missed}; "
            "напоминаний о неутверждённых планах: {plans}.".format(**sent)
        )
