"""The Moderation area reads in the background: what is on show stays until the new arrives."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete

from database.models import Comment
from database.services.comments import CommentFilter, CommentService
from database.statuses import CommentStatus
from desktop.main_window import MODERATION_TAB, MainWindow
from desktop.moderation import queue_model
from desktop.moderation.panel import ModerationPanel
from desktop.moderation.queue_model import CommentQueueModel

from .conftest import add_comments


class Gate:
    """A service read that waits, on its worker thread, until the test opens the gate
    (`only`: the calls to hold back; the others pass)."""

    def __init__(self, real: Callable[..., object], only: Callable[..., bool] | None = None):
        self.real = real
        self.only = only or (lambda *_args: True)
        self.entered = threading.Event()
        self.opened = threading.Event()
        self.calls: list[tuple[object, ...]] = []

    def __call__(self, *args: object) -> object:
        self.calls.append(args)
        if self.only(*args):
            self.entered.set()
            self.opened.wait(10)
        return self.real(*args)


@pytest.fixture
def gates(monkeypatch):
    """Gate a service's read: `gates(service, "id_array")`; every gate opens at the end."""
    made: list[Gate] = []

    def gate(service: object, name: str, only: Callable[..., bool] | None = None) -> Gate:
        made.append(Gate(getattr(service, name), only))
        monkeypatch.setattr(service, name, made[-1])
        return made[-1]

    yield gate
    for each in made:
        each.opened.set()


def shown_rows(model: CommentQueueModel) -> dict[int, int]:
    return {model.comment_id(row): row for row in range(model.rowCount())}


def test_the_rows_stay_while_new_ids_are_read(qtbot, context, database, gates, settle) -> None:
    first = add_comments(database, ["a", "b", "c"])
    model = CommentQueueModel(context.comments)
    model.reload()
    settle()
    later = add_comments(database, ["d"], title="Later")
    gate = gates(context.comments, "id_array")
    states: list[bool] = []
    model.updatingChanged.connect(states.append)
    arrived: list[int] = []
    model.reload(then=lambda: arrived.append(model.rowCount()))
    assert gate.entered.wait(5)
    assert model.updating and states == [True]
    assert [model.comment_id(row) for row in range(model.rowCount())] == first
    assert model.summary(0).excerpt == "a" and arrived == []
    gate.opened.set()
    settle()
    assert [model.comment_id(row) for row in range(model.rowCount())] == first + later
    assert arrived == [4] and states == [True, False] and not model.updating


def test_only_the_newest_reload_is_shown_and_every_then_runs(
    qtbot, context, database, gates, settle
) -> None:
    add_comments(database, ["p1", "p2", "p3"])
    approved = add_comments(database, ["a1", "a2"], title="Old", status=CommentStatus.APPROVED)
    model = CommentQueueModel(context.comments)
    gate = gates(
        context.comments, "id_array", only=lambda filters: filters.status is CommentStatus.PENDING
    )
    order: list[str] = []
    model.set_filter(CommentFilter(), then=lambda: order.append("pending"))
    assert gate.entered.wait(5)
    model.set_filter(CommentFilter(status=None), then=lambda: order.append("all"))
    model.set_filter(
        CommentFilter(status=CommentStatus.APPROVED), then=lambda: order.append("approved")
    )
    assert model.filters == CommentFilter() and model.rowCount() == 0  # nothing shown yet
    gate.opened.set()
    settle()
    assert [model.comment_id(row) for row in range(model.rowCount())] == approved
    assert model.filters.status is CommentStatus.APPROVED
    assert order == ["pending", "all", "approved"]  # every continuation, after the newest
    # The read for "All", overtaken before it began, never ran.
    assert [call[0].status for call in gate.calls] == [
        CommentStatus.PENDING,
        CommentStatus.APPROVED,
    ]


@pytest.mark.parametrize("at_once", [True, False], ids=["small queue", "big queue"])
def test_row_of_follows_removals_and_their_undo(
    qtbot, context, database, monkeypatch, settle, at_once: bool
) -> None:
    if not at_once:  # a big queue's index is built again in the background
        monkeypatch.setattr(queue_model, "INDEX_AT_ONCE", 10)
    ids = add_comments(database, [f"c{n}" for n in range(300)])
    model = CommentQueueModel(context.comments)
    model.reload()
    settle()
    assert model.row_of(ids[150]) == 150 and model.row_of(-1) is None

    def agrees() -> None:
        rows = shown_rows(model)
        assert all(model.row_of(cid) == rows.get(cid) for cid in ids)
        assert model.rows_of(ids) == rows

    taken = {cid: row for row, cid in enumerate(ids) if row in (0, 5, 6, 7, 299)}
    first = model.apply_change(taken, CommentStatus.APPROVED)
    agrees()
    rest = model.rows_of(ids[100:110])
    second = model.apply_change(rest, CommentStatus.SPAM)
    agrees()
    assert second is not None and model.restore(second)
    agrees()
    assert first is not None and model.restore(first)
    assert shown_rows(model) == {cid: row for row, cid in enumerate(ids)}
    agrees()
    # Many separate rows at once: one reset, after which the index is made again.
    every_other = model.rows_of(ids[::2])
    scattered = model.apply_change(every_other, CommentStatus.REJECTED)
    agrees()
    settle()
    agrees()
    assert scattered is not None and model.restore(scattered)
    settle()
    agrees()
    assert model.marked_ids() == []
    for row in (3, 1, 200):
        model.toggle_mark(row)
    assert model.marked_ids() == [ids[1], ids[3], ids[200]]


