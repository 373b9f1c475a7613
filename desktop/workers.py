"""Background jobs on the global QThreadPool, reporting back through queued signals."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

# At most this often, progress crosses to the GUI thread: a job reporting every file of ten
# thousand would queue ten thousand signals, and a modal progress dialog repaints on each.
PROGRESS_INTERVAL_S = 0.05


class WorkerSignals(QObject):
    progress = Signal(int, int, str)  # done, total, what is being worked on
    result = Signal(object)
    failed = Signal(str)
    finished = Signal()


class Job:
    """Handed to the work function: report progress, ask whether to stop."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._last_progress = -PROGRESS_INTERVAL_S

    def progress(self, done: int, total: int, current: str) -> None:
        """Report progress; reports closer together than PROGRESS_INTERVAL_S are dropped,
        except the first and the last (done == total)."""
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        self._signals.progress.emit(done, total, current)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Worker(QRunnable):
    """Runs `work(job)` off the GUI thread; its return value arrives through `signals.result`.

    The work function must open its own sessions (services do) and must not touch widgets.
    """

    def __init__(self, work: Callable[[Job], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the GUI keeps a reference until `finished`
        self.signals = WorkerSignals()
        self.job = Job(self.signals)
        self._work = work

    def run(self) -> None:
        try:
            outcome = self._work(self.job)
        except Exception as error:  # reported to the user, and in the log with its traceback
            log.exception("background job %s failed", getattr(self._work, "__qualname__", "?"))
            self.signals.failed.emit(str(error) or type(error).__name__)
        else:
            self.signals.result.emit(outcome)
        finally:
            self.signals.finished.emit()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)


class TaskRunner(QObject):
    """Runs at most one job at a time and forwards its signals: one import, one export."""

    progress = Signal(int, int, str)
    result = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: Worker | None = None

    @property
    def busy(self) -> bool:
        return self._worker is not None

    def start(self, work: Callable[[Job], Any]) -> bool:
        """Start `work`; False if a job is still running."""
        if self._worker is not None:
            return False
        worker = Worker(work)
        worker.signals.progress.connect(self.progress)
        worker.signals.result.connect(self.result)
        worker.signals.failed.connect(self.failed)
        worker.signals.finished.connect(self._on_finished)
        self._worker = worker
        worker.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.job.cancel()

    def _on_finished(self) -> None:
        self._worker = None
        self.finished.emit()
