from django.core.management.base import BaseCommand

from portal.infrastructure import outbox


class Command(BaseCommand):
    help = "Send the e-mails that are due (what the beat does every minute)."

    def handle(self, *args, **options):
        result = outbox.deliver_due()
        self.stdout.write(f"Писем к отправке: {result['due']}, отправлено: {result['sent']}.")
