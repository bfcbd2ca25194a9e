from django.core.management.base import BaseCommand

from contentplan import services
from portal.management.dates import add_today_argument, today_from


class Command(BaseCommand):
    help = (
        "Send the content plan's reminders (what the daily and monthly tasks do): "
        "posts due soon, posts missed, next month's plan not approved. Safe to repeat."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        today = today_from(options)
        sent = services.reminders_send(today=today)
        self.stdout.write(
            "Напоминаний о постах: {due}; отмечено пропущенных: {missed}; "
            "напоминаний о неутверждённых планах: {plans}.".format(**sent)
        )
