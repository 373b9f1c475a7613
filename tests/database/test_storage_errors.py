"""A write the database refuses as a whole, said in words with the database it is about."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from database.storage_errors import is_disk_full, is_lock_wait, storage_problem


def driver_error(message: str, code: int) -> OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return OperationalError("COMMIT", {}, error)


class PostgresError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    created = create_engine(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    yield created
    created.dispose()


@pytest.mark.parametrize(
    ("message", "code", "said"),
    [
        ("database or disk is full", 13, "The disk is full: there is no room left"),
        ("database is locked", 5, "The database is busy: another program kept it locked"),
        ("attempt to write a readonly database", 8, "The database cannot be written: it is"),
        ("disk I/O error", 778, "The disk could not be written: disk I/O error"),
        ("no such table: articles", 1, "The database refused to store more: no such table"),
    ],
)
def test_each_refusal_is_one_sentence_naming_the_file(
    engine, tmp_path: Path, message: str, code: int, said: str
) -> None:
    text = storage_problem(driver_error(message, code), engine)
    assert text.startswith(said)
    assert text.endswith(f"(database file {tmp_path / 'desk.sqlite3'})")
    assert "\n" not in text and "[SQL" not in text


def test_a_full_disk_is_found_behind_the_error_it_caused(engine) -> None:
    """SQLite rolls the transaction back on a full disk; the ROLLBACK TO SAVEPOINT after it
    fails in turn, and that error is the one raised."""
    try:
        try:
            raise driver_error("database or disk is full", 13)
        except OperationalError:
            raise driver_error("no such savepoint: sa_savepoint_1", 1) from None
    except OperationalError as raised:
        assert is_disk_full(raised) and not is_lock_wait(raised)
        assert storage_problem(raised, engine).startswith("The disk is full")


def test_postgresql_states_are_understood() -> None:
    full = OperationalError("INSERT", {}, PostgresError("could not extend file", "53100"))
    deadlock = OperationalError("UPDATE", {}, PostgresError("deadlock detected", "40P01"))
    assert is_disk_full(full) and not is_lock_wait(full)
    assert is_lock_wait(deadlock) and not is_disk_full(deadlock)
    server = create_engine("postgresql+psycopg://editor:secret@db.example/newsroom")
    text = storage_problem(full, server)
    assert text.startswith("The disk is full") and "db.example/newsroom" in text
    assert "secret" not in text
