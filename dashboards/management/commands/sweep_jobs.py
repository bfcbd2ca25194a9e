from django.core.management.base import BaseCommand

from dashboards import jobs


class Command(BaseCommand):
    help = "Re-queue report jobs nobody works on; fail those past their attempts."

    def handle(self, *args, **options):
        result = jobs.sweep()
        self.stdout.write(
            f"Поставлено в очередь снова: {result['requeued']}, "
            f"отмечено неудавшимися: {result['failed']}."
        )
