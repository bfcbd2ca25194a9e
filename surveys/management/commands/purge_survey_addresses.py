from django.core.management.base import BaseCommand

from portal.management.dates import add_today_argument, today_from
from surveys import services


class Command(BaseCommand):
    help = (
        "Delete the hashes of client addresses kept for surveys that have closed "
        "(what the nightly task does). Safe to repeat."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)

    def handle(self, *args, **options):
        done = services.addresses_purge(today=today_from(options))
        self.stdout.write(f"Опросов, у которых удалены хэши адресов: {done}.")
