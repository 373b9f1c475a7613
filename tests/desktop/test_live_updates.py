"""Live updates between two desks, on SQLite and on PostgreSQL: a change made at one desk
reaches the other's list, queue and presence markers without a manual refresh.

The latencies printed (run with -s) are from the other desk's commit to its change showing
here, with the intervals Copydesk really uses: SQLite polls every second; PostgreSQL's
notifications are gathered for 0.2 s.
"""

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from database.engine import Database, open_database
from database.services.articles import ArticleService
from database.services.changes import ALL_KINDS, ChangeKind, ChangeListener
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer
from database.services.presence import PresenceService
from database.statuses import CommentStatus
from desktop.articles.list_model import EDITING_MARK, Column
from desktop.articles.list_panel import ArticleListPanel
from desktop.context import AppContext
from desktop.live_updates import LiveUpdates
from desktop.main_window import MODERATION_TAB, MainWindow

pytestmark = pytest.mark.both_backends
CHANGES = 5
ARRIVES_WITHIN_MS = 5000


@pytest.fixture
def other(database_url: str, database: Database) -> Iterator[Database]:
    """The other desk: its own connections to the same database."""
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def live(qtbot: QtBot, database: Database) -> Iterator[LiveUpdates]:
    watching = LiveUpdates(database)
    watching.start()
    if watching.uses_notifications:
        # Listening takes a moment to begin; changes before it would not be heard.
        qtbot.waitUntil(lambda: watching.is_connected, timeout=10_000)
    yield watching
    watching.stop()


def report(backend: str, what: str, seconds: list[float]) -> None:
    print(
        f"\n{backend}: {what} reached the other desk in "
        f"{statistics.mean(seconds) * 1000:.0f} ms on average "
        f"(min {min(seconds) * 1000:.0f}, max {max(seconds) * 1000:.0f}, n={len(seconds)})"
    )


def test_a_new_article_at_one_desk_reaches_the_others_list(
    qtbot: QtBot, context: AppContext, other: Database, live: LiveUpdates, backend: str
) -> None:
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    live.articlesChanged.connect(panel.live_refresh)
    theirs = ArticleService(other.session_factory)
    seconds = []
    for number in range(CHANGES):
        theirs.create(f"Story {number}", "Filed at the other desk.")
        started = time.perf_counter()
        qtbot.waitUntil(lambda n=number: panel.model.rowCount() == n + 1, timeout=ARRIVES_WITHIN_MS)
        seconds.append(time.perf_counter() - started)
    report(backend, "a new article", seconds)
    assert panel.model.index(0, Column.TITLE).data() == f"Story {CHANGES - 1}"


def test_a_save_at_one_desk_updates_the_row_here_in_place(
    qtbot: QtBot, context: AppContext, other: Database, live: LiveUpdates, backend: str
) -> None:
    article = context.articles.create("Ferry", "Timetable.")
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    panel.select_article(article.id)
    live.articlesChanged.connect(panel.live_refresh)
    theirs = ArticleService(other.session_factory)
    seconds = []
    for number in range(CHANGES):
        found = theirs.get(article.id)
        title = f"Ferry, take {number}"
        theirs.save(
            article.id,
            title=title,
            body=found.body,
            status=found.status,
            author_id=None,
            notes="",
            expected_version=found.version,
            user="bob",
        )
        started = time.perf_counter()
        qtbot.waitUntil(
            lambda t=title: panel.model.index(0, Column.TITLE).data() == t,
            timeout=ARRIVES_WITHIN_MS,
        )
        seconds.append(time.perf_counter() - started)
    report(backend, "an article save", seconds)
    assert panel.current_id() == article.id  # the selection stayed


def test_moderation_and_presence_at_one_desk_reach_the_other(
    qtbot: QtBot,
    context: AppContext,
    other: Database,
    live: LiveUpdates,
    samples: list[Path],
    backend: str,
) -> None:
    Importer(context.database.session_factory).run(samples)
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    live.commentsChanged.connect(panel.live_refresh)
    live.presenceChanged.connect(panel.refresh_presence)
    comments = CommentService(other.session_factory)
    pending = comments.ids(CommentFilter())
    article_id = comments.get(pending[0]).article_id
    row = panel.model.row_of(article_id)
    assert row is not None
    counts = panel.model.index(row, Column.COMMENTS)
    before = counts.data()
    with qtbot.waitSignal(live.commentsChanged, timeout=ARRIVES_WITHIN_MS):
        comments.set_status(pending[:1], CommentStatus.APPROVED, user="bob")
    qtbot.waitUntil(lambda: panel.model.index(row, Column.COMMENTS).data() != before)
    title = panel.model.index(row, Column.TITLE)
    started = time.perf_counter()
    with qtbot.waitSignal(live.presenceChanged, timeout=ARRIVES_WITHIN_MS):
        PresenceService(other.session_factory, user="bob").claim(article_id)
    qtbot.waitUntil(lambda: str(title.data()).startswith(EDITING_MARK))
    report(backend, "an article opened", [time.perf_counter() - started])
    assert "Being edited by bob" in title.data(Qt.ItemDataRole.ToolTipRole)


