"""Month arithmetic on every month's last days, leap years included."""

import datetime

import pytest

from portal import dates

DAYS = [
    datetime.date(year, month, day)
    for year in (2023, 2024, 2100, 2000)
    for month in range(1, 13)
    for day in (1, 28, 29, 30, 31)
    if day <= dates.last_day(datetime.date(year, month, 1)).day
]


def _expected_next(day):
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_next_and_previous_month_from_any_day(day):
    assert dates.next_month(day) == _expected_next(day)
    previous = dates.previous_month(day)
    assert _expected_next(previous) == day.replace(day=1)
    assert dates.add_months(day, 12) == datetime.date(day.year + 1, day.month, 1)
    assert dates.add_months(day, -24) == datetime.date(day.year - 2, day.month, 1)


def test_the_30th_of_november_is_followed_by_december():
    assert dates.next_month(datetime.date(2026, 11, 30)) == datetime.date(2026, 12, 1)
    assert dates.next_month(datetime.date(2026, 1, 31)) == datetime.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("day", "last"),
    [
        (datetime.date(2024, 2, 10), 29),
        (datetime.date(2023, 2, 10), 28),
        (datetime.date(2100, 2, 1), 28),
        (datetime.date(2000, 2, 1), 29),
        (datetime.date(2026, 4, 30), 30),
        (datetime.date(2026, 12, 31), 31),
    ],
)
def test_last_day(day, last):
    assert dates.last_day(day).day == last


def test_months_between_and_bounds():
    assert dates.months_between(datetime.date(2025, 11, 30), datetime.date(2026, 2, 1)) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
        datetime.date(2026, 2, 1),
    ]
    start, end = dates.month_bounds(datetime.date(2024, 2, 29))
    assert (start.date(), end.date()) == (datetime.date(2024, 2, 1), datetime.date(2024, 3, 1))
    assert start.tzinfo is not None


def test_day_or_today():
    assert dates.day_or_today("2026-03-31") == datetime.date(2026, 3, 31)
    assert isinstance(dates.day_or_today(None), datetime.date)
