"""Decisions by key show at once and are written in the background, in order; Z the same way;
a write that fails puts the view back and says why; "All matching" runs in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar
from sqlalchemy.exc import OperationalError

from database.services.comments import CommentFilter, CommentService
from database.services.moderation_log import LogFilter
from database.statuses import CommentStatus
from desktop.main_window import MODERATION_TAB, MainWindow
from desktop.moderation import panel as panel_module
from desktop.moderation.panel import ModerationPanel

from .conftest import add_comments


def key(qtbot, widget, letter: str, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{letter}"), modifier)


def current_text(panel: ModerationPanel) -> str:
    summary = panel.model.summary(panel.triage.current_row())
    assert summary is not None
    return summary.excerpt


def queue(panel: ModerationPanel) -> list[int]:
    return [panel.model.comment_id(row) for row in range(panel.model.rowCount())]  # type: ignore[misc]


def status_of(panel: ModerationPanel, comment_id: int) -> CommentStatus:
    return panel.context.comments.get(comment_id).status


class Gate:
    """Holds a service method on the writer thread until opened, recording what it was
    asked (in the order the writer got to it) and on which thread."""

    def __init__(self, real: Callable[..., object]) -> None:
        self.real = real
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.asked: list[tuple[object, ...]] = []
        self.threads: set[threading.Thread] = set()

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.entered.set()
        self.threads.add(threading.current_thread())
        self.opened.wait(10)
        self.asked.append(args)
        return self.real(*args, **kwargs)


@pytest.fixture
def gate(panel: ModerationPanel, monkeypatch) -> Iterator[Callable[[str], Gate]]:
    """gate("set_status") holds that CommentService method until .opened.set()."""
    made: list[Gate] = []

    def hold(name: str) -> Gate:
        held = Gate(getattr(panel.context.comments, name))
        monkeypatch.setattr(panel.context.comments, name, held)
        made.append(held)
        return held

    yield hold
    for held in made:  # never leave the writer waiting after a failed assertion
        held.opened.set()


def test_a_shows_at_once_while_the_write_waits(
    qtbot, panel: ModerationPanel, queue_ids, gate, settle
) -> None:
    held = gate("set_status")
    changed: list[str] = []
    panel.commentsChanged.connect(lambda: changed.append("comments"))
    key(qtbot, panel.view, "A")
    assert held.entered.wait(5)  # the write has started, and waits
    assert queue(panel) == queue_ids[1:]
    assert current_text(panel) == "Comment 1 about the budget"
    assert "Comment 1 about the budget" in panel.comment_view.toPlainText()
    assert panel.pending_count() == 9
    assert panel.filter_bar.tabs.tabText(1) == "Approved (1)"
    assert panel.status_label.text() == "Approved: 1 comment. Z undoes."
    assert status_of(panel, queue_ids[0]) is CommentStatus.PENDING  # not written yet
    assert changed == []  # the window hears of it when it has landed
    # Keys pressed meanwhile are not lost: they queue behind it.
    key(qtbot, panel.view, "R")
    key(qtbot, panel.view, "J")
    key(qtbot, panel.view, "S")
    assert queue(panel) == [queue_ids[2], *queue_ids[4:]]
    assert current_text(panel) == "Comment 4 about the budget"
    held.opened.set()
    settle()
    assert held.threads and threading.main_thread() not in held.threads
    assert [status_of(panel, cid) for cid in queue_ids[:4]] == [
        CommentStatus.APPROVED,
        CommentStatus.REJECTED,
        CommentStatus.PENDING,
        CommentStatus.SPAM,
    ]
    assert changed == ["comments"]  # once, when the last of them had landed
    assert panel.pending_count() == 7
    assert panel.context.comments.counts()[CommentStatus.PENDING] == 7


def test_twenty_decisions_land_in_the_order_they_were_made(
    qtbot, panel: ModerationPanel, database, gate, settle
) -> None:
    more = add_comments(database, [f"More {n}" for n in range(20)], title="Roads")
    panel.refresh()
    settle()
    ids = queue(panel)
    assert len(ids) == 30 and ids[10:] == more
    held = gate("set_status")
    for _ in range(20):
        key(qtbot, panel.view, "A")
    assert queue(panel) == ids[20:]
    assert panel.pending_count() == 10
    held.opened.set()
    settle()
    assert [list(asked[0]) for asked in held.asked] == [[cid] for cid in ids[:20]]
    entries = panel.log_service.entries(LogFilter(user="mod"))
    assert sorted(entry.comment_id for entry in entries) == sorted(ids[:20])
    assert panel.context.comments.counts()[CommentStatus.APPROVED] == 20
    for _ in range(20):
        key(qtbot, panel.view, "Z")
    assert queue(panel) == ids  # at once
    settle()
    assert panel.context.comments.counts()[CommentStatus.PENDING] == 30
    assert queue(panel) == ids and current_text(panel) == "Comment 0 about the budget"
    assert not panel.triage.can_undo


def test_a_then_z_at_once_puts_it_back_before_either_is_written(
    qtbot, panel: ModerationPanel, queue_ids, gate, settle
) -> None:
    decided = gate("set_status")
    undone = gate("undo")
    key(qtbot, panel.view, "A")
    key(qtbot, panel.view, "Z")
    assert decided.entered.wait(5)
    assert queue(panel) == queue_ids
    assert current_text(panel) == "Comment 0 about the budget"
    assert panel.pending_count() == 10
    assert panel.status_label.text() == "Undone: approved 1 comment."
    assert not panel.moderation_actions.undo.isEnabled()
    decided.opened.set()
    undone.opened.set()
    settle()
    # The undo found the statuses the decision's write had filled in for it.
    assert len(undone.asked) == 1 and undone.asked[0][0].previous == (
        (queue_ids[0], CommentStatus.PENDING),
    )
    entries = panel.log_service.entries(LogFilter(comment_id=queue_ids[0]))
    assert [(e.from_status, e.to_status) for e in entries] == [
        (CommentStatus.APPROVED, CommentStatus.PENDING),
        (CommentStatus.PENDING, CommentStatus.APPROVED),
    ]
    assert status_of(panel, queue_ids[0]) is CommentStatus.PENDING
    assert queue(panel) == queue_ids
    assert panel.pending_count() == 10


def locked(*_args: object, **_kwargs: object) -> None:
    raise OperationalError("UPDATE comments …", {}, Exception("database is locked"))


def test_a_failed_write_puts_the_row_back_and_says_why(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    monkeypatch.setattr(panel_module, "show_error", lambda *_args: pytest.fail("no box"))
    monkeypatch.setattr(panel.context.comments, "set_status", locked)
    key(qtbot, panel.view, "S")
    assert queue(panel) == queue_ids[1:]  # shown at once, as always
    settle()
    text = panel.status_label.text()
    assert text.startswith("Not marked as spam: The database did not do what was asked")
    assert "OperationalError" in text
    assert queue(panel) == queue_ids
    assert current_text(panel) == "Comment 0 about the budget"
    assert panel.pending_count() == 10
    assert panel.filter_bar.tabs.tabText(2) == "Spam (0)"
    assert not panel.triage.can_undo


def test_a_failure_between_good_writes_leaves_only_theirs_to_undo(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    real = panel.context.comments.set_status
    writes = iter([real, locked, real])
    monkeypatch.setattr(panel.context.comments, "set_status", lambda *a, **k: next(writes)(*a, **k))
    for _ in range(3):
        key(qtbot, panel.view, "A")
    assert queue(panel) == queue_ids[3:]
    settle()
    assert panel.status_label.text().startswith("Not approved:")
    # The comment whose write failed is in the queue again, where the database has it.
    assert queue(panel) == queue_ids[1:2] + queue_ids[3:]
    assert panel.pending_count() == 8
    assert [status_of(panel, cid) for cid in queue_ids[:3]] == [
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
        CommentStatus.APPROVED,
    ]
    monkeypatch.setattr(panel.context.comments, "set_status", real)
    key(qtbot, panel.view, "Z")
    key(qtbot, panel.view, "Z")
    assert not panel.moderation_actions.undo.isEnabled()  # two decisions happened: two undos
    settle()
    assert all(status_of(panel, cid) is CommentStatus.PENDING for cid in queue_ids)
    assert queue(panel) == queue_ids
    assert panel.pending_count() == 10


def test_a_failed_undo_leaves_the_decision_standing_and_undoable(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    key(qtbot, panel.view, "R")
    settle()
    monkeypatch.setattr(panel.context.comments, "undo", locked)
    key(qtbot, panel.view, "Z")
    assert queue(panel) == queue_ids  # put back at once …
    settle()
    assert panel.status_label.text().startswith("Not undone: ")
    assert queue(panel) == queue_ids[1:]  # … and taken out again: it is still rejected
    assert status_of(panel, queue_ids[0]) is CommentStatus.REJECTED
    assert panel.pending_count() == 9
    assert panel.triage.can_undo


def test_all_matching_and_its_undo_run_in_the_background(
    qtbot, panel: ModerationPanel, database, gate, monkeypatch, settle
) -> None:
    refunds = add_comments(database, [f"refund {n}" for n in range(5)], held_reason="refund")
    panel.refresh()
    settle()
    assert panel.filter_bar.choose_reason("refund")
    settle()
    assert queue(panel) == refunds
    counted_on: list[threading.Thread] = []
    real_count = panel.context.comments.count
    monkeypatch.setattr(
        panel.context.comments,
        "count",
        lambda filters: counted_on.append(threading.current_thread()) or real_count(filters),
    )
    asked: list[str] = []
    monkeypatch.setattr(panel_module, "confirm", lambda _p, _t, text: asked.append(text) or True)
    matching = gate("set_status_matching")
    progress = panel.findChild(QProgressBar, "moderationProgress")
    assert progress is not None and not progress.isVisible()
    panel.moderation_actions.approve_matching.trigger()
    qtbot.waitUntil(matching.entered.is_set)  # counted, asked, and on its way
    assert counted_on and threading.main_thread() not in counted_on
    assert "Approve all 5 comments that match" in asked[0]
    qtbot.waitUntil(progress.isVisible)
    assert panel.status_label.text() == "Approving every comment that matches…"
    assert queue(panel) == refunds  # shown until the queue is read again
    key(qtbot, panel.view, "J")  # the queue still takes keys
    assert current_text(panel) == "refund 1"
    matching.opened.set()
    settle()
    assert not progress.isVisible()
    assert queue(panel) == []
    assert panel.comment_view.toPlainText() == "The queue is empty."
    assert panel.status_label.text() == "Approved: 5 comments. Z undoes."
    assert panel.pending_count() == 10
    undoing = gate("undo")
    key(qtbot, panel.view, "Z")
    qtbot.waitUntil(progress.isVisible)
    assert undoing.entered.wait(5)
    undoing.opened.set()
    settle()
    assert not progress.isVisible()
    assert queue(panel) == refunds
    assert current_text(panel) == "refund 0"
    assert panel.pending_count() == 15
    assert panel.context.comments.count(CommentFilter(held_reason="refund")) == 5


def test_bulk_actions_back_to_back_queue_in_order(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    monkeypatch.setattr(panel_module, "confirm", lambda *_args: True)
    panel.moderation_actions.spam_matching.trigger()
    settle()
    panel.filter_bar.tabs.setCurrentIndex(2)  # Spam
    settle()
    assert queue(panel) == queue_ids
    panel.moderation_actions.approve_matching.trigger()
    panel.moderation_actions.approve_matching.trigger()  # while the first is counted: one
    settle()
    key(qtbot, panel.view, "Z")
    key(qtbot, panel.view, "Z")  # both undone, each behind the other
    settle()
    assert all(status_of(panel, cid) is CommentStatus.PENDING for cid in queue_ids)
    assert not panel.triage.can_undo
    assert panel.pending_count() == 10


def test_a_change_written_elsewhere_goes_on_the_same_undo_stack(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    key(qtbot, panel.view, "A")
    settle()
    comments: CommentService = panel.context.comments
    change = comments.set_status(queue_ids[5:8], CommentStatus.SPAM, user="mod")
    panel.triage.push_undo(change, "Rules applied")
    assert panel.pending_count() == 6
    assert panel.status_label.text() == "Rules applied: 3 comments. Z undoes."
    settle()
    assert queue(panel) == queue_ids[1:5] + queue_ids[8:]  # the queue read again
    key(qtbot, panel.view, "Z")
    settle()
    assert queue(panel) == queue_ids[1:]
    assert panel.pending_count() == 9
    assert all(status_of(panel, cid) is CommentStatus.PENDING for cid in queue_ids[1:])
    key(qtbot, panel.view, "Z")  # then the decision before it
    settle()
    assert queue(panel) == queue_ids
    assert not panel.triage.can_undo


def test_the_window_hears_of_a_decision_once_it_has_landed(
    qtbot, window: MainWindow, settle
) -> None:
    ids = add_comments(window.context.database, ["One", "Two", "Three"])
    window.tabs.setCurrentIndex(MODERATION_TAB)
    window.moderation.refresh()
    settle()
    window.moderation.focus_queue()
    qtbot.waitUntil(window.moderation.view.hasFocus)
    assert window.tabs.tabText(MODERATION_TAB) == "Moderation (3)"
    with qtbot.waitSignal(window.moderation.commentsChanged):
        key(qtbot, window.moderation.view, "A")
        assert window.tabs.tabText(MODERATION_TAB) == "Moderation (2)"  # at once
    assert window.context.comments.get(ids[0]).status is CommentStatus.APPROVED
    settle()


def test_a_decision_made_while_the_queue_is_read_again_stays_out_of_it(
    qtbot, panel: ModerationPanel, queue_ids, gate, settle
) -> None:
    reading = gate("id_array")
    panel.refresh()  # as live updates do: the read waits, on the writer's thread
    qtbot.waitUntil(reading.entered.is_set)
    key(qtbot, panel.view, "A")  # written behind the read: the read shows it pending
    key(qtbot, panel.view, "A")
    assert queue(panel) == queue_ids[2:]
    reading.opened.set()
    qtbot.waitUntil(lambda: not panel.model.updating)
    assert queue(panel) == queue_ids[2:]  # taken out again as the new ids arrived
    settle()
    assert queue(panel) == queue_ids[2:]
    assert [status_of(panel, cid) for cid in queue_ids[:3]] == [
        CommentStatus.APPROVED,
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
    ]
    key(qtbot, panel.view, "Z")
    key(qtbot, panel.view, "Z")
    assert queue(panel) == queue_ids
    settle()
    assert queue(panel) == queue_ids
    assert panel.context.comments.counts()[CommentStatus.PENDING] == 10


def test_z_after_the_queue_was_read_again_puts_the_row_back_without_reading_it(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    key(qtbot, panel.view, "J")
    key(qtbot, panel.view, "S")
    key(qtbot, panel.view, "S")
    panel.refresh()
    settle()
    assert queue(panel) == queue_ids[:1] + queue_ids[3:]
    reads: list[object] = []
    real = panel.context.comments.id_array
    monkeypatch.setattr(
        panel.context.comments, "id_array", lambda filters: reads.append(filters) or real(filters)
    )
    key(qtbot, panel.view, "Z")
    assert queue(panel) == queue_ids[:1] + queue_ids[2:]  # in front of the one after it
    assert current_text(panel) == "Comment 2 about the budget"
    key(qtbot, panel.view, "Z")
    assert queue(panel) == queue_ids
    assert current_text(panel) == "Comment 1 about the budget"
    settle()
    assert reads == []
    assert all(status_of(panel, cid) is CommentStatus.PENDING for cid in queue_ids)
    assert panel.pending_count() == 10
