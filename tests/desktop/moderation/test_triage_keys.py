from PySide6.QtCore import Qt

from database.statuses import CommentStatus
from desktop.moderation import panel as panel_module
from desktop.moderation.panel import ModerationPanel


def current_text(panel: ModerationPanel) -> str:
    summary = panel.model.summary(panel.triage.current_row())
    assert summary is not None
    return summary.excerpt


def status_of(panel: ModerationPanel, comment_id: int) -> CommentStatus:
    return panel.context.comments.get(comment_id).status


def key(qtbot, panel: ModerationPanel, letter: str, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(panel.view, getattr(Qt.Key, f"Key_{letter}"), modifier)


def test_the_oldest_pending_comment_is_shown_first(panel: ModerationPanel) -> None:
    assert panel.model.rowCount() == 10
    assert current_text(panel) == "Comment 0 about the budget"
    assert "Comment 0 about the budget" in panel.comment_view.toPlainText()
    assert "The opening of “Council tax to rise”." in panel.comment_view.toPlainText()
    assert panel.filter_bar.tabs.tabText(0) == "Pending (10)"


def test_j_and_k_move(qtbot, panel: ModerationPanel) -> None:
    key(qtbot, panel, "J")
    key(qtbot, panel, "J")
    assert current_text(panel) == "Comment 2 about the budget"
    key(qtbot, panel, "K")
    assert current_text(panel) == "Comment 1 about the budget"
    assert "Comment 1 about" in panel.comment_view.toPlainText()
    for _ in range(3):
        key(qtbot, panel, "K")
    assert panel.triage.current_row() == 0


def test_a_approves_and_selects_the_next(qtbot, panel: ModerationPanel, queue_ids) -> None:
    counts: list[int] = []
    panel.pendingCountChanged.connect(counts.append)
    with qtbot.waitSignal(panel.commentsChanged):
        key(qtbot, panel, "A")
    assert current_text(panel) == "Comment 1 about the budget"
    key(qtbot, panel, "K")
    key(qtbot, panel, "U")  # already pending: nothing changes, the count is told again
    assert status_of(panel, queue_ids[0]) is CommentStatus.APPROVED
    assert current_text(panel) == "Comment 2 about the budget"
    assert panel.model.rowCount() == 9
    assert counts == [9, 9]
    assert panel.filter_bar.tabs.tabText(1) == "Approved (1)"


def test_r_s_and_u(qtbot, panel: ModerationPanel, queue_ids, settle) -> None:
    key(qtbot, panel, "R")
    key(qtbot, panel, "S")
    assert panel.pending_count() == 8  # at once; written in the background
    settle()
    assert status_of(panel, queue_ids[0]) is CommentStatus.REJECTED
    assert status_of(panel, queue_ids[1]) is CommentStatus.SPAM
    assert panel.pending_count() == 8
    panel.filter_bar.tabs.setCurrentIndex(4)  # All: the decided stay in view
    settle()
    assert panel.model.rowCount() == 10
    assert current_text(panel) == "Comment 0 about the budget"
    key(qtbot, panel, "U")
    assert panel.model.data(panel.model.index(0, 4)) == "Pending"  # shown before written
    settle()
    assert status_of(panel, queue_ids[0]) is CommentStatus.PENDING
    assert panel.model.rowCount() == 10
    assert current_text(panel) == "Comment 1 about the budget"
    assert panel.pending_count() == 9


def test_x_marks_and_shift_a_approves_every_marked(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    key(qtbot, panel, "X")
    key(qtbot, panel, "J")
    key(qtbot, panel, "J")
    key(qtbot, panel, "X")
    key(qtbot, panel, "J")
    key(qtbot, panel, "X")
    key(qtbot, panel, "X")  # toggled off again
    assert panel.model.marked_ids() == [queue_ids[0], queue_ids[2]]
    assert panel.model.data(panel.model.index(2, 0), Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    key(qtbot, panel, "A", shift=True)
    settle()
    assert [status_of(panel, cid) for cid in queue_ids[:4]] == [
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
    ]
    assert panel.model.rowCount() == 8
    assert panel.model.mark_count == 0
    # The current comment (Comment 3) stays current, two rows higher now.
    assert current_text(panel) == "Comment 3 about the budget"
    assert panel.status_label.text().startswith("Approved: 2 comments")


def test_shift_key_without_marks_changes_nothing(qtbot, panel: ModerationPanel) -> None:
    key(qtbot, panel, "S", shift=True)
    assert panel.pending_count() == 10
    assert "No comments are marked" in panel.status_label.text()


def test_z_undoes_one_action_at_a_time(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    key(qtbot, panel, "A")
    key(qtbot, panel, "S")
    key(qtbot, panel, "Z")
    settle()
    assert status_of(panel, queue_ids[1]) is CommentStatus.PENDING
    assert current_text(panel) == "Comment 1 about the budget"
    key(qtbot, panel, "Z")
    settle()
    assert status_of(panel, queue_ids[0]) is CommentStatus.PENDING
    assert panel.model.rowCount() == 10
    assert current_text(panel) == "Comment 0 about the budget"
    assert panel.pending_count() == 10
    assert not panel.moderation_actions.undo.isEnabled()
    key(qtbot, panel, "Z")  # nothing left: the disabled action does nothing
    assert panel.pending_count() == 10
    assert panel.triage.undo() is None
    assert panel.status_label.text() == "Nothing to undo."


def test_undo_after_a_shift_action_puts_every_row_back(
    qtbot, panel, queue_ids, settle
) -> None:
    for _ in range(3):
        key(qtbot, panel, "X")
        key(qtbot, panel, "J")
        key(qtbot, panel, "J")
    key(qtbot, panel, "R", shift=True)
    assert panel.model.rowCount() == 7
    key(qtbot, panel, "Z")
    assert [panel.model.comment_id(row) for row in range(10)] == queue_ids
    settle()
    assert [panel.model.comment_id(row) for row in range(10)] == queue_ids
    assert all(status_of(panel, cid) is CommentStatus.PENDING for cid in queue_ids)


def test_question_mark_shows_the_keys(qtbot, panel: ModerationPanel, monkeypatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(panel_module, "show_key_help", shown.append)
    qtbot.keyClick(panel.view, "?")
    assert shown == [panel]
    # As a keyboard sends it: Shift and the key that has ? on it.
    qtbot.keyClick(panel.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert shown == [panel, panel]


def test_keys_do_nothing_while_typing_in_the_search_box(qtbot, panel: ModerationPanel) -> None:
    qtbot.keyClick(panel.view, "/")
    search = panel.filter_bar.search
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, "asazxjk")
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert search.text() == "asazxjka"  # QTest types the letter as is, even with Shift
    assert panel.pending_count() == 10
    assert panel.model.mark_count == 0
    assert panel.context.comments.counts()[CommentStatus.PENDING] == 10
    qtbot.keyClick(search, Qt.Key.Key_Escape)  # clears and hands the keys back
    qtbot.waitUntil(panel.view.hasFocus)
    assert search.text() == ""
    key(qtbot, panel, "A")
    assert panel.pending_count() == 9


def test_single_key_triage_can_be_switched_off(qtbot, panel: ModerationPanel) -> None:
    panel.moderation_actions.single_keys.setChecked(False)
    key(qtbot, panel, "A")
    assert panel.pending_count() == 10
    panel.moderation_actions.approve.trigger()  # the menu and toolbar still work
    assert panel.pending_count() == 9
    key(qtbot, panel, "Z")
    assert panel.pending_count() == 9
    panel.moderation_actions.undo.trigger()
    assert panel.pending_count() == 10
    panel.moderation_actions.single_keys.setChecked(True)
    key(qtbot, panel, "A")
    assert panel.pending_count() == 9


def test_the_log_records_who_did_what(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    from database.services.moderation_log import LogFilter

    key(qtbot, panel, "S")
    key(qtbot, panel, "Z")
    settle()
    entries = panel.log_service.entries(LogFilter(comment_id=queue_ids[0]))
    assert [(e.changed_by, e.from_status, e.to_status) for e in entries] == [
        ("mod", CommentStatus.SPAM, CommentStatus.PENDING),
        ("mod", CommentStatus.PENDING, CommentStatus.SPAM),
    ]


def test_the_actions_for_the_main_window(panel: ModerationPanel) -> None:
    names = [action.objectName() for action in panel.actions()]
    assert names == [
        "actionApproveComment",
        "actionRejectComment",
        "actionSpamComment",
        "actionPendingComment",
        "actionUndoModeration",
        "actionModerationRules",
        "actionModerationLog",
        "actionApplyRulesToQueue",
        "actionModerationStatistics",
    ]
    assert [action.shortcut().toString() for action in panel.actions()[:5]] == list("ARSUZ")
    assert panel.findChild(type(panel.view), "commentQueue") is panel.view
    assert panel.findChild(type(panel.comment_view), "commentView") is panel.comment_view


def test_keys_work_while_reading_the_comment(
    qtbot, panel: ModerationPanel, queue_ids, settle
) -> None:
    panel.comment_view.setFocus()
    qtbot.waitUntil(panel.comment_view.hasFocus)
    qtbot.keyClick(panel.comment_view, Qt.Key.Key_J)
    qtbot.keyClick(panel.comment_view, Qt.Key.Key_R)
    settle()
    assert status_of(panel, queue_ids[1]) is CommentStatus.REJECTED
    assert "Comment 2 about" in panel.comment_view.toPlainText()


def test_a_refused_change_is_reported_and_the_row_put_back(
    qtbot, panel: ModerationPanel, queue_ids, monkeypatch, settle
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(panel_module, "show_error", lambda _parent, text: errors.append(text))

    def refuse(*_args, **_kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(panel.context.comments, "set_status", refuse)
    key(qtbot, panel, "A")
    settle()
    assert errors == []  # said in the status line, not in a box that stops the keys
    text = panel.status_label.text()
    assert text.startswith("Not approved: The database did not do what was asked")
    assert "RuntimeError" in text
    assert panel.status_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.pending_count() == 10
    assert [panel.model.comment_id(row) for row in range(10)] == queue_ids
    assert current_text(panel) == "Comment 0 about the budget"
    assert not panel.triage.can_undo
    assert not panel.moderation_actions.undo.isEnabled()
