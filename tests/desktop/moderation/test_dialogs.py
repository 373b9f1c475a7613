from PySide6.QtCore import QDate

from database.services.moderation_log import LogFilter
from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.statuses import CommentStatus
from desktop.moderation import log_dialog, rules_dialog
from desktop.moderation.log_dialog import ModerationLogDialog
from desktop.moderation.panel import ModerationPanel
from desktop.moderation.rules_dialog import RulesDialog


def test_rules_are_edited_and_shared(qtbot, panel: ModerationPanel, database, monkeypatch) -> None:
    seen: list[ModerationRules] = []

    def edit(_parent, rules: ModerationRules) -> ModerationRules:
        seen.append(rules)
        return ModerationRules(link_limit=3, hold_words=("Budget",), spam_words=("pills",))

    monkeypatch.setattr(rules_dialog, "edit_rules", edit)
    panel.moderation_actions.rules.trigger()
    assert seen == [ModerationRules()]
    stored = ModerationRuleService(database.session_factory).load()
    assert stored == ModerationRules(link_limit=3, hold_words=("budget",), spam_words=("pills",))
    # The comment on show is highlighted by the new rules at once.
    assert "word that holds" in panel.comment_view.toPlainText()


def test_cancelling_the_rules_keeps_them(qtbot, panel: ModerationPanel, monkeypatch) -> None:
    monkeypatch.setattr(rules_dialog, "edit_rules", lambda _parent, _rules: None)
    panel.moderation_actions.rules.trigger()
    assert panel.rule_service.load() == ModerationRules()


def test_the_rules_dialog(qtbot) -> None:
    dialog = RulesDialog(ModerationRules(link_limit=2, hold_words=("a", "b")))
    qtbot.addWidget(dialog)
    assert dialog.hold_words.toPlainText() == "a\nb"
    dialog.link_limit.setValue(0)
    dialog.spam_words.setPlainText("Casino\n\n  free   money \n")
    assert dialog.rules() == ModerationRules(
        link_limit=0, hold_words=("a", "b"), spam_words=("casino", "free money")
    )
    dialog.spam_words.setPlainText("x" * 200)
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog)
    assert "longer than" in dialog.error.text()
    assert dialog.result() == 0


def test_the_log_dialog_filters(qtbot, panel: ModerationPanel, monkeypatch, settle) -> None:
    panel.moderation_actions.approve.trigger()
    panel.context.settings.user_name = "other"
    panel.moderation_actions.spam.trigger()
    settle()  # both decisions written, in the background
    shown: list[object] = []
    monkeypatch.setattr(log_dialog, "show_log", lambda parent, log: shown.append(log))
    panel.moderation_actions.log.trigger()
    assert shown == [panel.log_service]

    dialog = ModerationLogDialog(panel.log_service)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.summary.text() == "2 changes"
    first = dialog.model.entries[0]
    assert (first.changed_by, first.from_status, first.to_status) == (
        "other",
        CommentStatus.PENDING,
        CommentStatus.SPAM,
    )
    assert dialog.model.data(dialog.model.index(0, 1)) == "other"
    dialog.user.setCurrentIndex(dialog.user.findData("mod"))
    assert [e.changed_by for e in dialog.model.entries] == ["mod"]
    dialog.user.setCurrentIndex(0)
    dialog.status.setCurrentIndex(dialog.status.findData(CommentStatus.SPAM))
    assert [e.to_status for e in dialog.model.entries] == [CommentStatus.SPAM]
    dialog.status.setCurrentIndex(0)
    dialog.text.setText("Comment 1")
    dialog.apply_filter()
    assert [e.changed_by for e in dialog.model.entries] == ["other"]
    dialog.text.setText("")
    dialog.use_until.setChecked(True)
    dialog.until.setDate(QDate.currentDate().addDays(-1))
    assert dialog.model.rowCount() == 0
    dialog.until.setDate(QDate.currentDate())  # the whole of today counts
    assert dialog.model.rowCount() == 2
    assert panel.log_service.count(LogFilter(user="other")) == 1
