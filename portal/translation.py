"""Names kept in the database in the portal's three languages.

A rubric, a channel or an item of the page standard has its Russian name in
one field (`name`, `text`) and its Kazakh and English names beside it with the
language's suffix (`name_kk`, `name_en`). `in_language` returns the one of the
active language, falling back to Russian when that one is empty: a name added
in Russian only still shows everywhere. It reads fields already loaded, so it
costs no query.
"""

from __future__ import annotations

from django.utils.translation import get_language

# The languages kept beside the Russian field, as field suffixes.
OTHER_LANGUAGES = ("kk", "en")


def active_language() -> str:
    return (get_language() or "ru").split("-")[0]


def in_language(obj, field: str = "name", language: str | None = None) -> str:
    """`obj.<field>` in the given (or the active) language, else in Russian."""
    language = language or active_language()
    if language in OTHER_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return value
    return getattr(obj, field)


def from_values(row: dict, prefix: str, language: str | None = None) -> str:
    """The same for a `.values()` row: `row[prefix + "_kk"]` or `row[prefix]`."""
    language = language or active_language()
    if language in OTHER_LANGUAGES and row.get(f"{prefix}_{language}"):
        return row[f"{prefix}_{language}"]
    return row[prefix]


def all_languages(obj, field: str = "name") -> dict[str, str]:
    """The name in every language, for a record that must read in any of them."""
    names = {"ru": getattr(obj, field)}
    for language in OTHER_LANGUAGES:
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            names[language] = value
    return names


def from_names(names: dict | str, language: str | None = None) -> str:
    """One name of an `all_languages` dictionary (or a plain string, as it is)."""
    if isinstance(names, str):
        return names
    language = language or active_language()
    return names.get(language) or names.get("ru") or next(iter(names.values()), "")
