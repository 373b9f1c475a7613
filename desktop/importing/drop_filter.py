"""Files dropped anywhere on the window are imported, whichever child is under the cursor;
while they are dragged over it, the window says where they will go."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

# A widget (or an ancestor) with this property set handles file drops itself: a photo, say.
OWN_DROPS_PROPERTY = "handlesFileDrops"
_DRAG_EVENTS = {QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop}
_WATCHED = {*_DRAG_EVENTS, QEvent.Type.DragLeave}
CANNOT_DROP = "This cannot be dropped here: only article files and folders are imported."


def local_paths(mime: QMimeData) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def _counted(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def drop_hint(paths: list[Path]) -> str:
    """'Drop to import 3 files into the articles', folders counted apart."""
    folders = sum(1 for path in paths if path.is_dir())
    files = len(paths) - folders
    what = [_counted(files, "file")] if files else []
    if folders:
        what.append(_counted(folders, "folder"))
    return f"Drop to import {' and '.join(what)} into the articles"


def _handles_drops_itself(widget: QWidget, window: QWidget) -> bool:
    current: QWidget | None = widget
    while current is not None and current is not window:
        if current.property(OWN_DROPS_PROPERTY):
            return True
        current = current.parentWidget()
    return False


class FileDropFilter(QObject):
    """An application event filter: text edits would otherwise paste the dropped paths."""

    filesDropped = Signal(list)  # list[Path]
    # What a drop here would do, while something is dragged over the window; "" when it left.
    hintChanged = Signal(str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._hint = ""  # what the drag being made would do, worked out as it entered
        window.setAcceptDrops(True)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the cheap test first.
        if event.type() not in _WATCHED or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self._window:
            return False
        if isinstance(event, QDragLeaveEvent):
            self._hint = ""
            self.hintChanged.emit("")
            return False
        assert isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent)
        if _handles_drops_itself(watched, self._window):
            self.hintChanged.emit("")  # the widget (a photo, say) tells what it does
            return False
        # A drag that started in Copydesk (an article dragged out of the list) is not an import.
        if event.source() is not None:
            return False
        paths = local_paths(event.mimeData())
        if not paths:
            # Text dragged onto a text field is the field's; anywhere else nothing takes it.
            dropped_on_nothing = watched is self._window and event.type() != QEvent.Type.Drop
            self.hintChanged.emit(CANNOT_DROP if dropped_on_nothing else "")
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self._hint = ""
            self.hintChanged.emit("")
            self.filesDropped.emit(paths)
        else:
            if event.type() == QEvent.Type.DragEnter or not self._hint:
                self._hint = drop_hint(paths)  # once per entry: it looks at every path
            self.hintChanged.emit(self._hint)
        return True
