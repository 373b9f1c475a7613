"""Moderation ▸ Apply rules to the pending queue…, through the window: the counts asked
first, then done in the background as one action, Z takes it back."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QToolButton

from database.services.comments import CommentFilter
from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.statuses import CommentStatus
from desktop import plain_text
from desktop.main_window import MainWindow
from tests.desktop.moderation.conftest import add_comments

MODERATION_TAB = 2
RULES = ModerationRules(link_limit=2, hold_words=("refund",), spam_words=("casino",))


def open_queue(qtbot, window: MainWindow, settle) -> None:
    window.tabs.setCurrentIndex(MODERATION_TAB)
    settle()
    qtbot.waitUntil(lambda: window.moderation.model.rowCount() > 0)


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def ask(_parent, title, text, _buttons, _default, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(f"{title}\n{text}")
        return button

    monkeypatch.setattr(plain_text, "ask", ask)
    return asked


def test_the_counts_are_asked_then_applied_and_z_takes_it_back(
    qtbot, window: MainWindow, database, settle, monkeypatch
) -> None:
    ids = add_comments(
        database,
        [
            "A fair point.",
            "Casino bonus at casino.example.com/x",
            "Where is my refund?",
            "See example.com/a and example.org/b",
        ],
    )
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    open_queue(qtbot, window, settle)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    action = window.findChild(QAction, "actionApplyRulesToQueue")
    assert action is not None and action.text() == "Apply rules to the pending &queue…"
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Moderation"]
    assert action in menu.actions()
    action.trigger()
    settle()
    [question] = asked
    assert "4 pending comments" in question
    assert "1 comment marked as spam" in question
    assert "2 comments held for review" in question
    assert "spam word: casino: 1" in question
    assert "links: 2 or more: 1" in question
    comments = window.context.comments
    assert comments.get(ids[1]).status is CommentStatus.SPAM
    assert comments.get(ids[2]).held_reason == "word: refund"
    assert comments.get(ids[3]).held_reason == "2 links (limit 2)"
    qtbot.waitUntil(lambda: window.moderation.model.rowCount() == 3)
    assert "Rules applied to the pending queue" in window.moderation.status_label.text()

    window.moderation.view.setFocus()
    qtbot.waitUntil(window.moderation.view.hasFocus)
    qtbot.keyClick(window.moderation.view, Qt.Key.Key_Z)
    settle()
    assert comments.get(ids[1]).status is CommentStatus.PENDING
    assert comments.ids(CommentFilter(held_reason="word: refund")) == []
    qtbot.waitUntil(lambda: window.moderation.model.rowCount() == 4)


def test_cancelled_nothing_changes_and_with_nothing_to_change_nothing_is_asked(
    qtbot, window: MainWindow, database, settle, monkeypatch
) -> None:
    [casino] = add_comments(database, ["Casino night"])
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    open_queue(qtbot, window, settle)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    tools = [
        button for button in window.moderation.findChildren(QToolButton) if button.text() == "Tools"
    ]
    assert len(tools) == 1
    [apply_action, _statistics] = tools[0].actions()
    apply_action.trigger()
    settle()
    assert len(asked) == 1
    assert window.context.comments.get(casino).status is CommentStatus.PENDING
    assert window.moderation.status_label.text() == "The rules were not applied."

    ModerationRuleService(database.session_factory).save(ModerationRules(), user="ed")
    apply_action.trigger()
    settle()
    assert len(asked) == 1  # not asked: there is nothing to do
    assert "change nothing" in window.moderation.status_label.text()
    assert apply_action.isEnabled()
