"""An error nobody expected: in the log with its traceback, every open editor's unsaved text
kept, the person told once where the details are; on the command line, one line.

pytest-qt fails a test whose Qt slots raise (it puts its own sys.excepthook in place for each
test): the tests that raise on purpose turn that off with `qt_no_exception_capture` and put
Copydesk's hook in place instead, taken out again after the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QRunnable, QThreadPool, QTimer, qWarning
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from database.engine import Database
from database.logs import log_file_path, setup_logging, stop_logging
from desktop import crash, crash_dialog
from desktop.articles.recovery import RecoveryStore, default_recovery_folder
from desktop.cli import main
from desktop.export_controller import ExportController
from desktop.importing.controller import ImportController
from desktop.main_window import MainWindow
from desktop.workers import Worker

ROOT = Path(__file__).resolve().parents[2]
BODY = "Text typed before the error, never saved"


@dataclass
class Shown:
    """The crash dialogs that would have opened, with what they were given."""

    calls: list[tuple[Path | None, str, bool]] = field(default_factory=list)
    during: list[object] = field(default_factory=list)  # run inside the first, as exec() would

    def __call__(self, parent: object, log_file: Path | None, details: str, *, unsaved_kept: bool):
        self.calls.append((log_file, details, unsaved_kept))
        if len(self.calls) == 1:
            for action in self.during:
                action()  # type: ignore[operator]


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = setup_logging()
    assert path is not None
    yield path
    stop_logging()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> Shown:
    dialogs = Shown()
    monkeypatch.setattr(crash_dialog, "show_crash_dialog", dialogs)
    return dialogs


@pytest.fixture
def hooks(
    qapp: QApplication, log_file: Path, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> Iterator[crash.CrashHandler]:
    """Copydesk's hooks, with no memory of other tests' errors and editors."""
    monkeypatch.setattr(crash, "_seen", Counter())
    monkeypatch.setattr(crash, "_sources", weakref.WeakSet())
    handler = crash.install()
    yield handler
    handler.uninstall()


def log_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def start_unsaved_article(window: MainWindow) -> str:
    """A new article with text in it, and its autosave timers stopped: if a recovery copy
    appears, the hook wrote it."""
    editor = window.editor
    assert editor.new_article()
    editor.form.title_edit.setText("Kept by the crash hook")
    editor.form.body_edit.setPlainText(BODY)
    for timer in editor.findChildren(QTimer):
        timer.stop()
    assert editor.is_dirty
    assert RecoveryStore(default_recovery_folder()).load(editor.recovery_key) is None
    return editor.recovery_key


def raise_from_timer(qtbot: QtBot, times: int) -> list[int]:
    """A slot that raises `times` times in a row, as a broken timer's does every turn."""
    raised: list[int] = []

    def broken_slot() -> None:
        raised.append(1)
        if len(raised) >= times:
            timer.stop()
        raise ZeroDivisionError("a bug in a timer's slot")

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(broken_slot)
    timer.start()
    qtbot.waitUntil(lambda: len(raised) >= times)
    return raised


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_keeps_the_unsaved_text_and_is_shown_once(
    hooks: crash.CrashHandler,
    window: MainWindow,
    qtbot: QtBot,
    log_file: Path,
    shown: Shown,
) -> None:
    key = start_unsaved_article(window)
    raise_from_timer(qtbot, times=10)
    qtbot.waitUntil(lambda: len(shown.calls) == 1)
    QApplication.processEvents()  # the later errors' announcements, had any been queued
    assert len(shown.calls) == 1

    text = log_text(log_file)
    assert "Traceback (most recent call last)" in text
    assert "in broken_slot" in text and "ZeroDivisionError: a bug in a timer's slot" in text
    # A loop's errors would rotate the first traceback out of the log: the first few, then
    # how often.
    assert text.count("Traceback") == crash.FULL_TRACEBACKS_PER_ERROR
    assert "the same unexpected error, 10 times so far: ZeroDivisionError" in text
    assert BODY not in text  # the log never holds the article's text

    kept = RecoveryStore(default_recovery_folder()).load(key)
    assert kept is not None and kept.body == BODY and kept.title == "Kept by the crash hook"

    [(given_log, details, unsaved_kept)] = shown.calls
    assert given_log == log_file and unsaved_kept
    assert "ZeroDivisionError" in details and "broken_slot" in details


