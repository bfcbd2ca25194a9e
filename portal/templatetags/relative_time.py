"""`{{ value|relative }}`: «сегодня», «вчера», «3 дня назад» (portal.dates.relative)."""

from django import template

from portal.dates import relative as _relative

register = template.Library()


@register.filter
def relative(value):
    if value in (None, ""):
        return ""
    return _relative(value)
