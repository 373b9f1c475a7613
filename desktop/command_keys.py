"""The window's commands (Ctrl+E, Ctrl+I, Ctrl+S …) work whichever field has the focus."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QWidget


def pressed_sequence(event: QKeyEvent) -> QKeySequence:
    return QKeySequence(event.keyCombination())


class CommandKeys(QObject):
    """An application event filter that keeps the commands' keys away from one-line fields.

    Before a shortcut runs, Qt asks the focused widget whether it wants the key itself (a
    ShortcutOverride event). A line edit says yes to its editing keys, and on Linux those
    include Ctrl+E (end of line) and Ctrl+K (delete to the end): Export did nothing from the
    title or a search field. Here the commands' keys are refused to every widget of the
    window before the widget is asked, except to multi-line text editors: they have keys of
    their own on purpose (Ctrl+I is italic in the article's body), claimed in their own
    filters, which an application filter would otherwise overrule.
    """

    def __init__(self, window: QWidget, commands: Sequence[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._commands = list(commands)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if isinstance(watched, QPlainTextEdit | QTextEdit) or watched.window() is not self._window:
            return False
        assert isinstance(event, QKeyEvent)
        if self.command_for(event) is None:
            return False
        # Not accepted: nobody overrides the key, so the shortcut runs (the parents are asked
        # in turn, and each is refused the same way).
        event.ignore()
        return True

    def command_for(self, event: QKeyEvent) -> QAction | None:
        pressed = pressed_sequence(event)
        for action in self._commands:
            if action.isEnabled() and any(key == pressed for key in action.shortcuts()):
                return action
        return None
