"""Choosing which profile to merge with the open one, and which of the two is kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from database.services.authors import AuthorSummary
from desktop.plain_text import button_text, plain_label

EXPLANATION = (
    "The articles and known bios of both profiles end up on the one kept, so later imports "
    "with either bio find it. Email, website, specialties and photo that the kept profile "
    "lacks are taken from the other. The other profile is then removed."
)


@dataclass(frozen=True)
class MergeChoice:
    keep_id: int
    remove_id: int


def describe(summary: AuthorSummary) -> str:
    articles = f"{summary.article_count} article{'s' if summary.article_count != 1 else ''}"
    return f"{summary.display_name} ({articles})"


class MergeAuthorsDialog(QDialog):
    def __init__(
        self,
        current: AuthorSummary,
        others: Sequence[AuthorSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mergeAuthorsDialog")
        self.setWindowTitle("Merge authors")
        self._current = current
        self._others = list(others)

        self.other_combo = QComboBox(self)
        self.other_combo.setObjectName("mergeOtherCombo")
        self.other_combo.setAccessibleName("Author to merge with")
        for other in self._others:
            self.other_combo.addItem(describe(other), other.id)
        self.keep_current = QRadioButton(self)
        self.keep_current.setObjectName("mergeKeepCurrent")
        self.keep_other = QRadioButton(self)
        self.keep_other.setObjectName("mergeKeepOther")
        self.keep_current.setChecked(True)
        self.other_combo.currentIndexChanged.connect(self._other_changed)

        explanation = QLabel(EXPLANATION, self)
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        merge = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        merge.setAccessibleName("Merge")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        merge_label = plain_label(f"Merge “{current.display_name}” with:", self, "mergeWithLabel")
        merge_label.setBuddy(self.other_combo)
        form.addRow(merge_label, self.other_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Keep the name and details of:", self))
        layout.addWidget(self.keep_current)
        layout.addWidget(self.keep_other)
        layout.addWidget(explanation)
        layout.addWidget(buttons)
        self._other_changed()

    def _other(self) -> AuthorSummary | None:
        row = self.other_combo.currentIndex()
        return self._others[row] if 0 <= row < len(self._others) else None

    def _other_changed(self) -> None:
        other = self._other()
        self.keep_current.setText(button_text(describe(self._current)))
        self.keep_current.setAccessibleName(f"Keep {self._current.display_name}")
        self.keep_other.setText(button_text(describe(other)) if other else "")
        self.keep_other.setAccessibleName(f"Keep {other.display_name}" if other else "")
        # A profile someone named beats a placeholder made by an import.
        if other is not None and self._current.needs_name and not other.needs_name:
            self.keep_other.setChecked(True)
        else:
            self.keep_current.setChecked(True)

    def choice(self) -> MergeChoice | None:
        other = self._other()
        if other is None:
            return None
        if self.keep_other.isChecked():
            return MergeChoice(keep_id=other.id, remove_id=self._current.id)
        return MergeChoice(keep_id=self._current.id, remove_id=other.id)

    @classmethod
    def choose(
        cls,
        parent: QWidget | None,
        current: AuthorSummary,
        others: Sequence[AuthorSummary],
    ) -> MergeChoice | None:
        """Ask; None if the user cancelled."""
        dialog = cls(current, others, parent)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
