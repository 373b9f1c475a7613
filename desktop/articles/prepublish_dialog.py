"""The pre-publish checklist, shown when a save would publish an article that fails a check.

Each item says where it is; a click on it (or Enter) closes the list and goes there. Going
past the list needs a reason, kept in the article's history. The dialog is window-modal and
never runs an event loop of its own (`open()`, not `exec()`): the answer arrives through a
callback, and the save it allows happens then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from database.services.prepublish import ChecklistItem
from desktop import plain_text

GO_TO_HINT = "Click an item, or press Enter on it, to go there and fix it."
REASON_LABEL = "&Reason to publish anyway (kept in the article's history):"
REASON_PLACEHOLDER = "e.g. Breaking news: the author's name follows within the hour"
_ITEM_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class PublishDecision:
    """Publish anyway for `reason`, or (`go_to` set) not now: go and fix that item."""

    reason: str = ""
    go_to: ChecklistItem | None = None

    @property
    def publishes(self) -> bool:
        return self.go_to is None


def _count(items: Sequence[ChecklistItem]) -> str:
    return "1 thing to look at" if len(items) == 1 else f"{len(items)} things to look at"


class PrePublishChecklist(QDialog):
    decided = Signal(object)  # PublishDecision, or None when cancelled; once

    def __init__(
        self, title: str, items: Sequence[ChecklistItem], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prePublishChecklist")
        self.setWindowTitle("Before publishing")
        self.setAccessibleName("Pre-publish checklist")
        self._items = tuple(items)
        self._decision: PublishDecision | None = None
        self._told = False

        self.heading = plain_text.plain_label(
            f"“{title}” is not ready to publish: {_count(items)}.", self, "prePublishHeading"
        )
        self.heading.setWordWrap(True)
        hint = plain_text.plain_label(GO_TO_HINT, self, "prePublishHint")
        hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("prePublishItems")
        self.list.setAccessibleName("What to look at before publishing")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(3)  # wrapped items apart: where one ends, the next begins
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        for index, item in enumerate(self._items):
            row = QListWidgetItem(f"{item.where}: {item.message}", self.list)
            row.setData(_ITEM_ROLE, index)
            row.setToolTip(plain_text.tooltip_text(f"{item.where}: {item.message}"))
        if self._items:
            self.list.setCurrentRow(0)
        self.list.itemClicked.connect(self._go_to)
        self.list.itemActivated.connect(self._go_to)

        self.reason = QLineEdit(self)
        self.reason.setObjectName("prePublishReason")
        self.reason.setAccessibleName("Reason to publish anyway")
        self.reason.setPlaceholderText(REASON_PLACEHOLDER)
        self.reason.setMaxLength(2000)
        reason_label = QLabel(REASON_LABEL, self)
        reason_label.setBuddy(self.reason)

        buttons = QDialogButtonBox(self)
        self.publish_button = QPushButton("&Publish anyway", self)
        self.publish_button.setObjectName("prePublishAnyway")
        self.publish_button.setToolTip("Type the reason first: it is kept in the history")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("prePublishCancel")
        self.cancel_button.setToolTip("Not published: the status stays as it is saved")
        buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.publish_button, self.cancel_button):
            # Enter belongs to the item under the cursor, or to the reason: never to a
            # default button the dialog would press instead.
            button.setAutoDefault(False)
            button.setDefault(False)
        self.publish_button.clicked.connect(self.publish_anyway)
        self.cancel_button.clicked.connect(self.reject)
        self.reason.textChanged.connect(self._reason_changed)
        self.reason.returnPressed.connect(self.publish_anyway)
        self._reason_changed(self.reason.text())

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.finished.connect(self._tell)
        self.resize(560, 380)
        self.list.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        items: Sequence[ChecklistItem],
        then: Callable[[PublishDecision | None], None],
    ) -> PrePublishChecklist:
        """Show the checklist over `parent`'s window, and return at once; `then` gets the
        decision (None: cancelled) when it closes, and the dialog goes away after."""
        dialog = cls(title, items, parent)
        dialog.decided.connect(then)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return self._items

    def _reason_changed(self, text: str) -> None:
        self.publish_button.setEnabled(bool(text.strip()))

    def publish_anyway(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.reason.setFocus()
            return
        self._decision = PublishDecision(reason=reason)
        self.accept()

    def go_to(self, row: int) -> None:
        """Close the list and go to the item in `row`."""
        self._decision = PublishDecision(go_to=self._items[row])
        self.accept()

    def _go_to(self, row: QListWidgetItem) -> None:
        if not self._told:  # a double click is a click, then an activation
            self.go_to(int(row.data(_ITEM_ROLE)))

    def reject(self) -> None:
        self._decision = None
        super().reject()

    def _tell(self, _result: int) -> None:
        if self._told:
            return
        self._told = True
        self.decided.emit(self._decision)


__all__ = ["PrePublishChecklist", "PublishDecision"]
