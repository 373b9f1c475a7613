"""QApplication set-up and the entry points that open a database in a window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QWidget

from database.engine import Database, open_database
from database.errors import DatabaseError
from database.version import __version__

APPLICATION_NAME = "Copydesk"
ORGANIZATION_NAME = "Copydesk"


class MainWindow(QMainWindow):
    """Until the editor lands: a window that shows which database is open."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setObjectName("mainWindow")
        self.setWindowTitle(APPLICATION_NAME)
        self.setCentralWidget(QLabel(f"Database: {database.location}"))
        self.resize(1000, 700)


def create_main_window(database_url: str) -> MainWindow:
    """Open (creating and migrating if needed) the database and return its window, not shown."""
    return MainWindow(open_database(database_url))


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)
    return app


def run_gui(database_url: str | None) -> int:
    app = ensure_application()
    try:
        database = open_database(database_url)
    except DatabaseError as error:
        QMessageBox.critical(None, APPLICATION_NAME, f"Copydesk cannot start.\n\n{error}")
        return 1
    window = MainWindow(database)
    window.show()
    try:
        return app.exec()
    finally:
        database.dispose()
