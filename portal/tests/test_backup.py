"""Backups round-trip: fill, back up, restore into a new empty database and
media folder, and find every table's rows and every file's bytes again."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import require
from portal.infrastructure import backup
from portal.models import OutboxEmail
from portal.tasks import backup_task


def _rows(settings_dict: dict) -> dict[str, list]:
    """Every row of every table, in an order that does not depend on the database."""
    wrapper = backup.database_wrapper(settings_dict, alias="compare")
    try:
        with wrapper.cursor() as cursor:
            tables = wrapper.introspection.table_names(cursor)
            rows = {}
            for table in tables:
                cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")  # noqa: S608
                rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
            return rows
    finally:
        wrapper.close()


def _hashes(root: Path) -> dict[str, str]:
    return {str(name): backup.sha256(root / name) for name in backup.media_files(root)}


@pytest.fixture
def filled(transactional_db, world, settings):
    """The report's data, a few rows of our own, and uploaded files."""
    from bulletins.tests.factories import BulletinFactory

    call_command("load_seed", verbosity=0)
    BulletinFactory(title="Бюллетень № 1")
    OutboxEmail.objects.create(key="k1", to="a@example.kz", subject="Тема", body="Текст ✓")
    reports = Path(settings.MEDIA_ROOT) / "reports" / "2026"
    reports.mkdir(parents=True)
    (reports / "справка.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return settings


@pytest.fixture
def empty_database(tmp_path):
    """A new, empty database of the same engine: on SQLite a new file; on
    PostgreSQL a throw-away database, dropped afterwards."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    require(
        bool(shutil.which("pg_dump") and shutil.which("pg_restore")),
        "pg_dump/pg_restore are not installed (apt-get install postgresql-client)",
    )
    name = f"profinfo_restore_{uuid.uuid4().hex[:12]}"
    assert name not in {"profinfo", "test_profinfo"}
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_round_trip(filled, empty_database, tmp_path):
    source = connection.settings_dict
    if connection.vendor == "postgresql":
        require(bool(shutil.which("pg_dump")), "pg_dump is not installed")
    media = Path(filled.MEDIA_ROOT)
    archive = backup.create(folder=tmp_path / "backups")
    assert archive.name.startswith("profinfo-") and archive.name.endswith(".tar.gz")

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["version"] != ""
    assert manifest["tables"]["portal_region"] >= 1
    assert manifest["files"] == _hashes(media)
    assert any(name.startswith("reports/2026/") for name in manifest["files"])
    assert any(name.startswith("bulletins/") or "/" in name for name in manifest["files"])

    restored_media = tmp_path / "restored-media"
    backup.restore(archive, settings_dict=empty_database, media_root=restored_media)

    assert _rows(empty_database) == _rows(source)
    assert _hashes(restored_media) == _hashes(media)

    # A second restore would overwrite: refused, the database is not empty.
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(archive, settings_dict=empty_database, media_root=tmp_path / "m2")


def test_restore_refuses_an_archive_whose_file_was_changed(filled, tmp_path):
    archive = backup.create(folder=tmp_path / "backups")
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as tar, tarfile.open(tampered, "w:gz") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name.startswith("media/reports/"):
                data = data[:-1] + b"!"
            out.addfile(member, io.BytesIO(data))
    target = {**connection.settings_dict, "NAME": str(tmp_path / "x.sqlite3")}
    with pytest.raises(backup.BackupError, match="does not match its hash"):
        backup.restore(tampered, settings_dict=target, media_root=tmp_path / "m")
    assert not any(backup.media_files(tmp_path / "m"))


def test_the_command_keeps_the_newest_archives(filled, tmp_path):
    folder = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", folder=folder, keep=2, verbosity=0)
    assert len(list(folder.glob("profinfo-*.tar.gz"))) == 2
    assert not list(folder.glob("*.partial"))


def test_the_nightly_task_writes_into_backup_dir(filled, tmp_path):
    filled.BACKUP_DIR = tmp_path / "nightly"
    filled.BACKUP_KEEP = 1
    backup_task.apply().get()
    backup_task.apply().get()
    assert len(list((tmp_path / "nightly").glob("profinfo-*.tar.gz"))) == 1


def test_restore_command_refuses_the_portal_s_own_database(filled, tmp_path):
    from django.core.management import CommandError

    archive = backup.create(folder=tmp_path / "backups")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_a_backup_folder_inside_media_root_is_an_error(settings, tmp_path):
    from portal.infrastructure.checks import check_backup_dir

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "media" / "backups"
    assert [error.id for error in check_backup_dir(None)] == ["portal.E004"]
    settings.BACKUP_DIR = tmp_path / "backups"
    assert check_backup_dir(None) == []
