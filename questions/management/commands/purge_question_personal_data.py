from django.core.management.base import BaseCommand

from portal.management.dates import add_today_argument, today_from
from questions import services


class Command(BaseCommand):
    help = (
        "Blank the name and contact of askers whose question was closed more than a year "
        "ago (what the nightly task does). Safe to repeat."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        purged = services.questions_purge_personal_data(today=today_from(options))
        self.stdout.write(f"Вопросов, из которых удалены личные данные: {purged}.")
