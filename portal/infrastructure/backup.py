"""Backups: one archive with the database, every uploaded file and a manifest.

`create()` writes ``profinfo-<UTC time>.tar.gz`` into a folder (BACKUP_DIR):

- ``database.pgdump`` — PostgreSQL's custom dump (``pg_dump -Fc``), taken in
  the same snapshot as the row counts; or ``database.sqlite3`` — SQLite's
  online backup, consistent while the portal keeps writing;
- ``media/…`` — every file under MEDIA_ROOT;
- ``manifest.json`` — the code version, the database engine, the rows of
  every table and the SHA-256 of every file (the dump included).

`restore()` puts an archive back into an empty database and an empty media
folder, after checking every hash, and checks the row counts afterwards.
The password of PostgreSQL goes to ``pg_dump``/``pg_restore`` in their
environment (PGPASSWORD), never on a command line that `ps` shows.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

FORMAT = 1
PREFIX = "profinfo-"
SUFFIX = ".tar.gz"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why."""


def code_version() -> str:
    """`git describe` of the code running, or the VERSION file, or unknown."""
    base = Path(settings.BASE_DIR)
    git = shutil.which("git")
    try:
        if not git:
            raise FileNotFoundError("git")
        described = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [git, "describe", "--always", "--tags", "--dirty"],
            cwd=base,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        if described:
            return described
    except (OSError, subprocess.SubprocessError):
        pass
    version = base / "VERSION"
    return version.read_text().strip() if version.exists() else "unknown"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[Path]:
    """Every file under `root`, as paths relative to it, in a stable order."""
    if not root.is_dir():
        return
    for folder, _dirs, files in sorted(os.walk(root)):
        for name in sorted(files):
            yield (Path(folder) / name).relative_to(root)


def database_wrapper(settings_dict: dict, alias: str = "backup") -> BaseDatabaseWrapper:
    """A connection of its own to the database `settings_dict` describes."""
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(dict(settings_dict), alias)


