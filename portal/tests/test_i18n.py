"""Russian by default, Kazakh and English on request; catalogues complete."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_russian_by_default_whatever_the_browser_says(world, client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ru">' in response.content.decode()
    assert "Вход в Profinfo" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("kk", "Profinfo жүйесіне кіру"), ("en", "Log in to Profinfo")]
)
def test_the_chosen_language_sticks(world, client, language, text):
    response = client.post(
        reverse("set_language"), {"language": language, "next": reverse("login")}, follow=True
    )
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert text in page


def test_kazakh_plural_and_numbers_on_a_page(world, client_for):
    client = client_for(world.users["central"])
    client.post(reverse("set_language"), {"language": "kk"})
    page = client.get(reverse("portal:organisation_list")).content.decode()
    assert "Бастауыш ұйымдар" in page


def test_russian_plural_forms(world, client_for):
    page = client_for(world.users["central"]).get(reverse("portal:organisation_list"))
    # Three organisations in the world: «3 организации», not «3 организаций».
    assert "3 организации" in page.content.decode()


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    forms = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid
            # As many forms as the header announces (msgfmt -c refuses fewer).
            assert sorted(entry.msgstr_plural) == list(range(forms)), entry.msgid


def test_every_message_in_the_code_is_in_the_catalogues(tmp_path):
    """What the code and templates say today is translated, not only what
    the catalogues happened to hold: makemessages is run on a copy of the tree."""
    import shutil
    import subprocess
    import sys

    from conftest import require

    require(bool(shutil.which("xgettext")), "GNU gettext (xgettext) is not installed")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(".venv", "var", "vendor", "__pycache__", "*.mo", ".git")
    shutil.copytree(base, copy, ignore=ignore)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ru",
            "-l",
            "kk",
            "--no-obsolete",
            "--ignore=static",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "PROFINFO_VAR_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr
    for language in ("ru", "kk"):
        catalogue = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        assert not missing, f"{language}: {len(missing)} messages need translating: {missing[:20]}"
