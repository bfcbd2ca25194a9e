"""Relative times as people say them: «сегодня», «вчера», never «0 дней назад»."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from portal.dates import relative

ALMATY = datetime.timezone(datetime.timedelta(hours=5))
NOW = datetime.datetime(2026, 11, 30, 15, 0, tzinfo=ALMATY)


def ago(**delta) -> datetime.datetime:
    return NOW - datetime.timedelta(**delta)


@pytest.mark.parametrize(
    ("value", "ru", "kk", "en"),
    [
        (ago(seconds=20), "только что", "жаңа ғана", "just now"),
        (ago(minutes=1), "1 минуту назад", "1 минут бұрын", "1 minute ago"),
        (ago(minutes=5), "5 минут назад", "5 минут бұрын", "5 minutes ago"),
        (ago(hours=3), "сегодня", "бүгін", "today"),
        (ago(hours=20), "вчера", "кеше", "yesterday"),
        (ago(days=2), "2 дня назад", "2 күн бұрын", "2 days ago"),
        (ago(days=5), "5 дней назад", "5 күн бұрын", "5 days ago"),
        (ago(days=21), "3 недели назад", "3 апта бұрын", "3 weeks ago"),
        (ago(days=92), "3 месяца назад", "3 ай бұрын", "3 months ago"),
        (ago(days=400), "год назад", "бір жыл бұрын", "a year ago"),
        (ago(days=800), "2 года назад", "2 жыл бұрын", "2 years ago"),
        (NOW.date(), "сегодня", "бүгін", "today"),
        (NOW.date() + datetime.timedelta(days=1), "завтра", "ертең", "tomorrow"),
        (NOW.date() + datetime.timedelta(days=5), "через 5 дней", "5 күннен кейін", "in 5 days"),
    ],
)
def test_relative_times_in_every_language(settings, value, ru, kk, en):
    settings.TIME_ZONE = "Asia/Almaty"
    timezone.activate(ALMATY)
    try:
        for code, expected in (("ru", ru), ("kk", kk), ("en", en)):
            with translation.override(code):
                assert relative(value, now=NOW) == expected
    finally:
        timezone.deactivate()


def test_the_calendar_day_decides_not_24_hours():
    timezone.activate(ALMATY)
    try:
        late = datetime.datetime(2026, 11, 29, 23, 50, tzinfo=ALMATY)
        just_after_midnight = datetime.datetime(2026, 11, 30, 0, 10, tzinfo=ALMATY)
        with translation.override("ru"):
            # Twenty minutes ago, but yesterday: the minutes win under an hour.
            assert relative(late, now=just_after_midnight) == "20 минут назад"
            assert relative(late, now=just_after_midnight + datetime.timedelta(hours=2)) == "вчера"
    finally:
        timezone.deactivate()


def test_the_template_filter_never_says_zero_days_ago():
    template = Template("{% load relative_time %}{{ value|relative }}|{{ missing|relative }}")
    with translation.override("ru"):
        text = template.render(Context({"value": timezone.now()}))
    assert text == "только что|"
    assert "0 дней" not in text
