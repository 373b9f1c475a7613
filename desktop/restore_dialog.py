"""File ▸ Restore from backup…: the copies of the database, newest first, to pick one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from database.backups import Backup
from desktop.plain_text import plain_label, tooltip_text

_BACKUP_ROLE = Qt.ItemDataRole.UserRole


class RestoreDialog(QDialog):
    def __init__(self, copies: list[Backup], folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.resize(560, 380)
        self.copies = list(copies)

        intro = plain_label(
            f"Copies of the database in {folder}, newest first. Each was checked when it was "
            "made, and is checked again before it is restored.",
            self,
            "restoreIntro",
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("backupList")
        for copy in self.copies:
            item = QListWidgetItem(copy.describe())
            item.setData(_BACKUP_ROLE, copy)
            item.setToolTip(tooltip_text(str(copy.path)))
            self.list.addItem(item)
        self.details = plain_label("", self, "backupDetails")
        self.details.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "Restore…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restoreButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._show_details)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.list.setCurrentRow(0 if self.copies else -1)
        self._show_details(self.list.currentRow())

    def _show_details(self, row: int) -> None:
        self.restore_button.setEnabled(row >= 0)
        self.details.setText(str(self.copies[row].path) if row >= 0 else "")

    def chosen(self) -> Backup | None:
        item = self.list.currentItem()
        return item.data(_BACKUP_ROLE) if item is not None else None

    @classmethod
    def ask(cls, parent: QWidget | None, copies: list[Backup], folder: str) -> Backup | None:
        dialog = cls(copies, folder, parent)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
