"""The moderation log, opened from the window, shows each decision's reason (and what an undo
or the rules did) and, on a page of its own, every change of the rules."""

from PySide6.QtGui import QAction

from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.statuses import CommentStatus
from desktop.main_window import MainWindow
from desktop.moderation import log_dialog
from desktop.moderation.log_dialog import ModerationLogDialog
from tests.desktop.moderation.conftest import add_comments


def test_reasons_and_rule_changes_are_in_the_log(
    qtbot, window: MainWindow, database, monkeypatch, settle
) -> None:
    first, second = add_comments(database, ["Rude words", "Fine words"])
    comments = window.context.comments
    comments.set_status([first], CommentStatus.REJECTED, user="ann", reason="abuse")
    approval = comments.set_status([second], CommentStatus.APPROVED, user="ann")
    comments.undo(approval, user="ann")
    rules = ModerationRuleService(database.session_factory)
    rules.save(ModerationRules(link_limit=3, hold_words=("refund",)), user="kim")

    opened: list[ModerationLogDialog] = []

    def show(parent, log):  # type: ignore[no-untyped-def]
        dialog = ModerationLogDialog(log, parent)
        qtbot.addWidget(dialog)
        opened.append(dialog)

    monkeypatch.setattr(log_dialog, "show_log", show)
    window.tabs.setCurrentIndex(2)
    settle()
    action = window.findChild(QAction, "actionModerationLog")
    assert action is not None
    action.trigger()
    [dialog] = opened
    reason_column = log_dialog.COLUMNS.index("Reason")
    shown = {
        dialog.model.data(dialog.model.index(row, 3)): dialog.model.data(
            dialog.model.index(row, reason_column)
        )
        for row in range(dialog.model.rowCount())
    }
    assert shown == {"rejected": "abuse", "approved": "", "pending": "undo"}
    assert [dialog.pages.tabText(page) for page in range(dialog.pages.count())] == [
        "Comments",
        "Rule changes",
    ]
    changes = dialog.rule_changes.model()
    assert changes.rowCount() == 1
    assert changes.index(0, 1).data() == "kim"
    assert changes.index(0, 2).data() == "link limit 2 → 3; hold words + refund"