def test_the_main_window_follows_another_desk(
    qtbot: QtBot, database: Database, other: Database, samples: list[Path]
) -> None:
    Importer(database.session_factory).run(samples)
    window = MainWindow(AppContext(database))
    qtbot.addWidget(window)
    window.show()
    if window.live_updates.uses_notifications:
        qtbot.waitUntil(lambda: window.live_updates.is_connected, timeout=10_000)
    rows = window.article_list.model.rowCount()
    tab = window.tabs.tabText(MODERATION_TAB)
    ArticleService(other.session_factory).create("Late news", "From the night desk.")
    qtbot.waitUntil(
        lambda: window.article_list.model.rowCount() == rows + 1, timeout=ARRIVES_WITHIN_MS
    )
    comments = CommentService(other.session_factory)
    comments.set_status(comments.ids(CommentFilter())[:2], CommentStatus.SPAM, user="bob")
    qtbot.waitUntil(lambda: window.tabs.tabText(MODERATION_TAB) != tab, timeout=ARRIVES_WITHIN_MS)
    window.live_updates.stop()


def test_a_dropped_listening_connection_is_reported_and_resumed(
    qtbot: QtBot, postgresql_schema: str
) -> None:
    database = open_database(postgresql_schema)
    listener = ChangeListener(
        database.session_factory, reconnect_seconds=0.2, application_name="copydesk-live-test"
    )
    live = LiveUpdates(database, listener=listener)
    states: list[tuple[bool, str]] = []
    live.connectionChanged.connect(lambda up, why: states.append((up, why)))
    try:
        live.start()
        qtbot.waitUntil(lambda: live.is_connected, timeout=10_000)
        admin = create_engine(postgresql_schema, poolclass=NullPool)
        with (
            qtbot.waitSignal(live.changed, timeout=10_000) as everything,
            admin.begin() as connection,
        ):
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'copydesk-live-test'"
                )
            )
        admin.dispose()
        assert everything.args == [ALL_KINDS]  # what was missed meanwhile: everything
        assert [up for up, _ in states] == [False, True]
        assert states[0][1]  # why it was lost, for the status bar
    finally:
        live.stop()
        database.dispose()


def test_changes_heard_during_this_windows_own_import_wait_for_its_end(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(AppContext(database))
    qtbot.addWidget(window)
    window.live_updates.stop()
    refreshed: list[str] = []
    monkeypatch.setattr(window.article_list, "live_refresh", lambda: refreshed.append("list"))
    monkeypatch.setattr(window.moderation, "refresh", lambda: refreshed.append("queue"))
    monkeypatch.setattr(type(window.imports), "busy", property(lambda self: True))
    window._live_changes(frozenset({ChangeKind.ARTICLES, ChangeKind.COMMENTS}))
    assert refreshed == []  # its end reads everything again, once
    monkeypatch.setattr(type(window.imports), "busy", property(lambda self: False))
    window._live_changes(frozenset({ChangeKind.ARTICLES, ChangeKind.COMMENTS}))
    assert refreshed == ["list", "queue"]  # each area once, however many kinds


def test_the_poll_reads_the_counters_off_the_gui_thread_one_at_a_time(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL's changes are heard by a thread of their own, not polled")
    live = LiveUpdates(database, poll_interval_ms=60_000)
    live.start()
    qtbot.waitUntil(lambda: not live.polling)  # the starting point
    counter = live._counter
    assert counter is not None
    gate = threading.Event()
    read_on: list[threading.Thread] = []
    original = counter.changes

    def held() -> frozenset[ChangeKind]:
        read_on.append(threading.current_thread())
        assert gate.wait(10)
        return original()

    monkeypatch.setattr(counter, "changes", held)
    ArticleService(database.session_factory).create("Late news", "Text.")
    with qtbot.waitSignal(live.articlesChanged, timeout=ARRIVES_WITHIN_MS):
        live.poll()
        live.poll()  # the database is slow: no second poll piles up behind the first
        assert live.polling
        gate.set()
    assert len(read_on) == 1 and read_on[0] is not threading.main_thread()
    live.stop()


def test_a_poll_on_its_way_when_watching_stops_is_not_reported(
    qtbot: QtBot, database: Database, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL's changes are heard by a thread of their own, not polled")
    live = LiveUpdates(database, poll_interval_ms=60_000)
    live.start()
    qtbot.waitUntil(lambda: not live.polling)
    ArticleService(database.session_factory).create("Late news", "Text.")
    with qtbot.assertNotEmitted(live.changed):
        live.poll()
        live.stop()
        qtbot.waitUntil(lambda: not live.polling)
