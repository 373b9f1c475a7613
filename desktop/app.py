"""The main window on a database, and the smoke test that packaging runs.

Starting the application itself is desktop/launch.py's job."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QIcon

import resources
from database.engine import Database, open_database
from database.errors import DatabaseError
from database.version import __version__
from desktop import crash, theme
from desktop.context import AppContext
from desktop.launch import ensure_application
from desktop.main_window import MainWindow

# For packaging checks only (packaging/smoke_test.py): with SMOKE_TEST_VARIABLE set, the
# window opens as usual, and once it is on screen Copydesk checks that it finds its
# resources, prints one line and quits, with 0 if all was well. The database is the usual one.
# With the smoke test, also save a picture of the window there (a PNG path).
SMOKE_SCREENSHOT_VARIABLE = "COPYDESK_SMOKE_SCREENSHOT"
SMOKE_TIMEOUT_MS = 30_000
SMOKE_OK = "copydesk smoke test: ok"

log = logging.getLogger(__name__)


def freeze_long_lived_objects() -> None:
    """Take what start-up made (modules, Qt wrappers, ORM mappers: they live as long as the
    program) out of the garbage collector's sight.

    Otherwise every full collection walks all of them on whichever thread triggers it, with
    the interpreter lock held: 80-90 ms during a big import, a visible stall of the window.
    """
    gc.freeze()


def create_main_window(database_url: str) -> MainWindow:
    """Open (creating and migrating if needed) the database and return its window, not shown.

    Needs an existing QApplication. Raises DatabaseError with a readable message.
    """
    return main_window_for(open_database(database_url))


def main_window_for(database: Database) -> MainWindow:
    """The main window on an opened database, not shown."""
    window = MainWindow(AppContext(database))
    crash.watch_for_recovery(window.editor)  # an unexpected error keeps its unsaved text
    log.info("main window open on %s", database.location)
    freeze_long_lived_objects()
    return window


# --- packaging checks ------------------------------------------------------------------


def missing_resources() -> list[str]:
    """What an installed or frozen Copydesk failed to find of its own files."""
    missing: list[str] = []
    if not any(resources.samples_folder().glob("*.txt")):
        missing.append(f"sample articles in {resources.samples_folder()}")
    for name in resources.ACTION_ICON_NAMES:
        for dark in (False, True):
            path = resources.action_icon_path(name, dark=dark)
            # A null pixmap from an existing file means Qt's SVG plugin is missing.
            if QIcon(str(path)).pixmap(24, 24).isNull():
                missing.append(f"icon {path}")
    if theme.app_icon().pixmap(256, 256).isNull():
        missing.append(f"application icon in {resources.app_icon_svg().parent}")
    return missing


def run_smoke_test(database_url: str | None) -> int:
    """Open the window, wait until it is on screen, check the resources, report and quit."""
    started = time.perf_counter()
    ensure_application()
    try:
        database = open_database(database_url)
    except DatabaseError as error:  # a message box would wait for a click that never comes
        print(f"copydesk smoke test: failed: {error}", file=sys.stderr, flush=True)
        return 1
    try:
        window = MainWindow(AppContext(database))
        window.show()
        # A loop of its own rather than app.exec(): leaving that puts the application in
        # a state where it no longer tells widgets about palette changes, which matters
        # when this runs inside the test suite.
        loop = QEventLoop()
        outcome: list[int] = []
        poll = QTimer(window)
        poll.setInterval(10)
        poll.timeout.connect(lambda: _when_shown(window, database, started, outcome, loop))
        poll.start()
        give_up = QTimer(window)
        give_up.setSingleShot(True)
        give_up.timeout.connect(lambda: _give_up(outcome, loop))
        give_up.start(SMOKE_TIMEOUT_MS)
        loop.exec()
        window.deleteLater()
        return outcome[0]
    finally:
        database.dispose()


def _when_shown(
    window: MainWindow, database: Database, started: float, out: list[int], loop: QEventLoop
) -> None:
    handle = window.windowHandle()
    if out or handle is None or not handle.isExposed():
        return
    missing = missing_resources()
    if screenshot := os.environ.get(SMOKE_SCREENSHOT_VARIABLE):
        window.grab().save(str(Path(screenshot)))
    elapsed = time.perf_counter() - started
    if missing:
        print("copydesk smoke test: failed: missing " + "; ".join(missing), flush=True)
    else:
        print(
            f"{SMOKE_OK}: Copydesk {__version__}, window shown {elapsed:.2f} s after start, "
            f"database {database.engine.dialect.name} at {database.location}",
            flush=True,
        )
    out.append(1 if missing else 0)
    window.close()
    loop.quit()


def _give_up(out: list[int], loop: QEventLoop) -> None:
    if not out:
        print("copydesk smoke test: failed: the window never appeared", flush=True)
        out.append(2)
        loop.quit()
