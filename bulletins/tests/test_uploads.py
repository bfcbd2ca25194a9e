"""Uploads are recognised by their content; anything else is refused with the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bulletins.models import FileKind
from bulletins.uploads import IMAGE_KINDS, MAX_BYTES, UploadRefused, check_upload, clean_name

from .images import (
    image_bytes,
    office_bytes,
    pdf_bytes,
    png_claiming,
    xlsx_bytes,
    zip_bomb_docx,
)


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked in English, the source language; Russian and
    # Kazakh come from the catalogues.
    with translation.override("en"):
        yield


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind", "download_name"),
    [
        ("Бюллетень № 3.pdf", pdf_bytes(), FileKind.PDF, "Бюллетень № 3.pdf"),
        ("Памятка.docx", office_bytes("docx"), FileKind.DOCX, "Памятка.docx"),
        ("Члены.xlsx", xlsx_bytes(), FileKind.XLSX, "Члены.xlsx"),
        ("Слайды.pptx", office_bytes("pptx"), FileKind.PPTX, "Слайды.pptx"),
        ("фото.JPEG", image_bytes("JPEG"), FileKind.JPEG, "фото.JPEG"),
        ("афиша.png", image_bytes("PNG"), FileKind.PNG, "афиша.png"),
        ("баннер.webp", image_bytes("WEBP"), FileKind.WEBP, "баннер.webp"),
        # Recognised by content, whatever the name says; the download name follows the content.
        ("план.pdf", office_bytes("docx"), FileKind.DOCX, "план.docx"),
        ("scan", image_bytes("JPEG"), FileKind.JPEG, "scan.jpg"),
        ("C:\\Users\\Айгуль\\Отчёт.pdf", pdf_bytes(), FileKind.PDF, "Отчёт.pdf"),
    ],
)
def test_accepted_files_are_recognised_by_content(name, content, kind, download_name):
    checked = check_upload(upload(name, content))
    assert (checked.kind, checked.name) == (kind, download_name)
    if kind in IMAGE_KINDS:  # stored re-encoded from its pixels (portal.infrastructure.images)
        assert checked.size == checked.file.size == len(checked.file.read()) > 0
    else:
        assert checked.size == len(content)


def test_a_library_image_is_stored_without_metadata_and_at_most_the_stored_size(settings):
    import io

    from PIL import Image

    settings.PHOTO_MAX_SIDE = 1000
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x0112] = 6  # turned 90° to display
    exif.get_ifd(0x8825).update({1: "N", 2: (49.0, 57.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), "orange").save(buffer, "JPEG", exif=exif.tobytes())
    checked = check_upload(upload("афиша.jpg", buffer.getvalue()))
    with Image.open(checked.file) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (667, 1000)  # turned as the camera said, then reduced
        assert not stored.getexif()
        assert "exif" not in stored.info


def _html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def _macro_docx() -> bytes:
    return office_bytes("docx", extra={"word/vbaProject.bin": b"macro"})


def _plain_zip() -> bytes:
    import io
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("photo1.jpg", image_bytes("JPEG"))
    return output.getvalue()


def _truncated_png() -> bytes:
    data = image_bytes("PNG", (300, 300))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bulletin.pdf", b"MZ\x90\x00" + b"\0" * 200, "The file «bulletin.pdf» is a program"),
        ("bulletin.pdf", _html(), "The file «bulletin.pdf» is a web page (HTML)"),
        ("memo.docx", zip_bomb_docx(), "The file «memo.docx» unpacks to more than 200 MB"),
        ("macro.docx", _macro_docx(), "The file «macro.docx» contains macros"),
        ("photos.docx", _plain_zip(), "The file «photos.docx» is a zip archive, not a Word"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-format"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj", "«broken.pdf» is damaged or incomplete"),
        ("broken.docx", b"PK\x03\x04 not really", "«broken.docx» is damaged"),
        ("half.png", _truncated_png(), "The image «half.png» is damaged"),
        ("big.png", png_claiming(7_000, 7_000), "«big.png» is too large: 7000 × 7000 pixels"),
        ("bomb.png", png_claiming(20_000, 20_000), "«bomb.png» is too large: at most 40"),
        ("anim.gif", b"GIF89a" + b"\0" * 50, "The file «anim.gif» is a GIF image"),
        ("notes.txt", "Просто текст".encode(), "The file «notes.txt» is not a PDF, DOCX"),
        ("empty.pdf", b"", "The file «empty.pdf» is empty"),
    ],
)
def test_bad_files_are_refused_with_the_reason(name, content, message):
    with pytest.raises(UploadRefused) as refusal:
        check_upload(upload(name, content))
    assert message in str(refusal.value)


def test_a_file_over_25_mb_is_refused_before_it_is_read():
    big = upload("big.pdf", pdf_bytes(MAX_BYTES + 1))
    with pytest.raises(UploadRefused, match=r"«big\.pdf» is larger than 25 MB \(25\.0 MB\)"):
        check_upload(big)
    assert big.tell() == 0, "an oversize file is refused on its size alone"


def test_a_file_of_25_mb_is_accepted():
    assert check_upload(upload("big.pdf", pdf_bytes(MAX_BYTES))).kind == FileKind.PDF


def test_a_cover_must_be_an_image():
    with pytest.raises(UploadRefused, match="is of type PDF; only a JPEG, PNG or WebP image"):
        check_upload(upload("cover.pdf", pdf_bytes()), accept=IMAGE_KINDS)


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd", FileKind.PDF, "passwd.pdf"),
        ("отчёт\x00.pdf", FileKind.PDF, "отчёт.pdf"),
        ("", FileKind.PNG, "file.png"),
        ("презентация.ppt", FileKind.PPTX, "презентация.pptx"),
        ("итоги 2025.v2", FileKind.PDF, "итоги 2025.v2.pdf"),
    ],
)
def test_download_names_are_cleaned(name, kind, expected):
    assert clean_name(name, kind) == expected
