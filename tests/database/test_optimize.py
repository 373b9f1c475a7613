"""PRAGMA optimize: when SQLite's connections close, and after a large import."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from database.engine import Database, open_database, optimize_after_bulk_change
from database.services import importing
from database.services.importing import Importer
from database.textformat import ParsedArticle, write_bytes


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "optimized.sqlite3"


@pytest.fixture
def opened(sqlite_file: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{sqlite_file}")
    with database.engine.begin() as connection:
        if connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).scalar():
            connection.exec_driver_sql("DELETE FROM sqlite_stat1")  # as if never analyzed
    yield database
    database.dispose()


def analyzed_tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        if not connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]:
            return set()
        return {row[0] for row in connection.execute("SELECT tbl FROM sqlite_stat1")}


def test_closing_the_database_analyzes_the_tables_its_queries_used(
    opened: Database, sqlite_file: Path
) -> None:
    with opened.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, tag TEXT)")
        connection.exec_driver_sql("CREATE INDEX ix_notes_tag ON notes (tag)")
        connection.execute(
            text("INSERT INTO notes (tag) VALUES (:tag)"),
            [{"tag": str(n % 50)} for n in range(3000)],
        )
    with opened.engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM notes WHERE tag = '7'").scalar()
    assert "notes" not in analyzed_tables(sqlite_file)  # nothing analyzes by itself

    opened.dispose()

    assert "notes" in analyzed_tables(sqlite_file)


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"article-{number:04}.txt"
        article = ParsedArticle(title=f"Article {number}", body="Body.", bio="Bio.", comments=())
        path.write_bytes(write_bytes(article))
        paths.append(path)
    return paths


@pytest.mark.parametrize(("files", "analyzed"), [(12, True), (11, False)])
def test_a_large_import_brings_the_statistics_up_to_date_at_its_end(
    opened: Database,
    sqlite_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: int,
    analyzed: bool,
) -> None:
    monkeypatch.setattr(importing, "LARGE_IMPORT_FILES", 12)  # rather than writing 1,000 files

    summary = Importer(opened.session_factory).run(write_articles(tmp_path / "in", files))

    assert summary.all_succeeded
    # The import looked up titles by their index: its connection analyzes the articles.
    assert ("articles" in analyzed_tables(sqlite_file)) is analyzed


def test_bulk_optimizing_leaves_a_database_in_memory_alone() -> None:
    database = open_database("sqlite://")
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
        optimize_after_bulk_change(database.engine)
        with database.engine.connect() as connection:
            tables = connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
        assert "kept" in tables
    finally:
        database.dispose()
