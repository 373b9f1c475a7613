"""The moderation queue's keys ("?"): the same table as Help → Keyboard shortcuts (F1).

A QMessageBox in a monospace font wrapped its long lines at its own width, breaking the
columns; a text browser lays the table out at whatever width the dialog has.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.shortcuts_dialog import key_table_html, moderation_keys

TITLE = "Moderation keys"
HEADING = "While the comment queue has the keyboard focus"
NOTE = (
    "<p>The keys do nothing while you type in the search box. Single-key triage can be "
    "switched off in the Moderation toolbar; Help → Keyboard shortcuts (F1) lists every "
    "key of Copydesk.</p>"
)
# Wide enough for the longest line of the table on one line at common font sizes.
TEXT_WIDTH = 520


def key_help_html() -> str:
    return key_table_html([(HEADING, moderation_keys())]) + NOTE


class ModerationKeysDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationKeysDialog")
        self.setWindowTitle(TITLE)
        self.text = QTextBrowser(self)
        self.text.setObjectName("moderationKeysText")
        self.text.setAccessibleName(TITLE)
        self.text.setHtml(key_help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("moderationKeysButtons")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        # Tall enough for the whole table without scrolling, where the screen allows it.
        # (Measured on a copy: the browser lays its own document out at its current width.)
        document = self.text.document().clone(self)
        document.setTextWidth(TEXT_WIDTH)
        height = int(document.size().height()) + buttons.sizeHint().height() + 48
        self.resize(TEXT_WIDTH + 48, min(height, 640))
        document.deleteLater()


def show_key_help(parent: QWidget) -> QDialog:
    """Not modal, like the F1 list: it can stay open beside the queue while one learns."""
    found = parent.findChild(ModerationKeysDialog, "moderationKeysDialog")
    dialog = found if isinstance(found, ModerationKeysDialog) else ModerationKeysDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
