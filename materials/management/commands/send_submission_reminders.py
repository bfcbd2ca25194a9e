from django.core.management.base import BaseCommand

from materials import services
from portal.management.dates import add_today_argument, today_from


class Command(BaseCommand):
    help = (
        "Send the reminders about materials from branches (what the daily task does): "
        "materials waiting more than three days for review, branches that sent "
        "nothing this month by the 20th. Safe to repeat."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        today = today_from(options)
        sent = services.reminders_submissions(today=today)
        self.stdout.write(
            "Напоминаний о материалах, ждущих проверки: {waiting}; "
            "напоминаний филиалам без материалов: {silent}.".format(**sent)
        )
