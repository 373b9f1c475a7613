"""Starting the window: the QApplication, then something on screen at once, then the rest.

Only Qt and a few small modules are imported here. The data layer (SQLAlchemy, the services)
and the main window's modules are imported on a worker thread while the GUI thread shows the
start window, so the person who launched Copydesk sees a window in about the time a bare Qt
window takes, and the main window comes a third of a second sooner than if the worker had
waited for that first paint.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from database.location import describe_location, resolve_database_url
from database.logs import setup_logging
from database.version import __version__
from desktop import crash, operations, theme
from desktop.operations import op
from desktop.settings import Settings
from desktop.start_window import StartWindow
from desktop.workers import Worker

if TYPE_CHECKING:
    from database.engine import Database
    from desktop.main_window import MainWindow

APPLICATION_NAME = "Copydesk"
# The .desktop file's name without its extension: Wayland and X11 match the running window
# to it (and so to its icon and name in the dock) by this id. Reverse-DNS because AppStream
# wants it so; packaging/linux/ names the .desktop file, metainfo and icons after it.
DESKTOP_FILE_ID = "org.copydesk.Copydesk"
# For packaging checks only (packaging/smoke_test.py and desktop/app.py's run_smoke_test).
SMOKE_TEST_VARIABLE = "COPYDESK_SMOKE_TEST"

log = logging.getLogger(__name__)


def _set_high_dpi_rounding() -> None:
    """Use the screen's exact scale factor (1.25, 1.5…) rather than rounding it to a whole
    number: text and SVG icons are drawn at the real size and stay sharp.

    Qt 6 already does this by default; said explicitly so that it survives a change of
    default, and the user's QT_SCALE_FACTOR_ROUNDING_POLICY still wins.
    """
    if "QT_SCALE_FACTOR_ROUNDING_POLICY" not in os.environ:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )


def configure_application(app: QApplication) -> None:
    """Names (for settings and the desktop), the version and the icon of the application."""
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setOrganizationName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_ID)
    app.setWindowIcon(theme.app_icon())


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    _set_high_dpi_rounding()  # only has an effect before the application exists
    app = QApplication(sys.argv[:1])
    configure_application(app)
    return app


def _open_database(url: str) -> Database | str:
    """On a worker thread: the data layer's import and the database's opening (with a first
    start's or an upgrade's migration, which on a big archive can take a while) leave the
    start window responsive, and so does importing the window's modules (a quarter of a
    second; no widget is made here). A database that cannot be opened comes back as its
    message. The Trash's purge waits for the main window (see Launch._opened)."""
    from database.engine import open_database
    from database.errors import DatabaseError

    try:
        database = open_database(url)
    except DatabaseError as error:
        return str(error)
    import desktop.app  # noqa: F401  (the window's modules: loaded here, built on the GUI thread)

    return database


def purge_old_trash(database: Database) -> None:
    """What has been in the Trash for 30 days goes for good, at start-up and on this worker
    thread (one probe of an index when there is nothing to purge). If it cannot be done now
    (another desk holds the write lock, say), the next start does it."""
    from database.errors import CopydeskError
    from database.services.trash import KEEP_DAYS, TrashService

    try:
        purged = TrashService(database.session_factory).purge()
    except CopydeskError as error:
        log.info("old articles stay in the Trash until the next start: %s", error)
        return
    if purged.articles:
        log.info("deleted for good after %d days in the Trash: %s", KEEP_DAYS, purged.describe())


class Launch(QObject):
    """Shows the start window and meanwhile, off the GUI thread, loads the data layer and the
    window's modules and opens the database; then builds the main window in its place. A
    database that cannot be opened is said in a message, and the exit code is 1."""

    def __init__(self, database_url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = resolve_database_url(database_url)
        self.window: MainWindow | None = None
        self.exit_code = 0
        self.start_window = StartWindow(
            describe_location(self.url), Settings().window_state("geometry")
        )
        self._opening: Worker | None = None

    def begin(self) -> None:
        self.start_window.show()
        self._open()

    def _open(self) -> None:
        if self._opening is not None:
            return
        url = self.url
        self._opening = Worker(lambda _job: _open_database(url))
        self._opening.signals.result.connect(self._opened)
        self._opening.signals.failed.connect(self._failed)
        self._opening.start()

    def _opened(self, opened: Database | str) -> None:
        if isinstance(opened, str):
            self._failed(opened)
            return
        if not self.start_window.isVisible():  # closed while the database was opening
            opened.dispose()
            return
        from desktop.app import main_window_for

        window = self.window = main_window_for(opened)
        window.show()
        self.start_window.close()
        # A write like any other, after the window: importing the Trash's service and looking
        # for old articles kept it off the screen for 60 ms.
        purge = op(window, lambda: purge_old_trash(opened), write=True)
        purge.failure(lambda error: log.warning("the Trash was not purged: %s", error)).run()
        window.backups.start()  # today's copy, on a worker (a test's window makes none)
        window.ask_profile_if_unset()
        window.editor.offer_unsaved_new_articles()

    def _failed(self, message: str) -> None:
        log.warning("cannot start: %s", message)
        self.start_window.hide()
        QMessageBox.critical(None, APPLICATION_NAME, f"Copydesk cannot start.\n\n{message}")
        self.exit_code = 1
        QApplication.exit(1)


def run_gui(database_url: str | None) -> int:
    if os.environ.get(SMOKE_TEST_VARIABLE):
        from desktop.app import run_smoke_test

        return run_smoke_test(database_url)
    setup_logging()  # done already when started by the copydesk command
    app = ensure_application()
    crash_hooks = crash.install()
    launch = Launch(database_url)
    launch.begin()
    try:
        code = app.exec()
    finally:
        # A database still opening, writes still queued (a last decision by key): finished
        # before the database is closed.
        operations.wait_until_idle(-1)
        if launch.window is not None:
            launch.window.context.database.dispose()
        crash_hooks.uninstall()
    log.info("window closed, exit code %d", launch.exit_code or code)
    return launch.exit_code or code
