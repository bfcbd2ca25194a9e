"""Checking a library upload by what it contains, never by its name.

Accepted: PDF; Word, Excel and PowerPoint documents (DOCX, XLSX, PPTX), which
are zip archives and are checked as such before anything in them is read;
JPEG, PNG and WebP images, decoded in bounded memory and stored re-encoded
(`portal.infrastructure.images`: no metadata, at most `PHOTO_MAX_SIDE` pixels on the long
side). At most 25 MB. Every refusal is
an `UploadRefused` whose message names the file and the reason and can be
shown to the user as it is.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.infrastructure import images, uploads

from .models import FileKind

MAX_BYTES = 25 * 1024 * 1024
# An office document is a zip archive: bound what it would unpack to, and how
# many parts it holds, so that a zip bomb is refused before it is unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 2000
# The list of parts of an office document is small; a larger one is suspect.
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# A poster-sized photo is about 25 megapixels; beyond this it is a bomb or a mistake.
MAX_PIXELS = 40_000_000

DOCUMENT_KINDS = frozenset(FileKind)
IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG, FileKind.WEBP})

EXTENSIONS = {
    FileKind.PDF: ".pdf",
    FileKind.DOCX: ".docx",
    FileKind.XLSX: ".xlsx",
    FileKind.PPTX: ".pptx",
    FileKind.JPEG: ".jpg",
    FileKind.PNG: ".png",
    FileKind.WEBP: ".webp",
}
# Other spellings of an extension that need no correction in the download name.
OTHER_EXTENSIONS = {FileKind.JPEG: {".jpeg"}}
# Extensions that are replaced, not kept, when they do not match the content.
KNOWN_EXTENSIONS = {
    *EXTENSIONS.values(),
    ".jpeg",
    ".doc",
    ".xls",
    ".ppt",
    ".odt",
    ".txt",
    ".rtf",
    ".htm",
    ".html",
    ".gif",
    ".svg",
    ".zip",
    ".exe",
}
CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.WEBP: "image/webp",
}
# The main part of each office document and its content type in [Content_Types].xml.
OFFICE_PARTS = {
    FileKind.DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    FileKind.XLSX: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    FileKind.PPTX: (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
PILLOW_FORMATS = {"JPEG": FileKind.JPEG, "PNG": FileKind.PNG, "WEBP": FileKind.WEBP}


class UploadRefused(Exception):
    """The file is refused; the message, for the user, names it and says why."""


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content was checked, with the name it will be downloaded as."""

    file: object  # a Django File: an upload, or a ContentFile made by the server
    kind: FileKind
    name: str
    size: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


def _base_name(name: str) -> str:
    return uploads.base_name(name, limit=200, fallback="file")


def clean_name(name: str, kind: FileKind) -> str:
    """The name a file will be downloaded under: the uploader's, ending in the extension
    of what the file really is (a DOCX sent as «plan.pdf» becomes «plan.docx»)."""
    base = _base_name(name)
    path = PurePosixPath(base)
    suffix = path.suffix.lower()
    if suffix in {EXTENSIONS[kind], *OTHER_EXTENSIONS.get(kind, ())}:
        return path.stem[:150].strip() + path.suffix
    stem = path.stem if suffix in KNOWN_EXTENSIONS else base
    return stem[:150].strip() + EXTENSIONS[kind]


def _kind_names(kinds: frozenset) -> str:
    if kinds <= IMAGE_KINDS:
        return _("a JPEG, PNG or WebP image")
    return _("a PDF, DOCX, XLSX or PPTX document, or a JPEG, PNG or WebP image")


# What a refused file is named when it is a common kind the library does not take.
OTHER_KINDS = {
    "program": gettext_lazy("a program"),
    "html": gettext_lazy("a web page (HTML)"),
    "svg": gettext_lazy("an SVG drawing"),
    "old_office": gettext_lazy(
        "an old-format or password-protected Office document (DOC, XLS, PPT)"
    ),
    "archive": gettext_lazy("a compressed archive"),
    "gif": gettext_lazy("a GIF image"),
}


def _check_pdf(upload, name: str, size: int) -> FileKind:
    upload.seek(max(0, size - 2048))
    if b"%%EOF" not in upload.read():
        raise UploadRefused(
            _("The file «%(name)s» is damaged or incomplete: the end of the PDF is missing.")
            % {"name": name}
        )
    return FileKind.PDF


