"""SQLite's log is checkpointed off the committing thread, once the database is quiet."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from database import checkpoints
from database.checkpoints import checkpointer_of
from database.engine import open_database
from database.services.articles import ArticleService


def wait_for(condition, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    event = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            return False
        event.wait(0.01)
    return True


def frames_in_log(path: Path) -> int:
    """What a checkpoint would still have to copy, asked of a connection of the test's own."""
    connection = sqlite3.connect(path)
    try:
        _busy, in_log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return in_log - copied
    finally:
        connection.close()


def write_stories(articles: ArticleService, count: int) -> None:
    """A commit each, with bodies long enough to fill the log with pages."""
    for number in range(count):
        articles.create(f"Story {number}", "A body. " * 500)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 0.05)
    monkeypatch.setattr(checkpoints, "IDLE_SECONDS", 0.2)


def test_commits_leave_the_checkpoint_to_a_thread_that_runs_when_quiet(
    tmp_path: Path, quick: None
) -> None:
    path = tmp_path / "desk.sqlite3"
    database = open_database(f"sqlite:///{path}")
    try:
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
        checkpointer = checkpointer_of(database.engine)
        assert checkpointer is not None
        articles = ArticleService(database.session_factory)
        before = checkpointer.checkpoints
        write_stories(articles, 20)
        assert wait_for(lambda: checkpointer.checkpoints > before)
        assert wait_for(lambda: frames_in_log(path) == 0)
        # Quiet for long enough, the thread ends; the next commit starts it again.
        assert wait_for(lambda: checkpointer._thread is None)
        articles.create("Late story", "More.")
        assert wait_for(lambda: checkpointer._thread is None and frames_in_log(path) == 0)
        assert articles.count() == 21
    finally:
        database.dispose()
    assert checkpointer_of(database.engine) is None
    assert not any(thread.name == "copydesk-wal-checkpoint" for thread in threading.enumerate())


def test_a_log_past_its_limit_is_checkpointed_without_waiting_for_quiet(
    tmp_path: Path, quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 60.0)  # never quiet enough
    monkeypatch.setattr(checkpoints, "LOG_LIMIT_BYTES", 64 * 1024)
    path = tmp_path / "desk.sqlite3"
    database = open_database(f"sqlite:///{path}")
    try:
        checkpointer = checkpointer_of(database.engine)
        assert checkpointer is not None
        articles = ArticleService(database.session_factory)
        before = checkpointer.checkpoints
        write_stories(articles, 30)
        assert wait_for(lambda: checkpointer.checkpoints > before)
    finally:
        database.dispose()


def test_a_database_deleted_meanwhile_is_not_created_again(tmp_path: Path, quick: None) -> None:
    path = tmp_path / "desk.sqlite3"
    database = open_database(f"sqlite:///{path}")
    checkpointer = checkpointer_of(database.engine)
    assert checkpointer is not None
    database.engine.dispose()  # the pool's connections gone, the checkpointer still there
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    checkpointer.committed()
    assert wait_for(lambda: checkpointer._thread is None)
    assert not path.exists()
    checkpointer.close()


def test_a_database_in_memory_has_no_checkpointer() -> None:
    database = open_database("sqlite://")
    try:
        assert checkpointer_of(database.engine) is None
    finally:
        database.dispose()
