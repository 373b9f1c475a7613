"""A database that cannot take a write as a whole, not because of what was written: a full
disk, another program holding the write lock past the wait, a read-only or failing disk. Said
in words, with the database it is about, instead of a driver's error and its SQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine

from database.engine import describe_url

# SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes keep the
# primary one in their low byte (SQLITE_IOERR_WRITE is 778 = 3 << 8 | 10).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL = 5, 6, 8, 10, 13
SQLITE_CANTOPEN = 14
# PostgreSQL's SQLSTATEs for "disk full", and for a transaction that lost a race for locks
# (serialization failure, deadlock, lock not available): the last ones may succeed again.
POSTGRESQL_DISK_FULL = "53100"
POSTGRESQL_LOCK_STATES = {"40001", "40P01", "55P03"}
_LOCK_CODES = {SQLITE_BUSY, SQLITE_LOCKED}


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver error it wraps, and the errors it was raised from or during: a
    failed ROLLBACK TO SAVEPOINT hides the full disk that caused it."""
    seen: set[int] = set()
    waiting = [error]
    while waiting:
        current = waiting.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = (getattr(current, "orig", None), current.__cause__, current.__context__)
        waiting.extend(link for link in linked if isinstance(link, BaseException))


def _sqlite_codes(error: BaseException) -> list[int]:
    codes = (getattr(link, "sqlite_errorcode", None) for link in _chain(error))
    return [code & 0xFF for code in codes if isinstance(code, int)]


def _sqlstates(error: BaseException) -> set[str]:
    states = (getattr(link, "sqlstate", None) or getattr(link, "pgcode", None)
              for link in _chain(error))  # fmt: skip
    return {state for state in states if isinstance(state, str)}


def is_disk_full(error: BaseException) -> bool:
    return SQLITE_FULL in _sqlite_codes(error) or POSTGRESQL_DISK_FULL in _sqlstates(error)


def is_lock_wait(error: BaseException) -> bool:
    """The write lock was not had (SQLite: within the busy timeout; PostgreSQL: a deadlock or
    a serialization failure): trying again may succeed."""
    if any(code in _LOCK_CODES for code in _sqlite_codes(error)):
        return True
    return bool(_sqlstates(error) & POSTGRESQL_LOCK_STATES)


def database_place(engine: Engine) -> str:
    """'database file /path/desk.sqlite3', or the server's URL without its password."""
    if engine.dialect.name == "sqlite":
        return f"database file {Path(engine.url.database or ':memory:').expanduser()}"
    return f"database {describe_url(engine.url.render_as_string(hide_password=True))}"


def _first_line(error: BaseException) -> str:
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return reason[0] if reason else type(error).__name__


def storage_problem(error: BaseException, engine: Engine) -> str:
    """One sentence for a person: what is wrong, ending with which database it is about."""
    place = database_place(engine)
    codes = _sqlite_codes(error)
    if is_disk_full(error):
        return f"The disk is full: there is no room left to store more ({place})"
    if is_lock_wait(error):
        return (
            "The database is busy: another program kept it locked for longer than Copydesk "
            f"waits ({place})"
        )
    if SQLITE_READONLY in codes:
        return f"The database cannot be written: it is read-only ({place})"
    if SQLITE_IOERR in codes or SQLITE_CANTOPEN in codes:
        return f"The disk could not be written: {_first_line(error)} ({place})"
    return f"The database refused to store more: {_first_line(error)} ({place})"


__all__ = ["database_place", "is_disk_full", "is_lock_wait", "storage_problem"]
