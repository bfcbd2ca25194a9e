"""Every page of the role × URL matrix, read in Kazakh and in English, shows no
Russian where the reader's language has its own words (issue 32, item 6):
no sentence of the Russian catalogue whose Kazakh or English differs, and no
Russian name of a rubric or a channel whose Kazakh or English name exists.

What people wrote (a post's title, a question) stays as written; only the
portal's own words are checked.
"""

from __future__ import annotations

import gettext
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from .url_cases import CASES, ROLES

APPS = (
    "branches",
    "contentplan",
    "materials",
    "bulletins",
    "questions",
    "brand",
    "channels",
    "publishing",
    "surveys",
    "dashboards",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# A phrase this long is the portal's own words, not a coincidence.
SHORTEST = 12


def _catalogue(language: str) -> dict[str, str]:
    path = Path(django_settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _pieces(text: str) -> list[str]:
    """The literal stretches of a catalogue text, between its placeholders."""
    return [piece.strip() for piece in PLACEHOLDER.split(text) if len(piece.strip()) >= SHORTEST]


def russian_phrases(language: str) -> set[str]:
    """Stretches of Russian catalogue texts whose translation into `language`
    is another text: seen on a page in `language`, they are untranslated."""
    russian, other = _catalogue("ru"), _catalogue(language)
    # English is the catalogues' source language: its msgids are its own words
    # too (and name the Russian headers an import file must have).
    theirs = " ".join(str(value) for value in other.values())
    if language == "en":
        theirs += " ".join(str(msgid) for msgid in russian)
    phrases = set()
    for msgid, text in russian.items():
        if not msgid or not isinstance(text, str) or not CYRILLIC.search(text):
            continue
        translated = other.get(msgid, "")
        if language == "kk" and (not translated or translated == text):
            continue  # no Kazakh of its own yet: the catalogue test reports those
        for piece in _pieces(text):
            if " " in piece and piece not in theirs:
                phrases.add(piece)
    return phrases


def cases() -> list:
    found = list(CASES)
    for app in APPS:
        if importlib.util.find_spec(f"{app}.tests.url_cases"):
            found += importlib.import_module(f"{app}.tests.url_cases").CASES
    return [case for case in found if case.method == "get" and 200 in case.expect.values()]


def _visible(html: str) -> str:
    """The page's own words: without scripts and styles, what a form holds as
    typed (an input's value, a textarea), and what is marked `lang="ru"` on
    purpose (the Russian headers an import file must have)."""
    html = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<(\w+)\b[^>]*\blang=\"ru\"[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"\svalue=\"[^\"]*\"", " ", html)
    return html.replace("&nbsp;", " ").replace("\xa0", " ")


def _page_language(html: str) -> str:
    found = re.search(r"<html[^>]*\blang=\"([\w-]+)\"", html)
    return found.group(1) if found else ""


@pytest.mark.parametrize("language", ["kk", "en"])
def test_every_page_speaks_the_readers_language(world, client_for, settings, language):
    from contentplan.models import Channel, Rubric
    from contentplan.seed import load_channels, load_rubrics
    from contentplan.tests import url_cases as plan_cases
    from portal.models import Branch, Region

    load_channels()
    load_rubrics()
    # The matrix's post goes to every channel: the calendar's chips, the post's
    # page and its publishing block name them all.
    plan_cases.post(world).channels.set(Channel.objects.all())
    # What the test's own data is called may contain a catalogue's words
    # («Областная организация № 1»): those are names, not the portal's text.
    data = " ".join(
        [name for region in Region.objects.all() for name in (region.name, region.short_name)]
        + list(Branch.objects.values_list("name", flat=True))
    )
    phrases = {phrase for phrase in russian_phrases(language) if phrase not in data}
    field = f"name_{language}"
    names = {
        item.name
        for model in (Rubric, Channel)
        for item in model.objects.all()
        if getattr(item, field) and getattr(item, field) != item.name
    }
    assert phrases and names  # the check has something to look for
    client = client_for(None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    wrong, seen = [], 0
    for case in cases():
        role = next(role for role in ROLES if case.expect[role] == 200)
        client = client_for(None if role == "anonymous" else world.users[role])
        address = case.url(world)
        response = client.get(address)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if _page_language(html) not in (language, ""):  # "": a fragment for htmx
            # A page offered in Russian and Kazakh only (a survey's public page
            # read with English chosen) is wholly in one of them, and says so.
            assert _page_language(html) in ("ru", "kk"), f"{address}: {_page_language(html)}"
            continue
        seen += 1
        page = _visible(html)
        found = sorted(p for p in phrases if p in page) + sorted(n for n in names if n in page)
        if found:
            wrong.append(f"{case.id} {address} ({role}): {found[:5]}")
    assert seen > 50, f"only {seen} pages were read"
    assert not wrong, f"Russian on {len(wrong)} pages in {language}:\n" + "\n".join(wrong)
