"""Changes to the library: one function per kind of write.

Files are written under server-made names before the rows that point to them
are saved, in the same call; if anything in the call fails, the files it wrote
are deleted again, so a refused or failed change leaves nothing on disk.
Files that a change replaces or deletes are removed only once the change has
committed, so a rolled-back change never loses a file that is still in use.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.db.models import F, QuerySet

from portal.models import Region

from .models import UPLOAD_FOLDER, Bulletin, Collection, Item, Section
from .uploads import CheckedUpload

logger = logging.getLogger(__name__)


class NewFiles:
    """The files one change has written so far."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def store(self, upload: CheckedUpload) -> str:
        name = default_storage.save(
            f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}{upload.extension}", upload.file
        )
        self.names.append(name)
        return name


@contextmanager
def _change_with_files() -> Iterator[NewFiles]:
    """A transaction that deletes the files it wrote when it does not commit."""
    files = NewFiles()
    try:
        with transaction.atomic():
            yield files
    except BaseException:
        for name in files.names:
            default_storage.delete(name)
        raise


def _delete_files_on_commit(*names: str) -> None:
    names = tuple(name for name in names if name)
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _set_file(obj: Bulletin | Item, upload: CheckedUpload, files: NewFiles) -> str:
    """Point `obj` at a newly stored copy of `upload`; return the name it pointed at."""
    old = obj.file.name if obj.file else ""
    obj.file.name = files.store(upload)
    obj.file_name = upload.name
    obj.file_kind = upload.kind
    obj.file_size = upload.size
    return old


# --- Bulletins -------------------------------------------------------------------


def bulletin_create(
    *,
    region: Region,
    number: int,
    title: str,
    topic: str,
    issued_on: date,
    visibility: str,
    file: CheckedUpload,
    summary: str = "",
    cover: CheckedUpload | None = None,
    is_demo: bool = False,
) -> Bulletin:
    with _change_with_files() as files:
        bulletin = Bulletin(
            region=region,
            number=number,
            title=title,
            topic=topic,
            issued_on=issued_on,
            summary=summary,
            visibility=visibility,
            is_demo=is_demo,
        )
        _set_file(bulletin, file, files)
        if cover is not None:
            bulletin.cover.name = files.store(cover)
            bulletin.cover_kind = cover.kind
        bulletin.save()
    return bulletin


def bulletin_update(
    *,
    bulletin: Bulletin,
    number: int,
    title: str,
    topic: str,
    issued_on: date,
    visibility: str,
    summary: str = "",
    file: CheckedUpload | None = None,
    cover: CheckedUpload | None = None,
    remove_cover: bool = False,
) -> Bulletin:
    """Change a bulletin; a new file or cover replaces the old one."""
    replaced: list[str] = []
    with _change_with_files() as files:
        bulletin.number = number
        bulletin.title = title
        bulletin.topic = topic
        bulletin.issued_on = issued_on
        bulletin.summary = summary
        bulletin.visibility = visibility
        if file is not None:
            replaced.append(_set_file(bulletin, file, files))
        if cover is not None or remove_cover:
            replaced.append(bulletin.cover.name if bulletin.cover else "")
            bulletin.cover.name = files.store(cover) if cover is not None else ""
            bulletin.cover_kind = cover.kind if cover is not None else ""
        bulletin.save()
        _delete_files_on_commit(*replaced)
    return bulletin


@transaction.atomic
def bulletin_delete(*, bulletin: Bulletin) -> None:
    names = (bulletin.file.name, bulletin.cover.name if bulletin.cover else "")
    bulletin.delete()
    _delete_files_on_commit(*names)


# --- Collections, sections, materials -------------------------------------------


@transaction.atomic
def collection_create(
    *,
    region: Region,
    title: str,
    visibility: str,
    description: str = "",
    is_demo: bool = False,
) -> Collection:
    return Collection.objects.create(
        region=region,
        title=title,
        description=description,
        visibility=visibility,
        is_demo=is_demo,
    )


@transaction.atomic
def collection_update(
    *, collection: Collection, title: str, visibility: str, description: str = ""
) -> Collection:
    collection.title = title
    collection.description = description
    collection.visibility = visibility
    collection.save()
    return collection


def _item_file_names(items: QuerySet[Item]) -> list[str]:
    return list(items.exclude(file="").values_list("file", flat=True))


@transaction.atomic
def collection_delete(*, collection: Collection) -> None:
    """Delete a collection with its sections and materials, and their files."""
    names = _item_file_names(Item.objects.filter(section__collection=collection))
    collection.delete()
    _delete_files_on_commit(*names)


@transaction.atomic
def section_create(*, collection: Collection, title: str, position: int = 0) -> Section:
    return Section.objects.create(collection=collection, title=title, position=position)


@transaction.atomic
def section_update(*, section: Section, title: str, position: int = 0) -> Section:
    section.title = title
    section.position = position
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    names = _item_file_names(section.items.all())
    section.delete()
    _delete_files_on_commit(*names)


def item_create(
    *,
    section: Section,
    title: str,
    visibility: str,
    description: str = "",
    position: int = 0,
    file: CheckedUpload | None = None,
    link: str = "",
    is_demo: bool = False,
) -> Item:
    """Add a material to a section: a file or a link (the model refuses both or neither)."""
    with _change_with_files() as files:
        item = Item(
            section=section,
            title=title,
            description=description,
            visibility=visibility,
            position=position,
            link=link if file is None else "",
            is_demo=is_demo,
        )
        if file is not None:
            _set_file(item, file, files)
        item.save()
    return item


def item_update(
    *,
    item: Item,
    title: str,
    visibility: str,
    description: str = "",
    position: int = 0,
    file: CheckedUpload | None = None,
    link: str = "",
) -> Item:
    """Change a material. A new file replaces the old file or the link; a link given
    without a file replaces the file."""
    replaced: list[str] = []
    with _change_with_files() as files:
        item.title = title
        item.description = description
        item.visibility = visibility
        item.position = position
        if file is not None:
            replaced.append(_set_file(item, file, files))
            item.link = ""
        elif link:
            replaced.append(item.file.name if item.file else "")
            item.file.name = ""
            item.file_name = item.file_kind = ""
            item.file_size = None
            item.link = link
        item.save()
        _delete_files_on_commit(*replaced)
    return item


@transaction.atomic
def item_delete(*, item: Item) -> None:
    name = item.file.name if item.file else ""
    item.delete()
    _delete_files_on_commit(name)


# --- Measurements ------------------------------------------------------------------


def _count(rows: QuerySet, field: str) -> None:
    """Add one to a counter in a single UPDATE: concurrent visits never lose a
    count. Cached figures of the region follow (the rows' manager says so)."""
    try:
        rows.update(**{field: F(field) + 1})
    except DatabaseError:
        # A count is not worth a failed page: a database too busy to take it
        # loses one count, and the visitor still gets what they came for.
        logger.warning("library: a %s count was lost", field, exc_info=True)


def bulletin_scanned(*, bulletin: Bulletin) -> None:
    _count(Bulletin.objects.filter(pk=bulletin.pk), "scans")


def bulletin_downloaded(*, bulletin: Bulletin) -> None:
    _count(Bulletin.objects.filter(pk=bulletin.pk), "downloads")


def collection_scanned(*, collection: Collection) -> None:
    _count(Collection.objects.filter(pk=collection.pk), "scans")


def item_downloaded(*, item: Item) -> None:
    _count(Item.objects.filter(pk=item.pk), "downloads")
