"""QApplication set-up and the entry points that open a database in a window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from database.engine import open_database
from database.errors import DatabaseError
from database.version import __version__
from desktop.context import AppContext
from desktop.main_window import MainWindow

APPLICATION_NAME = "Copydesk"


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setOrganizationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("copydesk")
    return app


def create_main_window(database_url: str) -> MainWindow:
    """Open (creating and migrating if needed) the database and return its window, not shown.

    Needs an existing QApplication. Raises DatabaseError with a readable message.
    """
    return MainWindow(AppContext(open_database(database_url)))


def run_gui(database_url: str | None) -> int:
    app = ensure_application()
    try:
        database = open_database(database_url)
    except DatabaseError as error:
        QMessageBox.critical(None, APPLICATION_NAME, f"Copydesk cannot start.\n\n{error}")
        return 1
    window = MainWindow(AppContext(database))
    window.show()
    window.ask_profile_if_unset()
    window.editor.offer_unsaved_new_articles()
    try:
        return app.exec()
    finally:
        database.dispose()
