"""An import the database refuses as a whole (a full disk, the write lock held past every wait):
it stops with one sentence saying why, and what it reported is exactly what it stored."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from database.engine import Database, open_database
from database.models import Article, ImportRecord
from database.services.importing import LOCK_ATTEMPTS, FileResult, Importer, ImportStopped, Outcome
from database.textformat import ParsedArticle, ParsedComment, write_bytes

FullDisk = Callable[[Path, int], None]


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def sqlite_database(database_file: Path) -> Iterator[Database]:
    """Always SQLite: a full disk is simulated with SQLite's page limit."""
    opened = open_database(f"sqlite:///{database_file}")
    yield opened
    opened.dispose()


def story_files(folder: Path, count: int, body_words: int = 400) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        words = " ".join(f"word{number}x{index}" for index in range(body_words))
        article = ParsedArticle(
            title=f"Story {number:03}",
            body=words,
            bio=f"Reporter {number % 3}",
            comments=(ParsedComment.from_text(f"A comment on story {number}"),),
        )
        path = folder / f"{number:03}.txt"
        path.write_bytes(write_bytes(article))
        paths.append(path)
    return paths


def stored_articles(database_file: Path) -> int:
    with sqlite3.connect(database_file) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def assert_intact(database_file: Path) -> None:
    """The file, its search index and its import records agree with each other."""
    connection = sqlite3.connect(database_file)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.execute("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')")
        articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert connection.execute("SELECT count(*) FROM article_fts").fetchone()[0] == articles
        records = "SELECT count(*) FROM import_records WHERE outcome = 'imported'"
        assert connection.execute(records).fetchone()[0] == articles
    finally:
        connection.close()


def run_reporting(importer: Importer, paths: list[Path]) -> tuple[list[FileResult], ImportStopped]:
    reported: list[FileResult] = []
    with pytest.raises(ImportStopped) as stopped:
        importer.run(paths, on_result=reported.append)
    return reported, stopped.value


def test_a_full_disk_stops_the_import_and_reports_only_what_was_stored(
    sqlite_database: Database, database_file: Path, tmp_path: Path, full_disk: FullDisk
) -> None:
    paths = story_files(tmp_path / "in", 60)
    full_disk(database_file, 60)
    sqlite_database.engine.dispose()  # connections from now on find the disk full
    importer = Importer(sqlite_database.session_factory, batch_size=10)
    reported, stopped = run_reporting(importer, paths)
    imported = [result for result in reported if result.outcome is Outcome.IMPORTED]
    assert 0 < len(imported) < 60, "some batches fit, the rest did not"
    assert len(imported) == len(reported) == stored_articles(database_file)
    assert str(stopped).startswith("The disk is full: ")
    assert f"(database file {database_file})" in str(stopped)
    assert f"stopped after {len(imported)} of 60 files" in str(stopped)
    assert stopped.summary.not_stored == 60 - len(imported)
    assert_intact(database_file)


def test_a_full_disk_in_the_file_by_file_pass_stores_nothing_it_did_not_report(
    sqlite_database: Database, database_file: Path, tmp_path: Path, full_disk: FullDisk
) -> None:
    """A refused file sends the batch through savepoints; SQLite answers a full disk there by
    rolling back the whole transaction, and whatever the import did after that was stored
    outside it, file by file, unreported."""
    paths = story_files(tmp_path / "in", 40)
    with sqlite_database.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN new.title = 'Story 012' "
            "BEGIN SELECT RAISE(ABORT, 'not this one'); END"
        )
    full_disk(database_file, 40)
    sqlite_database.engine.dispose()
    importer = Importer(sqlite_database.session_factory, batch_size=20)
    reported, stopped = run_reporting(importer, paths)
    assert [result.outcome for result in reported] == [Outcome.IMPORTED] * len(reported)
    assert len(reported) == stored_articles(database_file)
    assert str(stopped).startswith("The disk is full: ")
    assert_intact(database_file)


@pytest.fixture
def impatient(database_file: Path, sqlite_database: Database) -> Iterator[Database]:
    """A second copy of the database that waits only 100 ms for the write lock."""
    opened = open_database(f"sqlite:///{database_file}")

    @event.listens_for(opened.engine, "connect")
    def _wait_briefly(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout = 100")

    opened.engine.dispose()  # the connections opened while migrating waited 10 s
    yield opened
    opened.dispose()


@pytest.fixture
def lock_holder(database_file: Path) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of writing: it holds the write lock until it ends."""
    holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE change_counters SET serial = serial")
    yield holder
    if holder.in_transaction:
        holder.rollback()
    holder.close()


def lock_errors(database: Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(database.engine, "handle_error")
    def _seen(context) -> None:  # type: ignore[no-untyped-def]
        seen.append(str(context.original_exception))

    return seen


def test_a_batch_that_waited_in_vain_for_the_lock_is_tried_again(
    impatient: Database, lock_holder: sqlite3.Connection, database_file: Path, tmp_path: Path
) -> None:
    paths = story_files(tmp_path / "in", 5, body_words=5)
    seen = lock_errors(impatient)

    @event.listens_for(impatient.engine, "handle_error")
    def _other_program_finishes(_context) -> None:  # type: ignore[no-untyped-def]
        lock_holder.commit()

    summary = Importer(impatient.session_factory).run(paths)
    assert [result.outcome for result in summary.results] == [Outcome.IMPORTED] * 5
    assert seen == ["database is locked"]
    assert stored_articles(database_file) == 5


def test_a_lock_held_past_every_attempt_stops_the_import_with_a_sentence(
    impatient: Database, lock_holder: sqlite3.Connection, database_file: Path, tmp_path: Path
) -> None:
    paths = story_files(tmp_path / "in", 5, body_words=5)
    seen = lock_errors(impatient)
    reported, stopped = run_reporting(Importer(impatient.session_factory), paths)
    assert reported == []
    assert len(seen) == LOCK_ATTEMPTS
    assert str(stopped).startswith("The database is busy: another program kept it locked")
    assert f"(database file {database_file})" in str(stopped)
    assert "stopped after 0 of 5 files" in str(stopped)
    lock_holder.rollback()
    assert stored_articles(database_file) == 0
    with impatient.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ImportRecord)) == 0
        assert session.scalar(select(func.count()).select_from(Article)) == 0
