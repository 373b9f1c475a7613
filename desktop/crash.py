"""Errors nobody expected: the traceback goes to the log, every open editor keeps its unsaved
text as a recovery copy, and the person is told once, in a dialog that says where the details
are, rather than by a traceback on a terminal nobody watches.

No Qt at import: the command line reports its crashes (report_in_command) without loading
it. The window installs the hooks (install) once its QApplication exists: sys.excepthook
(a slot or a Qt virtual that raised, a QRunnable that raised), threading.excepthook, and
Qt's message handler, whose warnings go to the log.
"""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
import traceback
import weakref
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from database.logs import current_log_file, last_record_lost

if TYPE_CHECKING:
    from desktop.crash_dialog import CrashSignal

log = logging.getLogger("desktop.crash")
qt_log = logging.getLogger("desktop.qt")

# An error repeating in a loop (a timer's slot, a paint event) is shown once, not once a frame.
DIALOG_INTERVAL_S = 300.0
# Its first tracebacks are logged in full, then only how often it happened (at 10, 100, …):
# a loop's thousands of copies would rotate the first one out of the log.
FULL_TRACEBACKS_PER_ERROR = 3
# Recovery copies are fsynced files: not rewritten more often than this by a loop of errors.
KEEP_INTERVAL_S = 1.0

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class KeepsRecoveryCopies(Protocol):
    """What the hook needs of an editor (desktop/articles/editor.py's ArticleEditor)."""

    @property
    def is_dirty(self) -> bool: ...

    def keep_recovery_copy(self) -> None: ...


_sources: weakref.WeakSet[Any] = weakref.WeakSet()
_seen: Counter[tuple[str, str, int]] = Counter()
_seen_lock = threading.Lock()


def watch_for_recovery(source: KeepsRecoveryCopies) -> None:
    """Have `source` keep its recovery copy when an unexpected error happens. Held weakly:
    a closed editor is forgotten with it."""
    _sources.add(source)


def keep_recovery_copies() -> int:
    """Every watched editor writes its unsaved text now (on the GUI thread: they are
    widgets). Returns how many had unsaved text."""
    unsaved = 0
    for source in list(_sources):
        try:
            if source.is_dirty:
                unsaved += 1
                source.keep_recovery_copy()
        except Exception as error:  # its widgets already deleted, say: the others still count
            log.warning("an editor could not keep its recovery copy: %r", error)
    return unsaved


def _error_key(info: ExcInfo) -> tuple[str, str, int]:
    """An error's type and the line it was raised on: the same error, seen again."""
    frames = traceback.extract_tb(info[2])
    if not frames:
        return info[0].__qualname__, "", 0
    return info[0].__qualname__, frames[-1].filename, frames[-1].lineno or 0


def log_unexpected(info: ExcInfo, where: str = "") -> None:
    """The error in the log with its traceback, the first few times; then how often."""
    with _seen_lock:
        key = _error_key(info)
        _seen[key] += 1
        count = _seen[key]
    place = f" in {where}" if where else ""
    if count <= FULL_TRACEBACKS_PER_ERROR:
        log.critical("unexpected error%s", place, exc_info=info)
    elif math.log10(count).is_integer():
        log.critical("the same unexpected error%s, %d times so far: %s", place, count, key[0])


def _describe(info: ExcInfo) -> str:
    return "".join(traceback.format_exception(*info))


def _say_on_stderr(info: ExcInfo, what: str) -> None:
    """One line naming the log; the traceback itself only if there is no log file at all."""
    log_file = current_log_file()
    if log_file is not None and last_record_lost():  # a full disk: no traceback to bury that
        error = " ".join(str(info[1]).split())[:200]
        print(
            f"copydesk: {what} ({info[0].__name__}: {error}); the log {log_file} could not "
            "be written",
            file=sys.stderr,
        )
        return
    if log_file is not None:
        print(f"copydesk: {what} ({info[0].__name__}); details are in {log_file}", file=sys.stderr)
        return
    print(f"copydesk: {what}, and no log file could be written:", file=sys.stderr)
    traceback.print_exception(*info, file=sys.stderr)


def report_in_command(error: BaseException) -> None:
    """A command-line command failed unexpectedly: the log, and one line on stderr."""
    info = (type(error), error, error.__traceback__)
    log_unexpected(info, "a command")
    _say_on_stderr(info, "an unexpected error stopped the command")


