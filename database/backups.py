"""Copies of a SQLite database made while it is open, checked, kept for a number of days, and
put back (restored) while Copydesk may be running on it. No SQLAlchemy session, no Qt.

A copy is made with SQLite's online backup API: one read transaction, so a writer at another
desk goes on and the copy is the database as of one moment. It is written under a temporary
name, checked (`PRAGMA integrity_check` and that it is a Copydesk database), then renamed:
a copy under its final name has passed its check. Copies go into a `backups` folder beside
the database, named after it, the moment (local time) and why they were made.

A restore writes the copy into the database file through the same API, in one write
transaction: every connection (this window's, another desk's) sees either the old database
or the restored one, and the file stays the same file, so nobody is left on a replaced inode.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from database.errors import BackupError, CopydeskError
from database.identity import look_at_sqlite_file, read_only_uri, refuse_unless_copydesk_file

FOLDER_NAME = "backups"
DEFAULT_KEEP_DAYS = 14
SUFFIX = ".sqlite3"
PARTIAL = ".partial"
_STAMP = "%Y%m%d-%H%M%S"

POSTGRESQL_ADVICE = (
    "Copydesk does not back up a database on a PostgreSQL server: the newsroom backs it up on "
    "the server with pg_dump (for example `pg_dump --format=custom --file=newsroom.dump "
    "newsroom`, run every day by whoever looks after the server) and restores it with "
    "pg_restore. Ask them for a copy or a restore."
)

Clock = Callable[[], datetime]


class Reason(StrEnum):
    DAILY = "daily"
    BEFORE_MIGRATION = "before-migration"
    BEFORE_RESTORE = "before-restore"
    MANUAL = "manual"


class BackupsElsewhereError(BackupError):
    """The database is not a SQLite file Copydesk can copy (PostgreSQL: the server's pg_dump)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: Reason
    size: int

    def describe(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} · {self.reason.value} · {_size(self.size)}"


@dataclass(frozen=True)
class DailyOutcome:
    made: Backup | None  # None: today's copy was there already
    deleted: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: Path
    database_file: Path
    kept: Backup | None  # the database as it was before, None when there was none


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size:.1f} GB"


