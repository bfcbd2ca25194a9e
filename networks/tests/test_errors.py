"""One vocabulary: every code has its kind and its sentence in each language."""

from __future__ import annotations

import pytest
from django.utils import translation

from networks.errors import AMBIGUOUS, KINDS, Kind, NetworkError, describe

PARAMS = {"error": 200, "status": 502, "tries": 4, "seconds": 600, "length": 9, "limit": 5}


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("code", sorted(KINDS))
def test_every_code_is_told_in_words(code, language):
    with translation.override("en"):
        english = describe(code, PARAMS)
    with translation.override(language):
        told = describe(code, PARAMS)
    assert told != code and told != english, (code, language)
    assert "%(" not in told


def test_an_ambiguous_code_is_one_worth_another_try():
    assert {code for code, kind in KINDS.items() if kind == Kind.TRANSIENT} >= AMBIGUOUS
    assert NetworkError("dropped").transient and NetworkError("dropped").ambiguous
    assert NetworkError("rate_limited").transient and not NetworkError("rate_limited").ambiguous
    assert not NetworkError("no_permission").transient


def test_tries_are_told_only_when_there_were_several():
    with translation.override("ru"):
        assert describe("timeout", {"tries": 1}) == "Сеть не ответила вовремя."
        assert describe("timeout", {"tries": 4}) == "Сеть не ответила вовремя. Попыток: 4."
