"""Backups of an open SQLite database: checked copies, kept for a number of days, restored
while Copydesk is open on the database; copies that fail their check are refused."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from database import backups
from database.backups import (
    BackupsElsewhereError,
    Reason,
    back_up,
    back_up_daily,
    check_copy,
    list_backups,
    prune,
    restore,
    sqlite_file_of,
)
from database.engine import Database, open_database
from database.errors import BackupError
from database.services.articles import ArticleService


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Database]:
    opened = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
    yield opened
    opened.dispose()


def _file(database: Database) -> Path:
    return sqlite_file_of(database.url)


def _titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM articles ORDER BY id")]
    finally:
        connection.close()


def _clock(when: datetime):  # type: ignore[no-untyped-def]
    return lambda: when


def test_a_backup_made_while_another_connection_writes_is_a_checked_copy_of_one_moment(
    desk: Database,
) -> None:
    articles = ArticleService(desk.session_factory)
    articles.create("First", "before any copy")
    writer = open_database(desk.url)  # another desk, writing all along
    written: list[int] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def keep_writing() -> None:
        others = ArticleService(writer.session_factory)
        try:
            while not stop.is_set() or len(written) < 20:
                written.append(others.create(f"Written {len(written)}", "x " * 400).id)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = [back_up(_file(desk), Reason.MANUAL) for _ in range(3)]
    finally:
        stop.set()
        thread.join()
        writer.dispose()
    assert not failures
    counts = []
    for copy in copies:
        check_copy(copy.path)  # raises when it is not intact
        titles = _titles(copy.path)
        assert titles[0] == "First"
        # One moment: a prefix of what was written, never a torn article list.
        assert titles[1:] == [f"Written {n}" for n in range(len(titles) - 1)]
        counts.append(len(titles))
        assert copy.path.read_bytes()[18:20] == b"\x01\x01"  # one file, no -wal needed
    assert counts == sorted(counts)
    assert len(_titles(_file(desk))) == len(written) + 1
    assert [b.path for b in list_backups(_file(desk))] == sorted(
        (c.path for c in copies), key=lambda p: p.name, reverse=True
    )
    assert not list(copies[0].path.parent.glob(".*"))  # no temporary file left behind


def test_a_copy_that_fails_its_check_never_gets_its_final_name(
    desk: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(path: Path) -> None:
        raise BackupError(f"{path} fails its check")

    monkeypatch.setattr(backups, "check_copy", damaged)
    target = _file(desk).parent / "out" / "copy.sqlite3"
    with pytest.raises(BackupError, match="failed its check"):
        backups.copy_database(_file(desk), target)
    assert list(target.parent.iterdir()) == []


def test_a_backup_that_cannot_be_written_says_so(desk: Database) -> None:
    blocker = _file(desk).parent / "backups"
    blocker.write_text("a file where the backups folder should be")
    with pytest.raises(BackupError, match=r"the backup of .* failed"):
        back_up(_file(desk), Reason.DAILY)
    with pytest.raises(BackupError, match="is the database itself"):
        backups.copy_database(_file(desk), _file(desk))


def test_daily_copies_are_made_once_a_day_and_kept_for_the_days_chosen(desk: Database) -> None:
    database_file = _file(desk)
    first_day = datetime(2026, 3, 1, 9, 30)
    for day in range(20):
        outcome = back_up_daily(database_file, keep_days=30, now=_clock(first_day + timedelta(day)))
        assert outcome.made is not None
    later_that_day = first_day + timedelta(days=19, hours=8)
    assert back_up_daily(database_file, 30, _clock(later_that_day)).made is None
    assert len(list_backups(database_file)) == 20

    outcome = back_up_daily(database_file, keep_days=14, now=_clock(later_that_day))
    kept = list_backups(database_file)
    assert [b.made_at.date() for b in kept] == [
        (first_day + timedelta(day)).date() for day in range(19, 4, -1)
    ]
    assert len(outcome.deleted) == 5
    assert not any(path.exists() for path in outcome.deleted)


def test_the_newest_copy_stays_however_old(desk: Database) -> None:
    database_file = _file(desk)
    back_up(database_file, Reason.BEFORE_MIGRATION, _clock(datetime(2025, 1, 1)))
    back_up(database_file, Reason.DAILY, _clock(datetime(2025, 1, 2)))
    assert prune(database_file, 14, _clock(datetime(2026, 1, 1))) != ()
    assert [b.made_at for b in list_backups(database_file)] == [datetime(2025, 1, 2)]
    with pytest.raises(BackupError, match="at least one day"):
        prune(database_file, 0)


def test_a_restore_puts_the_copy_back_under_the_open_database(desk: Database) -> None:
    articles = ArticleService(desk.session_factory)
    articles.create("Kept", "in the copy")
    copy = back_up(_file(desk), Reason.MANUAL)
    articles.create("Later", "after the copy")

    outcome = restore(copy.path, _file(desk))

    # The open connections read the restored database: the same file, new contents.
    assert [a.title for a in articles.summaries(articles.ids())] == ["Kept"]
    assert outcome.kept is not None and outcome.kept.reason is Reason.BEFORE_RESTORE
    assert _titles(outcome.kept.path) == ["Kept", "Later"]
    articles.create("After the restore", "works as before")
    with desk.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_restore_refuses_a_copy_damaged_in_the_middle(desk: Database) -> None:
    articles = ArticleService(desk.session_factory)
    for number in range(300):
        articles.create(f"Article {number}", f"paragraph {number} " * 150)
    copy = back_up(_file(desk), Reason.MANUAL).path
    data = bytearray(copy.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4 * 4096] = bytes(range(256)) * 64
    copy.write_bytes(bytes(data))
    before = len(list_backups(_file(desk)))

    with pytest.raises(BackupError, match="fails its check"):
        restore(copy, _file(desk))
    assert articles.count() == 300
    assert len(list_backups(_file(desk))) == before  # nothing was done, not even a copy


def test_a_restore_refuses_another_applications_file(desk: Database, tmp_path: Path) -> None:
    ArticleService(desk.session_factory).create("Ours", "stays")
    foreign = tmp_path / "other.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE articles (headline TEXT)")
    connection.commit()
    connection.close()
    before = foreign.read_bytes()
    with pytest.raises(BackupError, match="is not a Copydesk database"):
        restore(foreign, _file(desk))
    assert foreign.read_bytes() == before
    assert _titles(_file(desk)) == ["Ours"]


def test_a_copy_of_an_older_schema_is_restored_and_upgraded_when_opened(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from database.migrate import alembic_config

    old = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{old}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    target = tmp_path / "desk.sqlite3"
    restore(old, target)
    reopened = open_database(f"sqlite:///{target}")
    reopened.dispose()
    made = [b.reason for b in list_backups(target)]
    assert made == [Reason.BEFORE_MIGRATION]


def test_a_server_database_is_backed_up_by_the_server() -> None:
    with pytest.raises(BackupsElsewhereError, match="pg_dump"):
        sqlite_file_of("postgresql+psycopg://editor@db.example/newsroom")
