"""Russian formats: Django's own, except the long date, which drops «г.» so that
`{{ day|date }}` and the templates' «j E Y» give one shape: «7 декабря 2026»."""

from django.conf.locale.ru.formats import *  # noqa: F403

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
