"""The change feed: a change made through one client is reported to another."""

import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from database.engine import Database, create_database_engine, open_database
from database.errors import DatabaseError
from database.services.articles import ArticleService
from database.services.authors import AuthorChanges, AuthorService
from database.services.changes import (
    ALL_KINDS,
    ChangeCounter,
    ChangeKind,
    ChangeListener,
    changed_kinds,
    uses_notify,
)
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer
from database.services.presence import PresenceService
from database.statuses import CommentStatus


class Watcher:
    """Client A's view of the feed, whichever way its database delivers it."""

    def __init__(self, database: Database, application_name: str = "copydesk-test") -> None:
        self.reports: queue.Queue[frozenset[ChangeKind]] = queue.Queue()
        self.connections: queue.Queue[bool] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if uses_notify(database.session_factory):
            listener = ChangeListener(
                database.session_factory,
                wait_seconds=0.05,
                reconnect_seconds=0.2,
                application_name=application_name,
            )
            self._thread = threading.Thread(
                target=listener.run,
                args=(self._stop, self.reports.put, lambda up, _why: self.connections.put(up)),
                daemon=True,
            )
            self._thread.start()
            assert self.connections.get(timeout=10) is True
            self.counter = None
        else:
            self.counter = ChangeCounter(database.session_factory)
            assert self.counter.changes() == frozenset()

    def wait_for(self, kind: ChangeKind, timeout: float = 5.0) -> float:
        """Seconds until `kind` was reported; fails after `timeout`."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.counter is not None:
                if kind in self.counter.changes():
                    return time.perf_counter() - started
                time.sleep(0.005)
                continue
            try:
                if kind in self.reports.get(timeout=0.05):
                    return time.perf_counter() - started
            except queue.Empty:
                pass
        raise AssertionError(f"no {kind} change within {timeout} s")

    def quiet_for(self, seconds: float) -> frozenset[ChangeKind]:
        """Every kind reported within `seconds`."""
        time.sleep(seconds)
        if self.counter is not None:
            return self.counter.changes()
        seen: set[ChangeKind] = set()
        while not self.reports.empty():
            seen |= self.reports.get_nowait()
        return frozenset(seen)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


@pytest.fixture
def other(database_url: str, database: Database) -> Iterator[Database]:
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def watcher(database: Database) -> Iterator[Watcher]:
    watching = Watcher(database)
    yield watching
    watching.stop()


def _article(other: Database) -> None:
    ArticleService(other.session_factory).create("Bridge", "Reopens.")


def _save(other: Database) -> None:
    articles = ArticleService(other.session_factory)
    found = articles.get(articles.ids()[0])
    articles.save(
        found.id,
        title=found.title,
        body="Changed.",
        status=found.status,
        author_id=found.author_id,
        notes="",
        expected_version=found.version,
        user="bob",
    )


def _moderate(other: Database) -> None:
    comments = CommentService(other.session_factory)
    comments.set_status(comments.ids(CommentFilter())[:1], CommentStatus.APPROVED, user="bob")


def _author(other: Database) -> None:
    AuthorService(other.session_factory).create(AuthorChanges("Dana", "Courts."))


def _presence(other: Database) -> None:
    articles = ArticleService(other.session_factory)
    PresenceService(other.session_factory, user="bob").claim(articles.ids()[0])


CHANGES: dict[str, tuple[Callable[[Database], None], ChangeKind]] = {
    "new article": (_article, ChangeKind.ARTICLES),
    "article saved": (_save, ChangeKind.ARTICLES),
    "comment moderated": (_moderate, ChangeKind.COMMENTS),
    "author added": (_author, ChangeKind.AUTHORS),
    "article opened": (_presence, ChangeKind.PRESENCE),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_by_one_client_reaches_the_other(
    database: Database,
    other: Database,
    samples: list[Path],
    change: str,
    backend: str,
) -> None:
    Importer(database.session_factory).run(samples)
    watcher = Watcher(database)
    try:
        make, kind = CHANGES[change]
        make(other)
        latency = watcher.wait_for(kind)
    finally:
        watcher.stop()
    print(f"\n{backend}: {change} reached the other client in {latency * 1000:.1f} ms")


def test_an_import_is_reported_once_per_kind_not_per_row(
    database: Database, other: Database, samples: list[Path], watcher: Watcher
) -> None:
    Importer(other.session_factory).run(samples)
    watcher.wait_for(ChangeKind.COMMENTS)
    assert watcher.quiet_for(0.3) <= {ChangeKind.ARTICLES, ChangeKind.AUTHORS}


def test_heartbeats_are_not_news(database: Database, other: Database) -> None:
    article_id = ArticleService(database.session_factory).create("Quiet").id
    bob = PresenceService(other.session_factory, user="bob")
    bob.claim(article_id)
    watcher = Watcher(database)
    try:
        for _ in range(3):
            bob.heartbeat(article_id)
        assert ChangeKind.PRESENCE not in watcher.quiet_for(0.3)
        bob.release(article_id)
        watcher.wait_for(ChangeKind.PRESENCE)
    finally:
        watcher.stop()


def test_changed_kinds_compares_counters() -> None:
    before = {ChangeKind.ARTICLES: 1, ChangeKind.COMMENTS: 5}
    after = {ChangeKind.ARTICLES: 1, ChangeKind.COMMENTS: 7, ChangeKind.PRESENCE: 0}
    assert changed_kinds(before, after) == {ChangeKind.COMMENTS, ChangeKind.PRESENCE}


def test_the_listener_needs_postgresql(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with pytest.raises(DatabaseError, match="only PostgreSQL"):
            ChangeListener(database.session_factory)
    finally:
        database.dispose()


def test_the_listener_reconnects_and_reports_everything(postgresql_schema: str) -> None:
    """The server drops the listening connection: it is reported, retried, and once back,
    every kind counts as changed (what happened meanwhile was not heard)."""
    database = open_database(postgresql_schema)
    watcher = Watcher(database, application_name="copydesk-reconnect-test")
    admin = create_engine(postgresql_schema, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'copydesk-reconnect-test'"
                )
            ).scalar()
        assert killed == 1
        assert watcher.connections.get(timeout=10) is False
        assert watcher.connections.get(timeout=10) is True
        assert watcher.reports.get(timeout=5) == ALL_KINDS
        _article(database)
        watcher.wait_for(ChangeKind.ARTICLES)
    finally:
        watcher.stop()
        admin.dispose()
        database.dispose()


def test_an_unreachable_server_is_reported_and_retried() -> None:
    engine = create_database_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    listener = ChangeListener(sessionmaker(engine), reconnect_seconds=0.05)
    stop = threading.Event()
    states: list[tuple[bool, str]] = []

    def record(up: bool, why: str) -> None:
        states.append((up, why))
        if len(states) >= 2:
            stop.set()

    listener.run(stop, lambda kinds: None, record)
    assert [up for up, _ in states] == [False, False]
    assert "refused" in states[0][1] or "failed" in states[0][1]
    engine.dispose()
