"""The newsroom's moderation rules, edited: a link limit and two lists of words."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from database.errors import ValidationError
from database.services.moderation_rules import ModerationRules
from desktop.plain_text import plain_label

EXPLANATION = (
    "Rules apply to comments as they are imported. A held comment waits in Pending with the "
    "reason recorded; a spam word sends a comment straight to Spam. One word or phrase a "
    "line; case does not matter; end a word with * to match every word it begins "
    "(refund* matches refunds)."
)


class RulesDialog(QDialog):
    def __init__(self, rules: ModerationRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationRulesDialog")
        self.setWindowTitle("Moderation rules")
        self.link_limit = QSpinBox()
        self.link_limit.setObjectName("linkLimit")
        self.link_limit.setRange(0, 100)
        self.link_limit.setSpecialValueText("never (rule off)")
        self.link_limit.setSuffix(" links or more")
        self.link_limit.setValue(rules.link_limit)
        self.hold_words = QPlainTextEdit("\n".join(rules.hold_words))
        self.hold_words.setObjectName("holdWords")
        self.hold_words.setTabChangesFocus(True)
        self.spam_words = QPlainTextEdit("\n".join(rules.spam_words))
        self.spam_words.setObjectName("spamWords")
        self.spam_words.setTabChangesFocus(True)
        self.error = plain_label(name="rulesError")  # it may quote a word of the lists
        self.error.setWordWrap(True)
        self.error.hide()
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Hold a comment with", self.link_limit)
        form.addRow("Words that hold a comment", self.hold_words)
        form.addRow("Words that mean spam", self.spam_words)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def rules(self) -> ModerationRules:
        """The rules as entered; raises ValidationError if they cannot be kept."""
        return ModerationRules(
            link_limit=self.link_limit.value(),
            hold_words=tuple(self.hold_words.toPlainText().splitlines()),
            spam_words=tuple(self.spam_words.toPlainText().splitlines()),
        )

    def accept(self) -> None:
        try:
            self.rules()
        except ValidationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()


def edit_rules(parent: QWidget | None, rules: ModerationRules) -> ModerationRules | None:
    """The rules the user saved, or None if they cancelled."""
    dialog = RulesDialog(rules, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.rules()
        return None
    finally:
        dialog.deleteLater()
