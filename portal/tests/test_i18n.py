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
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid
