from django.core.management.base import BaseCommand, CommandError

from channels import crypto, services


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored network token under the first key of CHANNELS_KEY "
        "(put the new key first, run this, then drop the old key)."
    )

    def handle(self, *args, **options):
        try:
            count = services.rotate_key()
        except crypto.SecretUnreadable:
            raise CommandError(
                "Один из токенов не расшифровывается ни одним ключом из CHANNELS_KEY; "
                "ничего не изменено."
            ) from None
        except crypto.KeyMissing:
            raise CommandError("CHANNELS_KEY не задан.") from None
        self.stdout.write(f"Токенов перешифровано: {count}.")
