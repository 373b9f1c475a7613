"""Whose database a file is, found out before anything writes to it: no SQLAlchemy here.

Opening a SQLite file for Copydesk writes to it at once (WAL mode changes the header, Alembic
creates tables), so another application's file is looked at read-only first and refused
whole. Copydesk's files are recognised by their schema version (the revisions our migrations
name, or a later one of the same form written by a newer Copydesk) together with the tables
every version has; from migration 0005 on, SQLite files also carry Copydesk's
`PRAGMA application_id`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from database.errors import DatabaseError, DatabaseTooNewError, NotCopydeskDatabaseError

VERSIONS_FOLDER = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\b[^=]*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE
)
# "CpDk": written into the SQLite header (bytes 68–71) by migration 0005.
COPYDESK_APPLICATION_ID = 0x4370446B
# Copydesk numbers its migrations 0001, 0002…: a newer Copydesk's revision starts so too.
_COPYDESK_REVISION = re.compile(r"^\d{4}(?!\d)")
# Tables every Copydesk schema has had since the first: a stamp among other tables is not ours.
CORE_TABLES = frozenset({"articles", "authors", "comments", "alembic_version"})
SQLITE_HEADER = b"SQLite format 3\x00"
_TABLES_SHOWN = 6


def _migration_lines() -> list[dict[str, str]]:
    return [dict(_REVISION_LINE.findall(p.read_text())) for p in VERSIONS_FOLDER.glob("[0-9]*.py")]


def known_revisions() -> frozenset[str]:
    """Every revision our migrations name, read from the files (Alembic is not imported)."""
    return frozenset(found["revision"] for found in _migration_lines() if found.get("revision"))


def head_revision() -> str | None:
    """The newest migration, read from the migration files' `revision` lines.

    Importing Alembic (and with it Mako and Pygments) takes a tenth of a second, a third of
    what starting Copydesk costs; a database already up to date, the usual case, needs none of
    it. None when the files do not form one simple chain (Alembic then decides).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for found in _migration_lines():
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


@dataclass(frozen=True)
class SchemaLook:
    """What a database holds, as far as telling whose it is goes."""

    tables: frozenset[str]
    revision: str | None
    application_id: int = 0


def _list(tables: Collection[str]) -> str:
    shown = sorted(name for name in tables if name != "alembic_version")
    listed = ", ".join(shown[:_TABLES_SHOWN])
    return listed + (", …" if len(shown) > _TABLES_SHOWN else "")


def judge(where: str, look: SchemaLook, known: Collection[str]) -> None:
    """Nothing when the database is empty or Copydesk's at a revision we know; otherwise
    NotCopydeskDatabaseError, or DatabaseTooNewError for a newer Copydesk's."""
    tables = {name for name in look.tables if not name.startswith("sqlite_")}
    ours_by_id = look.application_id == COPYDESK_APPLICATION_ID
    if look.application_id not in (0, COPYDESK_APPLICATION_ID):
        raise NotCopydeskDatabaseError(
            f"{where} is not a Copydesk database: it is marked as another application's "
            f"(application id {look.application_id:#x}). It has not been changed. "
            "Choose another file."
        )
    if not tables:
        return
    if "alembic_version" not in tables or look.revision is None:
        raise NotCopydeskDatabaseError(
            f"{where} is not a Copydesk database: it holds tables {_list(tables)} of another "
            "application. It has not been changed. Choose another file."
        )
    has_core = tables >= CORE_TABLES
    if look.revision in known and (has_core or ours_by_id):
        return
    if ours_by_id or (has_core and _COPYDESK_REVISION.match(look.revision)):
        raise DatabaseTooNewError(
            f"this database was written by a newer version of Copydesk (schema "
            f"{look.revision}); it has not been changed. Update Copydesk to open it."
        )
    raise NotCopydeskDatabaseError(
        f"{where} is not a Copydesk database: it holds tables {_list(tables)} of another "
        f"application (schema version {look.revision!r} is none of Copydesk's). It has not "
        "been changed. Choose another file."
    )


def read_only_uri(path: Path) -> str:
    """A URI that opens the file read-only: SQLite then never writes to it."""
    return f"{path.resolve().as_uri()}?mode=ro"


def look_at_sqlite_file(path: Path) -> SchemaLook | None:
    """What the SQLite file holds, read without writing a byte; None when there is no file
    yet or it is empty (Copydesk creates its database there)."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except (FileNotFoundError, NotADirectoryError):
        return None  # nothing there yet: creating it says what stands in the way, if anything
    except IsADirectoryError as error:
        raise NotCopydeskDatabaseError(
            f"{path} is not a Copydesk database: it is a folder. Choose a file."
        ) from error
    except OSError as error:
        raise DatabaseError(f"cannot open the database {path}: {error.strerror}") from error
    if not header:
        return None
    if not header.startswith(SQLITE_HEADER):
        raise NotCopydeskDatabaseError(
            f"{path} is not a Copydesk database: it is not a SQLite database file. "
            "It has not been changed. Choose another file."
        )
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    except sqlite3.Error as error:
        raise DatabaseError(f"{path} cannot be read: {error}") from error
    try:
        tables = frozenset(
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row and row[0] is not None else None
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            f"{path} cannot be read as a database ({error}); it has not been changed. If it "
            "is Copydesk's, restore a backup (copydesk restore, or File ▸ Restore from backup)."
        ) from error
    finally:
        connection.close()
    return SchemaLook(tables, revision, application_id)


def refuse_unless_copydesk_file(path: Path) -> None:
    """Raise NotCopydeskDatabaseError (or DatabaseTooNewError) unless the file is missing,
    empty or Copydesk's at a schema this version knows; the file is only read."""
    look = look_at_sqlite_file(path)
    if look is not None:
        judge(str(path), look, known_revisions())