@pytest.mark.qt_no_exception_capture
def test_errors_while_the_dialog_is_open_never_open_another(
    hooks: crash.CrashHandler, qtbot: QtBot, log_file: Path, shown: Shown
) -> None:
    """The dialog's exec() runs an event loop, where the same broken timer fires again."""

    def errors_meanwhile() -> None:
        loop = QEventLoop()
        raised = 0

        def broken_again() -> None:
            nonlocal raised
            raised += 1
            if raised == 3:
                QTimer.singleShot(0, loop.quit)  # after the announcements queued so far
            raise KeyError("raised while the dialog is open")

        again = QTimer()
        again.setInterval(0)
        again.timeout.connect(broken_again)
        again.start()
        loop.exec()
        again.stop()

    shown.during.append(errors_meanwhile)
    raise_from_timer(qtbot, times=1)
    qtbot.waitUntil(lambda: len(shown.calls) == 1)
    QApplication.processEvents()
    assert len(shown.calls) == 1
    assert log_text(log_file).count("KeyError: 'raised while the dialog is open'") == 3


@pytest.mark.qt_no_exception_capture
def test_a_dialog_can_come_again_once_its_interval_has_passed(
    hooks: crash.CrashHandler, qtbot: QtBot, shown: Shown, monkeypatch: pytest.MonkeyPatch
) -> None:
    raise_from_timer(qtbot, times=1)
    qtbot.waitUntil(lambda: len(shown.calls) == 1)
    monkeypatch.setattr(crash, "DIALOG_INTERVAL_S", 0.0)
    raise_from_timer(qtbot, times=1)
    qtbot.waitUntil(lambda: len(shown.calls) == 2)


def test_an_error_in_a_thread_is_logged_and_said_on_the_gui_thread(
    hooks: crash.CrashHandler,
    window: MainWindow,
    qtbot: QtBot,
    log_file: Path,
    shown: Shown,
) -> None:
    key = start_unsaved_article(window)

    def broken_work() -> None:
        raise ValueError("a bug in a thread")

    thread = threading.Thread(target=broken_work, name="checker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown.calls) == 1)
    text = log_text(log_file)
    assert "unexpected error in thread checker" in text
    assert "ValueError: a bug in a thread" in text and "in broken_work" in text
    kept = RecoveryStore(default_recovery_folder()).load(key)  # kept on the GUI thread
    assert kept is not None and kept.body == BODY


def test_a_background_job_that_raises_ends_in_the_log(
    hooks: crash.CrashHandler, qtbot: QtBot, log_file: Path
) -> None:
    def broken_job(_job: object) -> None:
        raise LookupError("a bug in a background job")

    worker = Worker(broken_job)
    with qtbot.waitSignal(worker.signals.failed) as failed:
        worker.start()
    assert failed.args == ["a bug in a background job"]
    text = log_text(log_file)
    assert "background job" in text and "broken_job" in text
    assert "LookupError: a bug in a background job" in text and "Traceback" in text


@pytest.mark.qt_no_exception_capture
def test_a_runnable_that_raises_past_its_run_ends_in_the_log(
    hooks: crash.CrashHandler, qtbot: QtBot, log_file: Path, shown: Shown
) -> None:
    class Broken(QRunnable):
        def run(self) -> None:
            raise RuntimeError("escaped a QRunnable")

    runnable = Broken()
    runnable.setAutoDelete(False)
    QThreadPool.globalInstance().start(runnable)
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: len(shown.calls) == 1)
    assert "RuntimeError: escaped a QRunnable" in log_text(log_file)


