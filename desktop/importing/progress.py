"""Progress of a background job: files done of total, the current file, and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget


class TaskProgress:
    """A window-modal progress dialog that never blocks the event loop (it is not exec'd)."""

    def __init__(self, parent: QWidget, title: str, on_cancel: Callable[[], None]) -> None:
        self.dialog = QProgressDialog(parent)
        self.dialog.setObjectName(f"{title.lower()}Progress")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(300)  # quick jobs finish without a flash of a dialog
        self.dialog.setMinimumWidth(520)
        self.dialog.setCancelButtonText("Cancel")
        self.dialog.canceled.connect(on_cancel)
        self.dialog.canceled.connect(lambda: self.dialog.setLabelText("Cancelling…"))
        self.dialog.reset()
        self.dialog.hide()

    def begin(self, text: str) -> None:
        self.dialog.setRange(0, 0)  # busy until the first progress report says how many
        self.dialog.setValue(0)
        self.dialog.setLabelText(text)

    def update(self, done: int, total: int, current: str) -> None:
        if self.dialog.wasCanceled():
            return
        self.dialog.setRange(0, max(total, 1))
        self.dialog.setValue(done)
        name = Path(current).name if current else ""
        label = f"{done:,} of {total:,} done"
        self.dialog.setLabelText(f"{label}\n{name}" if name else label)

    def end(self) -> None:
        self.dialog.reset()
        self.dialog.hide()
