"""Calendar months: the one place that adds, subtracts and bounds them.

Every function takes any day of a month and works on the month it falls in,
so the 29th, 30th and 31st behave like the 1st (adding 32 days to the 30th of
November lands in January: that mistake lived here in six shapes once).
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone
from django.utils.formats import date_format


def first_day(day: datetime.date) -> datetime.date:
    """The first day of the month `day` falls in."""
    return day.replace(day=1)


def add_months(day: datetime.date, n: int) -> datetime.date:
    """The first day of the month `n` months after (or before, for n < 0) `day`'s."""
    index = day.year * 12 + (day.month - 1) + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def next_month(day: datetime.date) -> datetime.date:
    return add_months(day, 1)


def previous_month(day: datetime.date) -> datetime.date:
    return add_months(day, -1)


def last_day(day: datetime.date) -> datetime.date:
    """The last day of the month `day` falls in (29 February in a leap year)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of every month from `start`'s to `end`'s, both included."""
    months = []
    month = first_day(start)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def month_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month of `day` as [start, end) moments in the portal's time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(first_day(day), datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(next_month(day), datetime.time.min, tzinfo=tz),
    )


def day_or_today(text: str | None) -> datetime.date:
    """A task's `today` argument (YYYY-MM-DD, for tests and commands), or today."""
    return datetime.date.fromisoformat(text) if text else timezone.localdate()


def format_day(day: datetime.date) -> str:
    """A day as people write it in stored text: 05.03.2026."""
    return date_format(day, "d.m.Y")


def month_words(day: datetime.date) -> str:
    """A month in words, in the active language: «март 2026»."""
    return date_format(day, "F Y")
