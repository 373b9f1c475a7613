"""Deleting an author who has articles: someone must take them over first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from database.services.authors import AuthorSummary
from desktop.authors.merge_dialog import describe
from desktop.plain_text import plain_label


class DeleteAuthorDialog(QDialog):
    def __init__(
        self,
        author: AuthorSummary,
        candidates: Sequence[AuthorSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deleteAuthorDialog")
        self.setWindowTitle("Delete author")
        self._candidates = list(candidates)
        count = author.article_count
        question = plain_label(
            f"{author.display_name} has {count} article{'s' if count != 1 else ''}. "
            "Who takes them over?",
            self,
            "deleteAuthorQuestion",
        )
        question.setWordWrap(True)
        self.successor_combo = QComboBox(self)
        self.successor_combo.setObjectName("deleteSuccessorCombo")
        self.successor_combo.setAccessibleName("Author who takes over the articles")
        question.setBuddy(self.successor_combo)
        for candidate in self._candidates:
            self.successor_combo.addItem(describe(candidate), candidate.id)
        note = QLabel(
            "The bios this profile is known by go along, so later imports find the new author.",
            self,
        )
        note.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        delete = buttons.addButton("Delete", QDialogButtonBox.ButtonRole.AcceptRole)
        delete.setAccessibleName("Delete")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setDefault(True)  # deleting is never what Enter does by accident
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.successor_combo)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def successor_id(self) -> int | None:
        row = self.successor_combo.currentIndex()
        return self._candidates[row].id if 0 <= row < len(self._candidates) else None

    @classmethod
    def choose_successor(
        cls,
        parent: QWidget | None,
        author: AuthorSummary,
        candidates: Sequence[AuthorSummary],
    ) -> int | None:
        """The id of the author who takes over; None if the user cancelled."""
        dialog = cls(author, candidates, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.successor_id() if accepted else None
        finally:
            dialog.deleteLater()
