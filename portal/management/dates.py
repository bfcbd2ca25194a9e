"""The `--today` option of commands that run a daily task's code by hand."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone


def add_today_argument(parser) -> None:
    parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), for testing.")


def today_from(options: dict) -> datetime.date:
    if not options.get("today"):
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(options["today"])
    except ValueError:
        raise CommandError(
            f"--today: дата в виде ГГГГ-ММ-ДД, например {timezone.localdate():%Y-%m-%d}."
        ) from None
