"""The union's bot by long polling: `manage.py telegram_bot` (`--once`: one batch).

With an https SITE_URL Telegram delivers to the webhook instead: `--webhook`
sets it (with its secret token) and exits. Polling removes a webhook first,
since Telegram refuses getUpdates while one is set.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from bot import services, views
from networks import telegram_bot as api
from networks.errors import NetworkError

PAUSE_AFTER_ERROR = 5  # seconds before polling again after a failed poll


def pause_after(error: NetworkError) -> float:
    """How long to wait before polling again: as long as a 429 asked (beyond what
    the call itself waits out), else a few seconds."""
    if error.code == "rate_limited" and error.params.get("seconds"):
        return float(error.params["seconds"])
    return PAUSE_AFTER_ERROR


class Command(BaseCommand):
    help = "Run the union's Telegram bot by long polling (or set its webhook)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Handle one batch and exit.")
        parser.add_argument("--webhook", action="store_true", help="Set the webhook and exit.")

    def handle(self, *args, once=False, webhook=False, **options):
        token = settings.TELEGRAM_BOT_TOKEN
        if not token:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set.")
        while True:
            try:
                return self._run(token, once=once, webhook=webhook)
            except NetworkError as error:
                # The code, never the address (it holds the token).
                if once or webhook:
                    raise CommandError(f"Telegram: {error.code}") from None
                # Telegram (or the sandbox) not answering yet: a process beside
                # the worker keeps trying rather than exiting.
                self.stderr.write(f"Telegram: {error.code}; trying again")
                time.sleep(pause_after(error))

    def _run(self, token: str, *, once: bool, webhook: bool) -> None:
        bot = api.get_me(token=token)
        if webhook:
            if not views.webhook_enabled():
                raise CommandError("A webhook needs an https SITE_URL.")
            url = settings.SITE_URL + reverse("bot:webhook")
            api.set_webhook(token=token, url=url, secret=views.webhook_secret())
            self.stdout.write(f"@{bot['username']}: webhook set to {url}")
            return
        api.delete_webhook(token=token)
        self.stdout.write(f"@{bot['username']}: polling")
        # Long polling waits up to this long for an update, inside the call's time-out.
        wait = 0 if once else max(0, int(settings.CHANNELS_TIMEOUT_SECONDS) - 2)
        while True:
            try:
                batch = api.get_updates(token=token, offset=services.next_offset(), wait=wait)
            except NetworkError as error:
                if once:
                    raise CommandError(f"Telegram: {error.code}") from None
                self.stderr.write(f"Telegram: {error.code}")
                time.sleep(pause_after(error))
                continue
            for update in sorted(batch, key=lambda u: u["update_id"]):
                services.update_handle(update)
            if once:
                self.stdout.write(f"{len(batch)} updates")
                return