def _check_office(upload, name: str) -> FileKind:
    """Recognise a DOCX, XLSX or PPTX by its parts, reading only the archive's directory
    and the small list of parts."""
    parts, content_types = _office_parts(upload, name)
    if any(part.lower().endswith("vbaproject.bin") for part in parts):
        raise UploadRefused(
            _(
                "The file «%(name)s» contains macros. Save it as an ordinary document "
                "(DOCX, XLSX or PPTX) and upload it again."
            )
            % {"name": name}
        )
    for kind, (main_part, content_type) in OFFICE_PARTS.items():
        if main_part in parts and content_type.encode() in content_types:
            return kind
    raise UploadRefused(
        _("The file «%(name)s» is not a Word, Excel or PowerPoint document (DOCX, XLSX, PPTX).")
        % {"name": name}
    )


def _office_parts(upload, name: str) -> tuple[set[str], bytes]:
    """The names of the archive's parts and its list of content types, read
    without unpacking anything else."""
    damaged = UploadRefused(
        _(
            "The file «%(name)s» is damaged: it cannot be opened as a Word, Excel "
            "or PowerPoint document."
        )
        % {"name": name}
    )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise damaged from exc
    with archive:
        entries = archive.infolist()
        _check_unpacked_size(entries, name)
        parts = {entry.filename: entry for entry in entries}
        listing = parts.get("[Content_Types].xml")
        if listing is None or listing.file_size > MAX_CONTENT_TYPES_BYTES:
            raise UploadRefused(
                _(
                    "The file «%(name)s» is a zip archive, not a Word, Excel or PowerPoint "
                    "document. Upload the documents themselves."
                )
                % {"name": name}
            )
        try:
            return set(parts), archive.read(listing)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise damaged from exc


def _check_unpacked_size(entries: list[zipfile.ZipInfo], name: str) -> None:
    """An archive of too many parts or too many bytes unpacked is refused as a zip bomb."""
    if len(entries) > MAX_ENTRIES:
        raise UploadRefused(
            _("The file «%(name)s» holds more than %(count)s parts; it is refused as unsafe.")
            % {"name": name, "count": MAX_ENTRIES}
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise UploadRefused(
            _("The file «%(name)s» unpacks to more than 200 MB; it is refused as unsafe.")
            % {"name": name}
        )


def _reencoded_image(upload, name: str) -> tuple[FileKind, ContentFile]:
    """Decode the image in bounded memory, at most `PHOTO_MAX_SIDE` on its long
    side (`portal.infrastructure.images`), and re-encode its pixels alone: the library keeps
    no camera's EXIF (nor its location) and no oversized picture."""
    decoded = images.decode(
        upload,
        name=name,
        max_side=settings.PHOTO_MAX_SIDE,
        refused=UploadRefused,
        formats=tuple(PILLOW_FORMATS),
        max_pixels=MAX_PIXELS,
    )
    try:
        content = images.encode(decoded.image, decoded.format)
    finally:
        decoded.close()
    return PILLOW_FORMATS[decoded.format], ContentFile(content)


def check_upload(upload, *, accept: frozenset = DOCUMENT_KINDS) -> CheckedUpload:
    """Recognise an uploaded file by its content, or refuse it with the reason."""
    display_name = _base_name(getattr(upload, "name", ""))
    size = upload.size
    if size > MAX_BYTES:
        raise UploadRefused(
            _("The file «%(name)s» is larger than 25 MB (%(size)s MB); it is refused.")
            % {"name": display_name, "size": f"{size / 1024 / 1024:.1f}"}
        )
    if size == 0:
        raise UploadRefused(_("The file «%(name)s» is empty.") % {"name": display_name})
    upload.seek(0)
    head = upload.read(64)
    content = None  # an image is stored re-encoded, not as it came
    if head.startswith(b"%PDF-"):
        kind = _check_pdf(upload, display_name, size)
    elif head.startswith(b"PK\x03\x04"):
        kind = _check_office(upload, display_name)
    elif head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        kind, content = _reencoded_image(upload, display_name)
    else:
        raise UploadRefused(
            uploads.not_accepted(
                display_name, head, words=OTHER_KINDS, expected=_kind_names(accept)
            )
        )
    if kind not in accept:
        raise UploadRefused(
            _("The file «%(name)s» is of type %(kind)s; only %(expected)s is accepted here.")
            % {"name": display_name, "kind": kind.label, "expected": _kind_names(accept)}
        )
    name = clean_name(upload.name or "", kind)
    if content is not None:
        return CheckedUpload(file=content, kind=kind, name=name, size=content.size)
    upload.seek(0)
    return CheckedUpload(file=upload, kind=kind, name=name, size=size)
