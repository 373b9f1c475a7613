"""A search box that Escape empties."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


def _is_plain_escape(event: QKeyEvent) -> bool:
    return event.key() == Qt.Key.Key_Escape and event.modifiers() in (
        Qt.KeyboardModifier.NoModifier,
        Qt.KeyboardModifier.KeypadModifier,
    )


class SearchField(QLineEdit):
    """Escape clears the search (undoably, Ctrl+Z brings it back) and emits `cleared`.

    On an empty field Escape is left to the parents, as in any line edit: nothing happens in
    the window, a dialog closes.
    """

    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)

    def event(self, event: QEvent) -> bool:
        # Claimed before shortcuts are looked up: an Escape shortcut of the window (a bar's
        # Close, say) must not take the key while there is a search to clear.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_plain_escape(event)
            and self.text()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_plain_escape(event) and self.text():
            self.clear()
            self.cleared.emit()
            return
        super().keyPressEvent(event)