def engine_of(settings_dict: dict) -> str:
    vendor = load_backend(settings_dict["ENGINE"]).DatabaseWrapper.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore: the password stays off argv."""
    env = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if not program:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    try:
        subprocess.run(  # noqa: S603 - pg_dump/pg_restore with our own arguments, no shell
            [program, *command[1:]],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=6 * 3600,
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[:1000]}") from error


def _dump_postgresql(settings_dict: dict, target: Path) -> dict[str, int]:
    """pg_dump in the snapshot the rows were counted in, so the two agree."""
    wrapper = database_wrapper(settings_dict)
    raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        raw.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            tables = [row[0] for row in cursor.fetchall()]
            counts = _count_rows(cursor, tables, wrapper.ops.quote_name)
            _run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "--no-privileges",
                    "--snapshot",
                    snapshot,
                    "-f",
                    str(target),
                ],
                env=_pg_env(settings_dict),
            )
    finally:
        raw.close()
    return counts


def _dump_sqlite(settings_dict: dict, target: Path) -> dict[str, int]:
    """SQLite's online backup: a consistent copy while others write."""
    source = sqlite3.connect(str(settings_dict["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        return _count_rows(cursor, tables, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        copy.close()
        source.close()


def create(
    *, folder: Path, settings_dict: dict | None = None, media_root: Path | None = None
) -> Path:
    """Write one archive into `folder`; returns its path."""
    settings_dict = settings_dict or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    engine = engine_of(settings_dict)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S-%f")
    archive = folder / f"{PREFIX}{stamp}{SUFFIX}"
    with tempfile.TemporaryDirectory(prefix="profinfo-backup-") as work:
        dump = Path(work) / DUMPS[engine]
        if engine == "postgresql":
            tables = _dump_postgresql(settings_dict, dump)
        else:
            tables = _dump_sqlite(settings_dict, dump)
        files = {str(name): sha256(media_root / name) for name in media_files(media_root)}
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "version": code_version(),
            "engine": engine,
            "database": {"file": dump.name, "sha256": sha256(dump)},
            "tables": tables,
            "files": files,
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            manifest_path = Path(work) / "manifest.json"
            manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            tar.add(manifest_path, arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            for name in files:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.rename(archive)  # a backup cut short never looks like a whole one
    os.chmod(archive, 0o600)
    return archive


def prune(*, folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives in `folder`; returns the deleted."""
    archives = sorted(Path(folder).glob(f"{PREFIX}*{SUFFIX}"))
    doomed = archives[: max(len(archives) - keep, 0)]
    for path in doomed:
        path.unlink()
    return doomed


def _tables_of(wrapper: BaseDatabaseWrapper) -> list[str]:
    with wrapper.cursor() as cursor:
        return wrapper.introspection.table_names(cursor)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds a path that is not allowed: {member.name}")
        members.append(member)
    return members


def _unpack(archive: Path, work: Path) -> dict:
    """Extract `archive` into `work`; its manifest, of a format this code reads."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, members=_safe_members(tar), filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read the archive {archive}: {error}") from error
    try:
        manifest = json.loads((work / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError("The archive has no readable manifest.json.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
    return manifest


def _check_archive(manifest: dict, work: Path, engine: str) -> Path:
    """Whether the extracted dump and files are those the manifest lists, hash
    by hash, for this installation's engine; returns the dump."""
    if manifest["engine"] != engine:
        raise BackupError(
            f"The archive holds a {manifest['engine']} database; this installation uses {engine}."
        )
    dump = work / manifest["database"]["file"]
    if not dump.is_file() or sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError("The database dump is missing or does not match its hash.")
    extracted = {str(name) for name in media_files(work / "media")}
    if extracted != set(manifest["files"]):
        raise BackupError("The files in the archive are not those the manifest lists.")
    for name, digest in manifest["files"].items():
        if sha256(work / "media" / name) != digest:
            raise BackupError(f"The file {name} does not match its hash.")
    return dump


def _check_empty(settings_dict: dict, media_root: Path) -> None:
    """A restore writes only into an empty database and an empty media folder."""
    wrapper = database_wrapper(settings_dict, alias="restore")
    try:
        if _tables_of(wrapper):
            raise BackupError("The database is not empty: restore only into a new, empty database.")
    finally:
        wrapper.close()
    if any(media_files(media_root)):
        raise BackupError(f"The media folder {media_root} is not empty.")


def _load_database(engine: str, settings_dict: dict, dump: Path) -> None:
    if engine == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                str(settings_dict["NAME"]),
                str(dump),
            ],
            env=_pg_env(settings_dict),
        )
    else:
        source = sqlite3.connect(str(dump))
        target = sqlite3.connect(str(settings_dict["NAME"]))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()


def _check_rows(settings_dict: dict, manifest: dict) -> None:
    """The restored database holds the rows the manifest counted, table by table."""
    wrapper = database_wrapper(settings_dict, alias="restore")
    try:
        with wrapper.cursor() as cursor:
            counts = _count_rows(cursor, _tables_of(wrapper), wrapper.ops.quote_name)
    finally:
        wrapper.close()
    if counts != manifest["tables"]:
        wrong = sorted(
            table
            for table in set(counts) | set(manifest["tables"])
            if counts.get(table) != manifest["tables"].get(table)
        )
        raise BackupError(f"Rows restored differ from the manifest in: {', '.join(wrong)}")


def _copy_media(manifest: dict, work: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    for name in manifest["files"]:
        target_path = media_root / name
        target_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(work / "media" / name, target_path)
        if sha256(target_path) != manifest["files"][name]:
            raise BackupError(f"The file {name} was not copied whole.")


def restore(
    archive: Path, *, settings_dict: dict | None = None, media_root: Path | None = None
) -> dict:
    """Restore `archive` into an empty database and an empty media folder.

    Every hash is checked before anything is written; the row counts after.
    Returns the manifest."""
    settings_dict = settings_dict or connection.settings_dict
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = engine_of(settings_dict)
    with tempfile.TemporaryDirectory(prefix="profinfo-restore-") as work:
        work = Path(work)
        manifest = _unpack(archive, work)
        dump = _check_archive(manifest, work, engine)
        _check_empty(settings_dict, media_root)
        _load_database(engine, settings_dict, dump)
        _check_rows(settings_dict, manifest)
        _copy_media(manifest, work, media_root)
    return manifest