def test_qt_warnings_go_to_the_log(hooks: crash.CrashHandler, log_file: Path) -> None:
    qWarning("a warning from Qt")
    assert "WARNING desktop.qt: a warning from Qt" in log_text(log_file)


def test_uninstalling_gives_back_the_hooks_it_found(qapp: QApplication, log_file: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    handler = crash.install()
    assert sys.excepthook == handler.excepthook
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_dialog_says_where_the_log_is_in_plain_text_and_copies_the_details(
    qtbot: QtBot, tmp_path: Path
) -> None:
    odd = tmp_path / "<b>logs</b>" / "copydesk.log"
    dialog = crash_dialog.CrashDialog(None, odd, "Traceback: details", unsaved_kept=True)
    qtbot.addWidget(dialog)
    dialog.show()  # not exec(): nothing waits for a click
    assert dialog.message.text() == (
        "Copydesk met an error it did not expect. Your unsaved text is kept as a recovery "
        f"copy. Details are in {odd}."
    )
    assert dialog.message.textFormat() == crash_dialog.Qt.TextFormat.PlainText
    dialog.copy_button.click()
    assert dialog.isVisible() and dialog.copy_button.text() == "Details copied"  # still open
    assert QApplication.clipboard().text() == f"Log: {odd}\n\nTraceback: details"
    assert dialog.open_button.isEnabled()
    without = crash_dialog.CrashDialog(None, None, "details", unsaved_kept=False)
    qtbot.addWidget(without)
    assert "recovery" not in without.message.text() and not without.open_button.isEnabled()


# --- without a window ----------------------------------------------------------------------


def test_a_crash_in_a_command_is_logged_and_said_in_one_line(
    log_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_import(_args: object) -> int:
        raise TypeError("a bug in the import command")

    monkeypatch.setattr("desktop.cli.run_import", broken_import)
    assert main(["import", "somewhere"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "copydesk: an unexpected error stopped the command (TypeError); "
        f"details are in {log_file}\n"
    )
    text = log_text(log_file)
    assert "started (import)" in text
    assert "Traceback" in text and "TypeError: a bug in the import command" in text


def test_a_crash_when_the_log_cannot_be_written_is_still_one_line(
    log_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk under the data folder: no traceback either, and no false "details"."""
    from database import logs

    def broken_import(_args: object) -> int:
        raise TypeError("a bug\nover two lines")

    def disk_full(_record: object) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.cli.run_import", broken_import)
    assert logs._handler is not None
    monkeypatch.setattr(logs._handler, "shouldRollover", disk_full)
    assert main(["import", "somewhere"]) == 1
    assert capsys.readouterr().err == (
        "copydesk: an unexpected error stopped the command (TypeError: a bug over two lines); "
        f"the log {log_file} could not be written\n"
    )


def test_with_no_log_file_at_all_the_traceback_is_kept_on_stderr(
    data_folders: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_folders / "data").write_text("a file where the data folder should be")

    def broken_import(_args: object) -> int:
        raise TypeError("nowhere to log this")

    monkeypatch.setattr("desktop.cli.run_import", broken_import)
    assert main(["import", "somewhere"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        "copydesk: an unexpected error stopped the command, and no log file could be written:"
    )
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "TypeError: nowhere to log this"


def test_a_command_logs_where_it_ran_and_what_it_did(
    samples: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "cli.sqlite3"
    assert main(["--database", f"sqlite:///{database}", "import", *map(str, samples)]) == 0
    text = log_text(log_file_path())  # set up by the command itself
    assert f"started (import), database {database}" in text
    assert "import of 2 paths: 2 files: 2 imported" in text
    out = tmp_path / "out"
    assert main(["--database", f"sqlite:///{database}", "export", "--out", str(out)]) == 0
    assert f"export: 2 articles exported to {out}" in log_text(log_file_path())


SCRIPT_WITHOUT_QT = """
import sys
from database.logs import setup_logging
from desktop import crash

setup_logging()
crash.install()
print("Qt loaded:", "PySide6.QtWidgets" in sys.modules, flush=True)
raise ValueError("no window here")
"""


def _environment(home: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    environment.pop("COPYDESK_SMOKE_TEST", None)
    environment.pop("COPYDESK_DATABASE_URL", None)
    return environment


def test_without_a_qapplication_the_hook_says_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT_WITHOUT_QT],
        cwd=ROOT,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = tmp_path / "data" / "copydesk" / "logs" / "copydesk.log"
    assert done.returncode == 1
    assert done.stdout == "Qt loaded: False\n"
    assert done.stderr == f"copydesk: an unexpected error (ValueError); details are in {log}\n"
    assert "ValueError: no window here" in log.read_text(encoding="utf-8")


# The real start (run_gui): once the main window is up, an article gets unsaved text and a
# slot raises twice; the dialog (replaced) prints what it was given and quits.
SCRIPT_WITH_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from desktop import crash_dialog
from desktop.launch import ensure_application, run_gui

app = ensure_application()
windows, shown = [], []

def show(parent, log_file, details, *, unsaved_kept):
    shown.append(f"{log_file}|{unsaved_kept}|{details.strip().splitlines()[-1]}")
    windows[0].editor.maybe_save = lambda: True  # quit without asking
    QTimer.singleShot(50, app.quit)

crash_dialog.show_crash_dialog = show

def fail():
    raise LookupError("a bug in a slot")

def watch():
    for widget in app.topLevelWidgets():
        if widget.objectName() == "mainWindow" and widget.isVisible() and not windows:
            windows.append(widget)
            widget.editor.new_article()
            widget.editor.form.title_edit.setText("Kept by the crash hook")
            widget.editor.form.body_edit.setPlainText("Typed before the error")
            QTimer.singleShot(0, fail)
            QTimer.singleShot(0, fail)

def give_up():  # a failure that says what was on screen, rather than a subprocess timeout
    visible = [w.objectName() or type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()]
    shown.append("gave up; visible: " + ",".join(visible))
    app.exit(3)

timer = QTimer()
timer.timeout.connect(watch)
timer.start(5)
QTimer.singleShot(60_000, give_up)
code = run_gui(sys.argv[1])
print("\\n".join(shown))
print("exit", code)
"""


def test_the_window_logs_keeps_the_text_and_shows_the_dialog_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config" / "copydesk").mkdir(parents=True)
    (home / "config" / "copydesk" / "copydesk.ini").write_text("[profile]\nname=tester\n")
    database = tmp_path / "desk.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT_WITH_WINDOW, f"sqlite:///{database}"],
        cwd=ROOT,
        env=_environment(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    log = home / "data" / "copydesk" / "logs" / "copydesk.log"
    assert done.stdout.splitlines() == [f"{log}|True|LookupError: a bug in a slot", "exit 0"]
    assert "Traceback" not in done.stderr
    text = log.read_text(encoding="utf-8")
    assert f"main window open on {database}" in text
    assert "in fail" in text and "LookupError: a bug in a slot" in text
    assert "window closed, exit code 0" in text
    [copy] = (home / "data" / "copydesk" / "recovery").glob("new-*.json")
    assert "Typed before the error" in copy.read_text(encoding="utf-8")


def test_the_windows_imports_and_exports_are_logged(
    database: Database, samples: list[Path], qtbot: QtBot, log_file: Path, tmp_path: Path
) -> None:
    imports = ImportController(database)
    with qtbot.waitSignal(imports.finished, timeout=30_000):
        assert imports.start(samples)
    assert "import of 2 paths: 2 files: 2 imported" in log_text(log_file)
    exports = ExportController(database)
    out = tmp_path / "out"
    with qtbot.waitSignal(exports.finished, timeout=30_000):
        assert exports.start(out)
    assert f"export: 2 articles exported to {out}" in log_text(log_file)
