from django.core.management.base import BaseCommand, CommandError

from branches.models import SocialPage
from channels import services


class Command(BaseCommand):
    help = "Measure connected pages through their networks (the daily task's code)."

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, help="only this page (its id)")

    def handle(self, *args, page=None, **options):
        pages = None
        if page is not None:
            pages = SocialPage.objects.filter(pk=page)
            if not pages.exists():
                raise CommandError(f"Страницы с номером {page} нет.")
        run = services.collect_all(pages=pages)
        self.stdout.write(f"Измерено страниц: {len(run.measured)}, с ошибкой: {len(run.failed)}.")
        self.stdout.write(f"Измерений охвата постов: {run.reach}.")
        if run.waiting:
            self.stdout.write(
                f"Ждут лимита сети (будут измерены при следующем сборе): {len(run.waiting)}."
            )
        for connection in services.Connection.objects.filter(
            page__in=run.failed + run.waiting
        ).select_related("page__region", "page__branch"):
            self.stdout.write(f"  {connection.page}: {connection.last_error}")
