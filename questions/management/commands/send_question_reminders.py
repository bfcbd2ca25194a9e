from django.core.management.base import BaseCommand

from portal.management.dates import add_today_argument, today_from
from questions import services


class Command(BaseCommand):
    help = (
        "Remind the press service of members' questions without an answer for five days "
        "(what the daily task does). Each question reminds once; safe to repeat."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        sent = services.reminders_questions_unanswered(today=today_from(options))
        self.stdout.write(f"Напоминаний о вопросах без ответа: {sent}.")
