"""Everything a release needs before its processes start, in one command.

The Dockerfile runs it while building the image (without the database), and
an administrator runs it on a bare server after every pull: translations are
compiled, static files collected (with the manifest that production's storage
reads) and the database migrated. Safe to repeat.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the catalogues, collect the static files and migrate (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Skip the migrations (building an image, where no database is reachable).",
        )

    def handle(self, *args, no_migrate: bool = False, **options):
        verbosity = options["verbosity"]
        call_command("compile_catalogues", verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=verbosity)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=verbosity)
        self.stdout.write("Готово к запуску: переводы, статические файлы, миграции.")
