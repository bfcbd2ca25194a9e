from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from publishing import services


class Command(BaseCommand):
    help = (
        "Publish the approved posts that are due (the same run as the beat's every minute); "
        "--now ISO-DATETIME runs it as at that moment (Asia/Almaty if no offset is given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", default="", help="e.g. 2026-12-03T18:00")

    def handle(self, *args, now: str, **options):
        moment = None
        if now:
            try:
                moment = parse_datetime(now)
            except ValueError:
                moment = None
            if moment is None:
                raise CommandError(f"Не дата и время ISO: {now!r} (пример: 2026-12-03T18:00).")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        summary = services.publish_due(now=moment).summary()
        # A line a part: what was created, what the reconcile of dead workers
        # found, what the attempts of this run came to; what a network's rate
        # limit held back, deletions and edits only when there were some.
        self.stdout.write(f"created: {summary['created']}")
        for part in ("reconciled", "attempted", "deletions", "edits"):
            counts = summary[part]
            if counts or part in ("reconciled", "attempted"):
                said = ", ".join(f"{key} {value}" for key, value in counts.items()) or "—"
                self.stdout.write(f"{part}: {said}")
            if part == "attempted" and summary["held"]:
                self.stdout.write(f"held: {summary['held']}")