def _running_application() -> Any:
    """The QApplication, if Qt is loaded and there is one."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    return widgets.QApplication.instance() if widgets is not None else None


class CrashHandler:
    """The installed hooks and what they remember: whether the dialog is open or on its way,
    when it was last shown, when the recovery copies were last kept."""

    def __init__(self) -> None:
        self._gui_thread = threading.get_ident()
        self._signal: CrashSignal | None = None
        self._dialog_open = False
        self._dialog_pending = False
        self._last_dialog = -math.inf
        self._last_said = -math.inf
        self._last_kept = -math.inf
        self._unsaved_kept = False
        self._last_details = ""
        self._details_lock = threading.Lock()
        self._previous_hooks: tuple[Callable[..., Any], Callable[..., Any]] | None = None
        self._previous_qt_handler: Any = None
        self._qt_handler_installed = False

    # --- installing ---------------------------------------------------------------------

    def install(self) -> None:
        """On the GUI thread, with the QApplication made (if there is to be one)."""
        self._gui_thread = threading.get_ident()
        if _running_application() is not None:
            from PySide6.QtCore import Qt

            from desktop.crash_dialog import CrashSignal

            self._signal = CrashSignal()
            self._signal.crashed.connect(self._announce, Qt.ConnectionType.QueuedConnection)
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        if current_log_file() is not None and "PySide6.QtCore" in sys.modules:
            from PySide6.QtCore import qInstallMessageHandler

            self._previous_qt_handler = qInstallMessageHandler(self._qt_message)
            self._qt_handler_installed = True

    def uninstall(self) -> None:
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None
        if self._qt_handler_installed:
            from PySide6.QtCore import qInstallMessageHandler

            qInstallMessageHandler(self._previous_qt_handler)
            self._qt_handler_installed = False
        if self._signal is not None:
            self._signal.deleteLater()
            self._signal = None

    # --- the hooks ----------------------------------------------------------------------

    def excepthook(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        try:
            self.handle((kind, error, trace))
        except BaseException:  # the hook itself failed: at least the original is not lost
            sys.__excepthook__(kind, error, trace)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return  # as threading's own hook does
        info: ExcInfo = (args.exc_type, args.exc_value, args.exc_traceback)
        try:
            self.handle(info, f"thread {args.thread.name}" if args.thread else "a thread")
        except BaseException:
            sys.__excepthook__(*info)

    def handle(self, info: ExcInfo, where: str = "") -> None:
        """Log it; on the GUI thread keep the recovery copies at once; then, on the GUI
        thread's next turn, keep them (errors from other threads) and say it, once."""
        on_gui_thread = threading.get_ident() == self._gui_thread
        if not where and not on_gui_thread:
            where = f"thread {threading.current_thread().name}"
        log_unexpected(info, where)
        with self._details_lock:
            self._last_details = _describe(info)
        if on_gui_thread:
            self._keep_copies()
        if self._signal is None or _running_application() is None:
            now = time.monotonic()
            if now - self._last_said >= DIALOG_INTERVAL_S:
                self._last_said = now
                _say_on_stderr(info, "an unexpected error")
            return
        if not self._dialog_pending:
            self._dialog_pending = True
            self._signal.crashed.emit()

    def _qt_message(self, mode: Any, context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        levels = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
            QtMsgType.QtCriticalMsg: logging.ERROR,
            QtMsgType.QtFatalMsg: logging.CRITICAL,
        }
        try:
            category = getattr(context, "category", None)
            prefix = f"{category}: " if category and category != "default" else ""
            qt_log.log(levels.get(mode, logging.WARNING), "%s%s", prefix, message)
            if mode == QtMsgType.QtFatalMsg and threading.get_ident() == self._gui_thread:
                keep_recovery_copies()  # Qt aborts the process once this returns
        except Exception:  # raising into Qt's C++ would be worse than losing one message
            pass
        if callable(self._previous_qt_handler):
            self._previous_qt_handler(mode, context, message)

    # --- on the GUI thread --------------------------------------------------------------

    def _keep_copies(self) -> None:
        now = time.monotonic()
        if now - self._last_kept < KEEP_INTERVAL_S:
            return
        self._last_kept = now
        self._unsaved_kept = keep_recovery_copies() > 0

    def _announce(self) -> None:
        self._dialog_pending = False
        self._keep_copies()
        now = time.monotonic()
        if self._dialog_open or now - self._last_dialog < DIALOG_INTERVAL_S:
            return
        self._dialog_open, self._last_dialog = True, now
        with self._details_lock:
            details = self._last_details
        try:
            from desktop import crash_dialog

            application = _running_application()
            parent = application.activeWindow() if application is not None else None
            crash_dialog.show_crash_dialog(
                parent, current_log_file(), details, unsaved_kept=self._unsaved_kept
            )
        except Exception:  # never an error about the error: it stays in the log
            log.exception("the unexpected-error dialog could not be shown")
        finally:
            self._dialog_open = False


def install() -> CrashHandler:
    """Install the hooks for the window (see the module's description); uninstall() undoes."""
    handler = CrashHandler()
    handler.install()
    return handler
