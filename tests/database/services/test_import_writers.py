"""Writers wait their turn: an import and a desk saving as it goes both finish, and a write
that cannot have the lock in time says so instead of raising a driver error."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from database.engine import Database, open_database
from database.errors import DatabaseError
from database.services.articles import ArticleService
from database.services.importing import Importer, Outcome
from database.textformat import ParsedArticle, ParsedComment, write_bytes

SAVE_EVERY_S = 0.05


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def sqlite_database(database_file: Path) -> Iterator[Database]:
    """SQLite only: PostgreSQL locks rows, not the database, and has no such conflict."""
    opened = open_database(f"sqlite:///{database_file}")
    yield opened
    opened.dispose()


def story_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        article = ParsedArticle(
            title=f"Imported {number:03}",
            body=f"Text of story {number}.",
            bio=f"Reporter {number % 5}",
            comments=(ParsedComment.from_text(f"Comment on {number}"),),
        )
        (folder / f"{number:03}.txt").write_bytes(write_bytes(article))
    return sorted(folder.iterdir())


def test_an_import_and_a_desk_saving_every_50_ms_both_finish(
    sqlite_database: Database, database_file: Path, tmp_path: Path
) -> None:
    """Each batch reads before it writes; a save committed in between used to make its first
    write fail at once with "database is locked", whatever the busy timeout."""
    paths = story_files(tmp_path / "in", 300)
    desk = open_database(f"sqlite:///{database_file}")
    articles = ArticleService(desk.session_factory)
    article = articles.create("Written meanwhile", "Start.")
    importing = threading.Event()
    saves: list[int] = []
    errors: list[BaseException] = []

    def save_as_an_editor_does() -> None:
        current = article
        try:
            while importing.is_set():
                current = articles.save(
                    current.id,
                    title=current.title,
                    body=f"Draft {len(saves)}",
                    status=current.status,
                    author_id=None,
                    notes="",
                    expected_version=current.version,
                    user="ann",
                )
                saves.append(current.version)
                time.sleep(SAVE_EVERY_S)
        except BaseException as error:  # reported by the test below
            errors.append(error)

    importing.set()
    saver = threading.Thread(target=save_as_an_editor_does)
    saver.start()
    try:
        # Small batches: many transactions, each a chance for a save to land in between.
        summary = Importer(sqlite_database.session_factory, batch_size=2).run(paths)
    finally:
        importing.clear()
        saver.join(timeout=30)
        desk.dispose()
    assert errors == []
    assert [result.outcome for result in summary.results] == [Outcome.IMPORTED] * 300
    assert len(saves) >= 2, "the desk saved while the import ran"
    with sqlite3.connect(database_file) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 301
        version = connection.execute(
            "SELECT version FROM articles WHERE id = ?", (article.id,)
        ).fetchone()[0]
    connection.close()
    assert version == saves[-1]


def test_creating_and_deleting_wait_for_the_lock_then_say_what_could_not_be_done(
    sqlite_database: Database, database_file: Path
) -> None:
    """Past the wait, a new article's first save is a DatabaseError the editor shows (and
    offers to try again), as a save of an existing one is: never a driver's error."""
    existing = ArticleService(sqlite_database.session_factory).create("Kept", "Text.")
    impatient = open_database(f"sqlite:///{database_file}")

    @event.listens_for(impatient.engine, "connect")
    def _wait_briefly(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout = 100")

    impatient.engine.dispose()
    holder = sqlite3.connect(database_file, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE change_counters SET serial = serial")
        articles = ArticleService(impatient.session_factory)
        with pytest.raises(DatabaseError, match="cannot create the article: database is locked"):
            articles.create("New", "Text.")
        with pytest.raises(DatabaseError, match=f"cannot delete article {existing.id}"):
            articles.delete(existing.id)
        holder.rollback()
        assert articles.create("New", "Text.").title == "New"
    finally:
        holder.close()
        impatient.dispose()
