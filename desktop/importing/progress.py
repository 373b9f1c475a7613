"""Progress of a background job: files done of total, the current file, and Cancel.

Not a QProgressDialog: a modal one runs a nested event loop (processEvents) inside every
setValue, so whatever was queued behind a progress report (the job's end, its report, the
refreshes after it) ran re-entrantly, inside the report, in one long turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.plain_text import plain_label

# A quick job finishes without a flash of a dialog.
SHOW_AFTER_MS = 300


class ProgressDialog(QDialog):
    """A label, a bar and Cancel; closing it (Esc, the title bar) cancels too."""

    def __init__(self, parent: QWidget, title: str, on_cancel: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName(f"{title.lower()}Progress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self._on_cancel = on_cancel
        self.label = plain_label(name="progressLabel")  # it names the file being read
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(f"{title} progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        buttons = QDialogButtonBox()
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.cancelled = False

    def cancel(self) -> None:
        if self.cancelled:
            return
        self.cancelled = True
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self._on_cancel()

    def reject(self) -> None:  # Esc: the job is asked to stop, the dialog stays until it has
        self.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The job stops at its next file; the dialog goes when the job says it has ended.
        self.cancel()
        event.ignore()


class TaskProgress:
    """Shows a job's progress in a window-modal dialog; it never blocks the event loop (it is
    shown, not exec'd)."""

    def __init__(self, parent: QWidget, title: str, on_cancel: Callable[[], None]) -> None:
        self.dialog = ProgressDialog(parent, title, on_cancel)
        self._show_timer = QTimer(self.dialog)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_AFTER_MS)
        self._show_timer.timeout.connect(self.dialog.show)

    @property
    def running(self) -> bool:
        return self._show_timer.isActive() or self.dialog.isVisible()

    def begin(self, text: str) -> None:
        self.dialog.cancelled = False
        self.dialog.cancel_button.setEnabled(True)
        self.dialog.bar.setRange(0, 0)  # busy until the first progress report says how many
        self.dialog.label.setText(text)
        self._show_timer.start()

    def update(self, done: int, total: int, current: str) -> None:
        if self.dialog.cancelled:
            return
        self.dialog.bar.setRange(0, max(total, 1))
        self.dialog.bar.setValue(done)
        name = Path(current).name if current else ""
        label = f"{done:,} of {total:,} done"
        self.dialog.label.setText(f"{label}\n{name}" if name else label)

    def end(self) -> None:
        self._show_timer.stop()
        self.dialog.hide()
