from django.core.management.base import BaseCommand

from dashboards import figures
from portal.management.dates import add_today_argument, today_from


class Command(BaseCommand):
    help = (
        "Recount the stored monthly figures the dashboards read: this month and the "
        "last (what the nightly task does), or with --all every month of every region."
    )

    def add_arguments(self, parser):
        add_today_argument(parser)
        parser.add_argument("--all", action="store_true", help="Every month of every region.")

    def handle(self, *args, **options):
        if options["all"]:
            rows = figures.rebuild_all()
        else:
            rows = figures.rebuild_recent(today_from(options))
        self.stdout.write(f"Пересчитано строк помесячных показателей: {rows}.")
