"""Whole numbers read from a request or an uploaded file: bounded and checked.

Python's `int()` takes more than people mean: digits of other scripts
(«٣» is 3), underscores, signs and spaces, and numbers no database column
holds (a 20-digit id, a 5000-digit count); `str.isdigit()` says yes to «²»,
which `int()` then refuses. Everything here takes ASCII digits only, within
bounds, and refuses anything else with a message for the user, or with None
where a bad value simply means «not given».
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _

# The largest value a PositiveIntegerField holds on every database we run on.
MAX_COUNT = 2_147_483_647
# The largest primary key (BigAutoField).
MAX_ID = 2**63 - 1

DIGITS = re.compile(r"[0-9]{1,19}")
# Shown back to the user, a refused value is cut to this many characters.
SHOWN = 20


class NumberError(ValueError):
    """The text is not an acceptable whole number; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def parse_count(text: str, *, minimum: int = 0, maximum: int = MAX_COUNT) -> int:
    """A whole number a person typed (a cell of a file, a field), from `minimum`
    to `maximum`; spaces between the thousands are allowed."""
    text = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not DIGITS.fullmatch(text):
        raise NumberError(
            _("«%(value)s» is not a whole number written in digits 0–9.") % {"value": _shown(text)}
        )
    value = int(text)
    if not minimum <= value <= maximum:
        raise NumberError(
            _("«%(value)s» is out of range: from %(minimum)s to %(maximum)s.")
            % {"value": _shown(text), "minimum": minimum, "maximum": maximum}
        )
    return value


def parse_id(value) -> int | None:
    """A primary key from a query parameter or a form field, or None when it is
    missing or could be no primary key at all."""
    text = "" if value is None else str(value).strip()
    if not DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_ID:
        return None
    return int(text)


class IdsField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses what can be no primary key before
    asking the database (SQLite fails on an id beyond 64 bits)."""

    def _check_values(self, value):
        for item in value:
            if parse_id(item) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": _shown(str(item))},
                )
        return super()._check_values(value)
