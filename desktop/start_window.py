"""What is on screen while Copydesk loads its data layer and opens the database.

Python needs a quarter of a second to import SQLAlchemy and the services, as long again for
the main window's modules (which import them), and a first start's or an upgrade's migration
of a big archive takes longer still: the main window cannot be built before all that, and
rather than nothing at all, this window appears at once, at the place and size the main one
had last time, saying what it is opening. The main window takes its place; it reads its data
in the background (desktop.operations) and fills its panels as the data arrives.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop.plain_text import plain_label

DEFAULT_SIZE = (1280, 800)  # the main window's own default


class StartWindow(QMainWindow):
    def __init__(self, where: str, geometry: QByteArray | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startWindow")
        self.setWindowTitle("Copydesk")
        self.setAccessibleName("Copydesk is starting")
        message = plain_label(f"Opening {where}…", name="startMessage")  # a path, as it is
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        message.setWordWrap(True)
        self.setCentralWidget(message)
        self.statusBar().showMessage("Starting…")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
