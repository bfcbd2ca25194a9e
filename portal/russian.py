"""Russian numbers with their words, for text written in Russian by definition.

The interface counts through Django's `ngettext` and the catalogues (whose ru
entry has Russian plural forms). The «Справка» is a Russian document whatever
the reader's language (the central committee files it in Russian), so its
sentences are not catalogue entries, and agreement with a number is decided
here, once: a noun, an adjective before it, and a verb or a participle that
agrees with the number all take their form from `plural`.
"""

from __future__ import annotations


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form for `n`: one for 1, 21, 101 (not 11); few for 2–4, 22–24 (not
    12–14); many for the rest, 0 included — «1 страница», «2 страницы»,
    «5 страниц», «11 страниц», «21 страница»."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def number(n: int) -> str:
    """31208 → «31 208»: groups of three digits apart, as Russian text writes them."""
    return f"{n:,}".replace(",", " ")


def counted(n: int, one: str, few: str, many: str) -> str:
    """The number and its word: «21 публикация», «3 публикации», «31 208 членов»."""
    return f"{number(n)} {plural(n, one, few, many)}"
