from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dashboards import monthly


class Command(BaseCommand):
    help = (
        "Ask for last month's report («Справка») of every region that has none yet and "
        "send it when written (the beat's run of the 1st at 09:00; safe to repeat); "
        "--now ISO-DATETIME runs it as at that moment (Asia/Almaty if no offset is given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="e.g. 2026-12-01T09:00")

    def handle(self, *args, now: str, **options):
        moment = timezone.now()
        if now:
            try:
                moment = parse_datetime(now)
            except ValueError:
                moment = None
            if moment is None:
                raise CommandError(f"Не дата и время ISO: {now!r} (пример: 2026-12-01T09:00).")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        month = monthly.owed_month(moment)
        if month is None:
            self.stdout.write("До 09:00 первого числа справки за прошлый месяц не запрашиваются.")
            return
        created = monthly.monthly_reports_request(now=moment)
        self.stdout.write(f"Справок за {month:%m.%Y} запрошено: {len(created)}.")
