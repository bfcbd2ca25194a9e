"""`load_seed` adds the report's library: the folder with its sections and 13 bulletins."""

import io

import pypdf
import pytest
from django.core.management import call_command

from bulletins.models import Bulletin, Collection, Item, Section
from bulletins.seed import FOLDER_TITLE, SECTIONS
from portal.models import Region
from portal.seed import REGION_NAME

from .conftest import stored_files


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)
    return Region.objects.get(name=REGION_NAME)


def test_the_folder_and_its_sections(seeded):
    folder = Collection.objects.get(region=seeded)
    assert folder.title == FOLDER_TITLE == "В помощь профактиву"
    assert folder.is_public and not folder.is_demo  # the report names the folder itself
    sections = list(folder.sections.values_list("title", flat=True))
    assert sections == [
        "Методические материалы",
        "Инструкции",
        "Рекомендации",
        "Медиаконтент",
    ]
    # The report names no material: each section holds one, marked demo.
    items = Item.objects.filter(section__collection=folder)
    assert items.count() == len(SECTIONS)
    assert all(item.is_demo and item.title.endswith("(демо)") for item in items)


def test_thirteen_demo_bulletins_with_real_pdfs(seeded):
    bulletins = Bulletin.objects.filter(region=seeded).order_by("number")
    assert [bulletin.number for bulletin in bulletins] == list(range(1, 14))
    assert all(bulletin.is_demo and bulletin.title.endswith(" (демо)") for bulletin in bulletins)
    assert all(bulletin.is_public for bulletin in bulletins)
    assert len({bulletin.topic for bulletin in bulletins}) == 13
    for bulletin in bulletins:
        with bulletin.file.open("rb") as handle:
            reader = pypdf.PdfReader(io.BytesIO(handle.read()))
        assert len(reader.pages) == 1
        assert bulletin.title in " ".join(reader.pages[0].extract_text().split())
    assert len(stored_files()) == 13 + len(SECTIONS)


def test_loading_again_adds_nothing_and_keeps_edits(seeded):
    first = Bulletin.objects.get(region=seeded, number=1)
    first.title = "Коллективный договор 2025"
    first.save()
    Section.objects.get(title="Инструкции").items.all().delete()
    files_before = stored_files()

    call_command("load_seed", verbosity=0)

    assert Bulletin.objects.count() == 13
    assert Collection.objects.count() == 1 and Section.objects.count() == 4
    first.refresh_from_db()
    assert first.title == "Коллективный договор 2025"
    # What was deleted by hand is missing, so it is added again; nothing else is written.
    assert Item.objects.count() == len(SECTIONS)
    assert set(files_before) < set(stored_files())
    assert len(stored_files()) == len(files_before) + 1
