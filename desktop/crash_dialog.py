"""The Qt side of an unexpected error (desktop/crash.py): the dialog that says where the
details are, and the signal that brings an error from any thread to the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

TITLE = "Copydesk met an unexpected error"
OPENING = "Copydesk met an error it did not expect."
KEPT = "Your unsaved text is kept as a recovery copy."
NO_LOG = "No log file could be written; “Copy details” gives what happened."


def crash_message(log_file: Path | None, *, unsaved_kept: bool) -> str:
    parts = [OPENING]
    if unsaved_kept:
        parts.append(KEPT)
    parts.append(f"Details are in {log_file}." if log_file is not None else NO_LOG)
    return " ".join(parts)


class CrashDialog(QDialog):
    """Says what happened in words and where the log is; copies the details or opens the
    log's folder without closing, so that both can be done."""

    def __init__(
        self,
        parent: QWidget | None,
        log_file: Path | None,
        details: str,
        *,
        unsaved_kept: bool,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(TITLE)
        self._log_file = log_file
        self._details = details
        self.message = QLabel(crash_message(log_file, unsaved_kept=unsaved_kept), self)
        self.message.setObjectName("crashMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a path may hold anything
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        icon = QLabel(self)
        icon.setObjectName("crashIcon")
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        critical = QStyle.StandardPixmap.SP_MessageBoxCritical
        icon.setPixmap(self.style().standardIcon(critical).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.setObjectName("crashButtons")
        self.copy_button = self.buttons.addButton(
            "Copy details", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("crashCopyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        self.open_button = self.buttons.addButton(
            "Open log folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setObjectName("crashOpenLogFolder")
        self.open_button.setEnabled(log_file is not None)
        self.open_button.clicked.connect(self.open_log_folder)
        self.buttons.rejected.connect(self.reject)
        text_row = QHBoxLayout()
        text_row.addWidget(icon)
        text_row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(text_row)
        layout.addWidget(self.buttons)

    def copy_details(self) -> None:
        where = f"Log: {self._log_file}\n\n" if self._log_file is not None else ""
        QGuiApplication.clipboard().setText(where + self._details)
        self.copy_button.setText("Details copied")

    def open_log_folder(self) -> bool:
        if self._log_file is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_file.parent)))


def show_crash_dialog(
    parent: QWidget | None, log_file: Path | None, details: str, *, unsaved_kept: bool
) -> None:
    """Modal until closed; tests replace this function."""
    dialog = CrashDialog(parent, log_file, details, unsaved_kept=unsaved_kept)
    dialog.exec()
    dialog.deleteLater()


class CrashSignal(QObject):
    """Lives on the GUI thread; `crashed`, emitted from any thread, is delivered there on the
    event loop's next turn, outside whatever code just failed."""

    crashed = Signal()
