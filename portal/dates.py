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


def relative(value: datetime.date | datetime.datetime, now: datetime.datetime | None = None) -> str:
    """How long ago (or how soon) `value` is, as people say it: «только что»,
    «5 минут назад», «сегодня», «вчера», «3 дня назад», «2 недели назад»,
    «завтра», «через 4 дня». Days are counted by the calendar in the local
    time zone, so a message sent at 23:50 is «вчера» at 00:10.
    """
    from django.utils.translation import gettext, ngettext

    now = timezone.localtime(now or timezone.now())
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        if timezone.is_naive(value):
            now = now.replace(tzinfo=None)
        seconds = (now - moment).total_seconds()
        if 0 <= seconds < 60:
            return gettext("just now")
        if 0 <= seconds < 3600:
            minutes = int(seconds // 60)
            return ngettext("%(n)s minute ago", "%(n)s minutes ago", minutes) % {"n": minutes}
        day = moment.date()
    else:
        day = value
    days = (now.date() - day).days
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    if days == -1:
        return gettext("tomorrow")
    if days < 0:
        ahead = -days
        return ngettext("in %(n)s day", "in %(n)s days", ahead) % {"n": ahead}
    if days < 14:
        return ngettext("%(n)s day ago", "%(n)s days ago", days) % {"n": days}
    if days < 60:
        weeks = days // 7
        return ngettext("%(n)s week ago", "%(n)s weeks ago", weeks) % {"n": weeks}
    if days < 365:
        months = days // 30
        return ngettext("%(n)s month ago", "%(n)s months ago", months) % {"n": months}
    years = days // 365
    if years == 1:
        return gettext("a year ago")
    return ngettext("%(n)s year ago", "%(n)s years ago", years) % {"n": years}
