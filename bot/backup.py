"""`netral backup PATH` / `netral restore PATH`: the store plus the index pointer, on either
engine; `netral store migrate-to URL`: an embedded store into PostgreSQL.

A backup is a directory, the same for both engines:
    netral.sqlite3       a consistent copy of the store in rollback-journal mode (one file):
                         SQLite's online backup API, or, from PostgreSQL, every table read in
                         one REPEATABLE READ snapshot into a fresh SQLite file of the same
                         schema (a portable export: it restores into either engine)
    index-pointer.json   the `current` pointer that was serving (which generation, built when)
    manifest.json        format, netral version, schema (applied migrations), checksum, counts

The index itself is not backed up: it is rebuilt from the corpus (`netral index`). The pointer
only tells the operator which generation served when the backup was taken; restore never
writes it back, since that generation may no longer exist.

Restore refuses a backup whose schema has migrations this netral does not know (a newer
release made it), and refuses while a bot runs on the data dir (it holds the run lock). On
PostgreSQL, replicas run on other machines: restore refuses while webhook updates were taken
in the last minute (stop every replica first), and replaces all rows in one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.fsutil import LockBusy, file_lock, fsync_path
from bot.search.index import read_pointer
from bot.store.copy import COUNTED, copy_all, counts, is_empty
from bot.store.db import MIGRATIONS, applied_migrations, migrate
from bot.store.engine import SqliteEngine, StoreUnavailable, is_postgres_url, open_engine, redact
from bot.store.repo import DB_NAME, Store

FORMAT = 1
MANIFEST = "manifest.json"
POINTER = "index-pointer.json"
RUN_LOCK = ".run.lock"
_COUNTED = COUNTED


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why and what to do."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    schema: list[str]
    generation: str | None
    counts: dict[str, int]
    engine: str = "sqlite"


@dataclass(frozen=True)
class MigrateReport:
    target: str
    counts: dict[str, int]


@dataclass(frozen=True)
class RestoreReport:
    schema: list[str]
    backup_generation: str | None
    serving_generation: str | None
    counts: dict[str, int]
    created_at: str


def netral_version() -> str:
    try:
        return metadata.version("netral")
    except metadata.PackageNotFoundError:
        return "unknown"


@contextlib.contextmanager
def bot_running(data_dir: Path) -> Iterator[None]:
    """Held (shared) by `netral run` for its whole life; restore needs it exclusively."""
    with file_lock(data_dir / RUN_LOCK, shared=True, wait=True):
        yield


@contextlib.contextmanager
def _no_bot_running(data_dir: Path) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(file_lock(data_dir / RUN_LOCK))
        except LockBusy:
            raise BackupError(
                f"a bot is running on {data_dir}: stop it (docker compose stop bot) and retry"
            ) from None
        yield


def _schema(conn: sqlite3.Connection) -> list[str]:
    try:
        return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY name")]
    except sqlite3.OperationalError:
        return []


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in _COUNTED:
        with contextlib.suppress(sqlite3.OperationalError):
            counts[table] = int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy_store(source: Path, target: Path, mode: str = "rw") -> None:
    """Copy a SQLite database with the online backup API, into a one-file (DELETE) database."""
    # The live store is opened read-write: a read-only connection to a WAL database may fail
    # to set up the shared-memory index. A backup copy (one file) is opened read-only.
    src = sqlite3.connect(f"file:{source}?mode={mode}", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            # pages=-1: one step under one read transaction, so the copy is one consistent
            # snapshot even while the bot keeps writing.
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the copy failed its integrity check: {check}")
        finally:
            dst.close()
    finally:
        src.close()
    fsync_path(target)


def backup(config: Config, dest: Path) -> BackupReport:
    """Write a backup directory at `dest` (absent or empty), atomically.

    Args:
        config: whose data dir holds the store and the index pointer.
        dest: the directory to create.

    Returns:
        What went into the backup. Raises BackupError when there is nothing to back up or
        `dest` is in the way.
    """
    postgres = is_postgres_url(config.store.url)
    store = config.data_dir / DB_NAME
    if not postgres and not store.exists():
        raise BackupError(f"no store at {store}: nothing to back up")
    dest = dest.absolute()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty directory")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.parent / f".{dest.name}.tmp-{secrets.token_hex(4)}"
    tmp.mkdir()
    try:
        if postgres:
            _export_postgres(config, tmp / DB_NAME)
        else:
            _copy_store(store, tmp / DB_NAME)
        with contextlib.closing(sqlite3.connect(tmp / DB_NAME)) as conn:
            schema, counts = _schema(conn), _counts(conn)
        pointer = read_pointer(config)
        if pointer is not None:
            (tmp / POINTER).write_text(json.dumps(pointer, ensure_ascii=False, indent=2))
        manifest = {
            "format": FORMAT,
            "netral_version": netral_version(),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "schema": schema,
            "store": {
                "file": DB_NAME,
                "sha256": _sha256(tmp / DB_NAME),
                "engine": "postgresql" if postgres else "sqlite",
            },
            "index_pointer": POINTER if pointer is not None else None,
            "generation": pointer.get("generation") if pointer else None,
            "counts": counts,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        if dest.exists():
            dest.rmdir()
        os.rename(tmp, dest)
        fsync_path(dest.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    generation = pointer.get("generation") if pointer else None
    return BackupReport(dest, schema, generation, counts, "postgresql" if postgres else "sqlite")


def _export_postgres(config: Config, target: Path) -> None:
    """Every table of the PostgreSQL store, in one snapshot, into a fresh SQLite file."""
    try:
        source = open_engine(config.store.url, target, config.store.pool_size)
    except StoreUnavailable as err:
        raise BackupError(str(err)) from None
    try:
        copy = SqliteEngine(target)
        try:
            migrate(copy, [m for m in MIGRATIONS if m.__name__ in set(applied_migrations(source))])
            copy_all(source, copy)
            copy.conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    fsync_path(target)


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, checked for format and presence of the store copy."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a netral backup ({MANIFEST}: {exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r} is not {FORMAT}")
    if not (source / DB_NAME).is_file():
        raise BackupError(f"{source}: {DB_NAME} is missing")
    return manifest


def check_schema(schema: list[str]) -> None:
    """Refuse a schema that has migrations this code does not know (made by a newer netral)."""
    known = [m.__name__ for m in MIGRATIONS]
    unknown = [name for name in schema if name not in known]
    if unknown:
        raise BackupError(
            f"the backup's schema is newer than this netral ({netral_version()}): it has "
            f"{', '.join(unknown)}, this release knows up to {known[-1]}. Restore it with the "
            "netral release that made it (or a later one)"
        )


def restore(config: Config, source: Path) -> RestoreReport:
    """Replace the data dir's store with a backup's, atomically; the bot must be stopped.

    The store is written with SQLite's backup API in one transaction: a reader sees the old or
    the new database, never a mix, and the WAL files stay consistent (renaming a file over a
    WAL-mode database would let its stale `-wal` be replayed into the new one). A fresh data
    dir gets a temporary file renamed into place. Older schemas are migrated at once.

    Raises:
        BackupError: not a backup, checksum or integrity mismatch, newer schema, or a bot
            running on the data dir.
    """
    source = source.absolute()
    manifest = read_manifest(source)
    copy = source / DB_NAME
    expected = manifest.get("store", {}).get("sha256")
    if expected and _sha256(copy) != expected:
        raise BackupError(f"{copy}: checksum does not match the manifest (damaged backup?)")
    with contextlib.closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{copy}: integrity check failed: {check}")
        schema, counts = _schema(conn), _counts(conn)
    check_schema(sorted(set(schema) | set(manifest.get("schema", []))))
    if is_postgres_url(config.store.url):
        return _restore_postgres(config, copy, manifest, schema, counts)
    live = config.data_dir / DB_NAME
    with _no_bot_running(config.data_dir):
        if live.exists():
            with (
                contextlib.closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as src,
                contextlib.closing(sqlite3.connect(live, timeout=30)) as dst,
            ):
                src.backup(dst, pages=-1)
        else:
            tmp = live.with_name(f".{live.name}.restore-{secrets.token_hex(4)}")
            try:
                _copy_store(copy, tmp, "ro")
                os.replace(tmp, live)
                fsync_path(live.parent)
            finally:
                tmp.unlink(missing_ok=True)
        Store(live).close()  # apply migrations newer than the backup, now
    pointer = read_pointer(config)
    return RestoreReport(
        schema,
        manifest.get("generation"),
        pointer.get("generation") if pointer else None,
        counts,
        str(manifest.get("created_at", "")),
    )


def _restore_postgres(
    config: Config, copy: Path, manifest: dict[str, Any], schema: list[str], counts: dict[str, int]
) -> RestoreReport:
    """Replace every row of the PostgreSQL store with the backup's, in one transaction."""
    try:
        target = open_engine(config.store.url, copy, config.store.pool_size)
    except StoreUnavailable as err:
        raise BackupError(str(err)) from None
    try:
        migrate(target)
        recent = target.execute(
            "SELECT COUNT(*) FROM updates_seen WHERE claimed_at > ?", (time.time() - 60,)
        ).rows[0][0]
        if recent:
            raise BackupError(
                f"replicas are serving from {redact(config.store.url or '')} (webhook updates in "
                "the last minute): stop every replica and retry"
            )
        # A scratch copy: the backup itself stays byte for byte as written (its checksum).
        scratch = config.data_dir / f".restore-{secrets.token_hex(4)}.sqlite3"
        config.data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(copy, scratch)
        try:
            source = SqliteEngine(scratch)
            try:
                migrate(source)  # an older backup is brought up to this schema first
                copy_all(source, target, replace=True)
            finally:
                source.close()
        finally:
            for leftover in scratch.parent.glob(scratch.name + "*"):
                leftover.unlink(missing_ok=True)
    finally:
        target.close()
    pointer = read_pointer(config)
    return RestoreReport(
        schema,
        manifest.get("generation"),
        pointer.get("generation") if pointer else None,
        counts,
        str(manifest.get("created_at", "")),
    )


def migrate_to(config: Config, url: str) -> MigrateReport:
    """Copy the embedded (SQLite) store of the data dir into an empty PostgreSQL store.

    Raises:
        BackupError: not a PostgreSQL URL, unreachable, not empty, no embedded store, or a bot
            running on the data dir (its writes after the copy would be lost).
    """
    if not is_postgres_url(url):
        raise BackupError(f"{redact(url)!r} is not a postgresql:// URL")
    live = config.data_dir / DB_NAME
    if not live.exists():
        raise BackupError(f"no embedded store at {live}: nothing to migrate")
    with _no_bot_running(config.data_dir):
        try:
            target = open_engine(url, live, config.store.pool_size)
        except StoreUnavailable as err:
            raise BackupError(str(err)) from None
        try:
            migrate(target)
            if not is_empty(target):
                raise BackupError(
                    f"{redact(url)} already holds netral data: migrate into an empty database"
                )
            source = SqliteEngine(live)
            try:
                migrate(source)
                copy_all(source, target)
                before, after = counts(source), counts(target)
            finally:
                source.close()
            if before != after:
                raise BackupError(f"row counts differ after the copy: {before} vs {after}")
        finally:
            target.close()
    return MigrateReport(redact(url), after)