def test_a_deleted_comment_is_not_asked_for_at_each_paint(qtbot, context, database, settle) -> None:
    ids = add_comments(database, ["kept", "deleted later", "kept too"])
    model = CommentQueueModel(context.comments)
    model.reload()
    settle()
    with database.session_factory.begin() as session:
        session.execute(delete(Comment).where(Comment.id == ids[1]))
    for _paint in range(5):
        texts = [model.data(model.index(row, 0)) for row in range(3)]
    assert texts == ["kept", queue_model.GONE_TEXT, "kept too"]
    assert model.summary(1) is None
    assert model.fetches == 1


def test_switching_to_moderation_reads_in_the_background(
    qtbot, window: MainWindow, gates, settle
) -> None:
    ids = add_comments(window.context.database, ["First in line", "Second"])
    settle()
    panel = window.moderation
    gate = gates(window.context.comments, "id_array")
    window.tabs.setCurrentIndex(MODERATION_TAB)
    assert gate.entered.wait(5)  # the tab is on show; its queue is still being read
    assert panel.isVisible() and panel.model.updating
    assert panel.summary_label.text() == "Loading…"
    assert panel.comment_view.toPlainText() == "Loading the queue…"
    gate.opened.set()
    settle()
    assert panel.model.rowCount() == 2 and panel.triage.current_id() == ids[0]
    assert "First in line" in panel.comment_view.toPlainText()
    assert panel.summary_label.text() == "2 comments in this queue"
    assert panel.filter_bar.tabs.tabText(0) == "Pending (2)"


def test_keys_typed_while_the_queue_is_read_are_kept(
    qtbot, panel: ModerationPanel, gates, settle
) -> None:
    gate = gates(panel.context.comments, "id_array")
    search = panel.filter_bar.search
    search.setFocus()
    qtbot.keyClicks(search, "comment")
    qtbot.waitUntil(gate.entered.is_set)  # read after the pause in the typing, held back
    qtbot.keyClicks(search, " 3")
    assert search.text() == "comment 3"
    assert panel.model.rowCount() == 10 and panel.model.updating
    assert "updating" in panel.summary_label.text()
    gate.opened.set()
    qtbot.waitUntil(lambda: panel.model.filters.search == "comment 3")
    settle()
    assert panel.model.summary(0).excerpt == "Comment 3 about the budget"
    assert panel.model.rowCount() == 1


def test_the_current_comment_stays_current_when_the_queue_is_read_again(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    for _ in range(3):
        qtbot.keyClick(panel.view, Qt.Key.Key_J)
    assert panel.triage.current_id() == queue_ids[3]
    panel.context.comments.set_status(queue_ids[:2], CommentStatus.APPROVED, user="other desk")
    panel.refresh()
    settle()
    assert panel.model.rowCount() == 8
    assert (panel.triage.current_id(), panel.triage.current_row()) == (queue_ids[3], 1)
    assert "Comment 3 about" in panel.comment_view.toPlainText()


def test_held_reasons_are_read_in_the_background(
    qtbot, panel: ModerationPanel, database, gates, settle
) -> None:
    add_comments(database, ["A refund please"], title="Bins", held_reason="word: refund")
    gate = gates(panel.context.comments, "held_reasons")
    reasons = panel.filter_bar.reason
    panel.refresh()
    assert gate.entered.wait(5)
    assert [reasons.itemText(index) for index in range(reasons.count())] == ["Any reason"]
    gate.opened.set()
    settle()
    assert [reasons.itemText(index) for index in range(reasons.count())] == [
        "Any reason",
        "word: refund (1)",
    ]


def test_the_article_filter_types_ahead_and_status_changes_read_no_articles(
    qtbot, panel: ModerationPanel, database, monkeypatch, settle
) -> None:
    add_comments(database, ["Fix the roads"], title="Roads and bridges")
    comments: CommentService = panel.context.comments
    asked: list[str] = []
    real = comments.article_choices
    monkeypatch.setattr(
        comments,
        "article_choices",
        lambda typed, status: asked.append(typed) or real(typed, status),
    )
    for tab in (1, 4, 0):
        panel.filter_bar.tabs.setCurrentIndex(tab)
        settle()
    assert asked == []
    article = panel.filter_bar.article
    article.setFocus()
    qtbot.waitUntil(article.hasFocus)
    qtbot.keyClicks(article, "tax")  # a word inside the title
    qtbot.waitUntil(lambda: article.suggestions.rowCount() == 1)
    assert article.suggestions.item(0).text() == "Council tax to rise (10)"
    assert asked == ["tax"]  # one read after the pause in the typing
    qtbot.keyClick(article, Qt.Key.Key_Escape)  # nothing chosen: back to every article
    assert (article.text(), article.article_id()) == ("", None)
    assert article.suggestions.rowCount() == 0
    qtbot.keyClicks(article, "bridges")
    qtbot.waitUntil(lambda: article.suggestions.rowCount() == 1)
    assert article.suggestions.item(0).text() == "Roads and bridges (1)"
    article.completer().popup().hide()
    qtbot.keyClick(article, Qt.Key.Key_Return)  # the first suggestion
    assert article.text() == "Roads and bridges"
    settle()
    assert [panel.model.summary(row).excerpt for row in range(panel.model.rowCount())] == [
        "Fix the roads"
    ]
    assert panel.triage.current_row() == 0
