"""The press secretary fills the region's library; refused uploads leave nothing behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from bulletins import services
from bulletins.models import Bulletin, Collection, FileKind, Item, Section, Topic, Visibility
from bulletins.uploads import MAX_BYTES, check_upload

from .conftest import stored_files
from .factories import BulletinFactory, CollectionFactory, ItemFactory, SectionFactory
from .images import image_bytes, office_bytes, pdf_bytes, zip_bomb_docx

CREATE = reverse("bulletins:bulletin_create")


@pytest.fixture
def press(world, client_for, english):
    return client_for(world.users["press"])


def bulletin_data(**overrides):
    data = {
        "number": 7,
        "title": "Охрана труда в школе: Қауіпсіздік ережелері",
        "topic": Topic.LABOUR_PROTECTION,
        "issued_on": "2025-10-01",
        "summary": "Что проверить перед началом учебного года.",
        "visibility": Visibility.PUBLIC,
        "file": SimpleUploadedFile("Бюллетень № 7.pdf", pdf_bytes()),
    }
    return {**data, **overrides}


def test_the_press_secretary_adds_a_bulletin(world, press):
    response = press.post(CREATE, bulletin_data(cover=SimpleUploadedFile("c.png", image_bytes())))
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == bulletin.get_absolute_url()
    assert bulletin.region == world.region
    assert (bulletin.file_name, bulletin.file_kind) == ("Бюллетень № 7.pdf", FileKind.PDF)
    assert bulletin.cover_kind == FileKind.PNG
    # Server-made names, in the library's folder; the original name is only in the row.
    assert stored_files() == sorted([bulletin.file.name, bulletin.cover.name])
    for name in (bulletin.file.name, bulletin.cover.name):
        folder, _slash, stored = name.partition("/")
        assert folder == "library" and len(stored.split(".")[0]) == 32
    assert bulletin.file.read() == pdf_bytes()


def test_a_file_of_25_mb_passes_the_request_limits(press):
    """Django keeps files out of DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) and streams those over
    FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: the full 25 MB go through."""
    big = pdf_bytes(MAX_BYTES)
    press.post(CREATE, bulletin_data(file=SimpleUploadedFile("big.pdf", big)))
    assert Bulletin.objects.get().file_size == len(big)


def _html_as_pdf() -> bytes:
    return b"<html><body><h1>Not a bulletin</h1></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03" + b"\0" * 500, "The file «setup.pdf» is a program"),
        ("bomb.docx", zip_bomb_docx(), "The file «bomb.docx» unpacks to more than 200 MB"),
        ("page.pdf", _html_as_pdf(), "The file «page.pdf» is a web page (HTML)"),
        ("big.pdf", pdf_bytes(MAX_BYTES + 1), "The file «big.pdf» is larger than 25 MB"),
    ],
)
def test_bad_uploads_are_refused_with_nothing_left(world, press, name, content, message):
    response = press.post(CREATE, bulletin_data(file=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Bulletin.objects.exists()
    assert stored_files() == []


def test_a_bad_cover_refuses_the_whole_bulletin(press):
    cover = SimpleUploadedFile("cover.png", pdf_bytes())
    response = press.post(CREATE, bulletin_data(cover=cover))
    assert "only a JPEG, PNG or WebP image is accepted here" in response.content.decode()
    assert not Bulletin.objects.exists()
    assert stored_files() == []


def test_a_taken_number_is_refused_in_words(world, press):
    BulletinFactory(region=world.region, number=7)
    files_before = stored_files()
    response = press.post(CREATE, bulletin_data())
    assert "The region already has a bulletin No. 7." in response.content.decode()
    assert stored_files() == files_before


def test_a_failed_save_deletes_the_files_it_wrote(world):
    """Past the form, the database may still refuse (here: a number taken meanwhile)."""
    BulletinFactory(region=world.region, number=7)
    files_before = stored_files()
    with pytest.raises(IntegrityError):
        services.bulletin_create(
            region=world.region,
            number=7,
            title="Дубль",
            topic=Topic.OTHER,
            issued_on="2025-01-01",
            visibility=Visibility.PUBLIC,
            file=check_upload(SimpleUploadedFile("a.pdf", pdf_bytes())),
            cover=check_upload(SimpleUploadedFile("c.png", image_bytes())),
        )
    assert stored_files() == files_before


def test_replacing_a_file_deletes_the_old_one_after_commit(
    world, press, django_capture_on_commit_callbacks
):
    press.post(CREATE, bulletin_data())
    bulletin = Bulletin.objects.get()
    old = bulletin.file.name
    edit = reverse("bulletins:bulletin_edit", args=[bulletin.pk])
    new = SimpleUploadedFile("Новая редакция.docx", office_bytes("docx"))
    with django_capture_on_commit_callbacks(execute=True):
        response = press.post(edit, bulletin_data(file=new, number=8))
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert (bulletin.number, bulletin.file_kind) == (8, FileKind.DOCX)
    assert bulletin.file_name == "Новая редакция.docx"
    assert stored_files() == [bulletin.file.name] != [old]


def test_editing_without_a_file_keeps_it_and_a_cover_can_go(
    world, press, django_capture_on_commit_callbacks
):
    press.post(CREATE, bulletin_data(cover=SimpleUploadedFile("c.webp", image_bytes("WEBP"))))
    bulletin = Bulletin.objects.get()
    edit = reverse("bulletins:bulletin_edit", args=[bulletin.pk])
    data = bulletin_data(title="Новое название", remove_cover="on")
    del data["file"]
    with django_capture_on_commit_callbacks(execute=True):
        press.post(edit, data)
    bulletin.refresh_from_db()
    assert bulletin.title == "Новое название" and not bulletin.cover
    assert stored_files() == [bulletin.file.name]


def test_deleting_a_bulletin_deletes_its_files(world, press, django_capture_on_commit_callbacks):
    press.post(CREATE, bulletin_data())
    bulletin = Bulletin.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = press.post(reverse("bulletins:bulletin_delete", args=[bulletin.pk]))
    assert response["Location"] == reverse("bulletins:manage")
    assert not Bulletin.objects.exists()
    assert stored_files() == []


def test_a_collection_is_built_section_by_section(world, press):
    response = press.post(
        reverse("bulletins:collection_create"),
        {"title": "В помощь профактиву", "description": "", "visibility": "public"},
    )
    folder = Collection.objects.get()
    assert response["Location"] == reverse("bulletins:collection_edit", args=[folder.pk])
    press.post(
        reverse("bulletins:section_create", args=[folder.pk]),
        {"title": "Инструкции", "position": 2},
    )
    section = Section.objects.get(collection=folder)
    press.post(
        reverse("bulletins:item_create", args=[section.pk]),
        {
            "title": "Как вести страницу",
            "file": SimpleUploadedFile("Инструкция.pptx", office_bytes("pptx")),
            "visibility": "internal",
            "position": 1,
        },
    )
    press.post(
        reverse("bulletins:item_create", args=[section.pk]),
        {"title": "Видеоурок", "link": "https://video.example.kz/lesson", "visibility": "public"},
    )
    items = {item.title: item for item in section.items.all()}
    assert items["Как вести страницу"].file_kind == FileKind.PPTX
    assert items["Как вести страницу"].visibility == Visibility.INTERNAL
    assert items["Видеоурок"].is_link
    page = press.get(reverse("bulletins:collection_edit", args=[folder.pk])).content.decode()
    assert "Как вести страницу" in page and "Видеоурок" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Пусто", "visibility": "public"}, "Attach a file or give a link."),
        (
            {
                "title": "Оба",
                "visibility": "public",
                "link": "https://example.kz",
                "file": SimpleUploadedFile("a.pdf", pdf_bytes()),
            },
            "Give either a file or a link, not both.",
        ),
        (
            {
                "title": "Программа",
                "visibility": "public",
                "file": SimpleUploadedFile("a.pdf", b"\x7fELF\x02\x01" + b"\0" * 64),
            },
            "The file «a.pdf» is a program",
        ),
    ],
)
def test_a_material_needs_a_file_or_a_link(world, press, data, message):
    section = SectionFactory(collection=CollectionFactory(region=world.region))
    response = press.post(reverse("bulletins:item_create", args=[section.pk]), data)
    assert message in response.content.decode()
    assert not Item.objects.exists()
    assert stored_files() == []


def test_a_material_changes_from_file_to_link(world, press, django_capture_on_commit_callbacks):
    item = ItemFactory(section=SectionFactory(collection=CollectionFactory(region=world.region)))
    assert stored_files() == [item.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        press.post(
            reverse("bulletins:item_edit", args=[item.pk]),
            {"title": item.title, "link": "https://video.example.kz/1", "visibility": "public"},
        )
    item.refresh_from_db()
    assert item.is_link and item.link == "https://video.example.kz/1" and not item.file_name
    assert stored_files() == []


def test_deleting_a_collection_deletes_every_materials_file(
    world, press, django_capture_on_commit_callbacks
):
    folder = CollectionFactory(region=world.region)
    for section in SectionFactory.create_batch(2, collection=folder):
        ItemFactory.create_batch(2, section=section)
    assert len(stored_files()) == 4
    with django_capture_on_commit_callbacks(execute=True):
        press.post(reverse("bulletins:collection_delete", args=[folder.pk]))
    assert not Collection.objects.exists() and not Item.objects.exists()
    assert stored_files() == []


def test_a_section_title_is_unique_in_its_collection(world, press):
    section = SectionFactory(collection=CollectionFactory(region=world.region), title="Инструкции")
    response = press.post(
        reverse("bulletins:section_create", args=[section.collection.pk]),
        {"title": "Инструкции", "position": 0},
    )
    assert "The collection already has a section of this title." in response.content.decode()


def test_the_manage_list_shows_only_the_region(world, press):
    BulletinFactory(region=world.region, title="Наш бюллетень")
    BulletinFactory(region=world.other_region, title="Чужой бюллетень")
    page = press.get(reverse("bulletins:manage")).content.decode()
    assert "Наш бюллетень" in page and "Чужой бюллетень" not in page