def sqlite_file_of(url: str) -> Path:
    """The file of a SQLite database URL; BackupsElsewhereError for any other database."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise BackupError(f"{url!r} is not a database URL ({error})") from error
    if parsed.get_backend_name() != "sqlite":
        raise BackupsElsewhereError(POSTGRESQL_ADVICE)
    if parsed.database in (None, "", ":memory:"):
        raise BackupsElsewhereError("a database in memory has no file to back up")
    return Path(parsed.database).expanduser().resolve()


def backup_folder(database_file: Path) -> Path:
    return database_file.parent / FOLDER_NAME


def _pattern(database_file: Path) -> re.Pattern[str]:
    reasons = "|".join(re.escape(reason.value) for reason in Reason)
    return re.compile(
        rf"^{re.escape(database_file.stem)}-(\d{{8}}-\d{{6}})-({reasons})(?:-\d+)?"
        rf"{re.escape(SUFFIX)}$"
    )


def list_backups(database_file: Path) -> list[Backup]:
    """The copies of this database in its backups folder, newest first."""
    folder = backup_folder(database_file)
    pattern = _pattern(database_file)
    found: list[Backup] = []
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise BackupError(f"cannot read the backups folder {folder}: {error.strerror}") from error
    for path in entries:
        match = pattern.match(path.name)
        if match is None or not path.is_file():
            continue
        made_at = datetime.strptime(match.group(1), _STAMP)
        found.append(Backup(path, made_at, Reason(match.group(2)), path.stat().st_size))
    return sorted(found, key=lambda backup: (backup.made_at, backup.path.name), reverse=True)


def check_copy(path: Path) -> None:
    """BackupError unless the file passes `PRAGMA integrity_check` and is a Copydesk database
    of a schema this version knows. The file is only read."""
    try:
        refuse_unless_copydesk_file(path)
        if look_at_sqlite_file(path) is None:
            raise BackupError(f"{path} is empty: it is not a backup")
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            problems = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} fails its check ({error}): it is damaged") from error
    except BackupError:
        raise
    except CopydeskError as error:
        raise BackupError(f"{path} cannot be used: {error}") from error
    if problems != ["ok"]:
        raise BackupError(f"{path} fails its check, it is damaged: {'; '.join(problems[:3])}")


def copy_database(database_file: Path, target: Path) -> int:
    """Copy the open database into `target` (replaced if there), checked; its size in bytes.

    Written to a temporary name beside the target and renamed once checked: a crash or a full
    disk leaves no half copy under the final name."""
    if not database_file.is_file():
        raise BackupError(f"there is no database at {database_file} to back up")
    refuse_unless_copydesk_file(database_file)
    if target.exists() and target.resolve() == database_file.resolve():
        raise BackupError(f"{target} is the database itself; choose another file")
    partial = target.with_name(f".{target.name}{PARTIAL}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(read_only_uri(database_file), uri=True, timeout=30)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                # One self-contained file: no -wal beside the copy.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            source.close()
        check_copy(partial)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
        _sync_folder(target.parent)
        return target.stat().st_size
    except (sqlite3.Error, OSError) as error:
        _discard(partial)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise BackupError(f"the backup of {database_file} to {target} failed: {reason}") from error
    except BackupError as error:
        _discard(partial)
        raise BackupError(f"the backup of {database_file} failed its check: {error}") from error


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):  # the error that brought us here is the one to tell
        partial.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def back_up(database_file: Path, reason: Reason, now: Clock = datetime.now) -> Backup:
    """A checked copy in the backups folder."""
    made_at = now().replace(microsecond=0, tzinfo=None)
    folder = backup_folder(database_file)
    name = f"{database_file.stem}-{made_at:{_STAMP}}-{reason.value}"
    target = folder / f"{name}{SUFFIX}"
    number = 2
    while target.exists():  # two in one second: a restore's copy right after a daily one
        target = folder / f"{name}-{number}{SUFFIX}"
        number += 1
    size = copy_database(database_file, target)
    return Backup(target, made_at, reason, size)


def prune(database_file: Path, keep_days: int, now: Clock = datetime.now) -> tuple[Path, ...]:
    """Delete the copies made more than `keep_days` days before today (by the calendar: the
    hour of a copy does not matter); the newest copy always stays, however old, so that a
    desk left unused for a month still has one."""
    if keep_days < 1:
        raise BackupError("copies are kept for at least one day")
    oldest_kept = now().date() - timedelta(days=keep_days)
    deleted: list[Path] = []
    for backup in list_backups(database_file)[1:]:
        if backup.made_at.date() >= oldest_kept:
            continue
        try:
            backup.path.unlink()
        except FileNotFoundError:  # another desk pruned it first
            continue
        except OSError as error:
            raise BackupError(
                f"cannot delete the old copy {backup.path}: {error.strerror}"
            ) from error
        deleted.append(backup.path)
    return tuple(deleted)


def daily_backup_due(database_file: Path, now: Clock = datetime.now) -> bool:
    today = now().date()
    return database_file.is_file() and not any(
        b.reason is Reason.DAILY and b.made_at.date() == today for b in list_backups(database_file)
    )


def back_up_daily(
    database_file: Path, keep_days: int = DEFAULT_KEEP_DAYS, now: Clock = datetime.now
) -> DailyOutcome:
    """Today's copy unless there is one, then the copies past `keep_days` deleted."""
    due = daily_backup_due(database_file, now)
    made = back_up(database_file, Reason.DAILY, now) if due else None
    return DailyOutcome(made, prune(database_file, keep_days, now))


def restore(copy: Path, database_file: Path, now: Clock = datetime.now) -> RestoreOutcome:
    """Put a checked copy back in place of the database, keeping a copy of the database as
    it was. A copy that fails its check, or that is not a Copydesk database, is refused and
    nothing is changed; so is a database file that is not Copydesk's."""
    copy = copy.expanduser().resolve()
    if not copy.is_file():
        raise BackupError(f"there is no backup at {copy}")
    if database_file.exists() and copy.samefile(database_file):
        raise BackupError(f"{copy} is the database itself, not a backup of it")
    check_copy(copy)
    refuse_unless_copydesk_file(database_file)
    kept = None
    if database_file.is_file() and database_file.stat().st_size:
        kept = back_up(database_file, Reason.BEFORE_RESTORE, now)
    try:
        database_file.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(read_only_uri(copy), uri=True, timeout=30)
        try:
            target = sqlite3.connect(database_file, timeout=30)
            try:
                source.backup(target)  # one write transaction: all of it or nothing
            finally:
                target.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as error:
        raise BackupError(
            f"the restore of {database_file} from {copy} failed ({error}); the database was "
            "not changed"
        ) from error
    return RestoreOutcome(copy, database_file, kept)
