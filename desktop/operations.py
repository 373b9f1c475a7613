"""Database work off the GUI thread, one way for all of it (after Anki's CollectionOp/QueryOp):

    op(panel, lambda: service.id_array(filters)).success(model.show_ids).failure(say).run()

Reads run on Qt's global thread pool. Writes (`write=True`) queue on one thread of their own
and run one after another in the order they were asked for: SQLite has a single writer, and
decisions made by key must reach the database in the order they were made. The callbacks
run on the GUI thread, and not at all once the op's parent widget or object is gone. A
failure reaches its callback as the exception object; an op without one logs it and shows
it in a message box, plain text, with the words of a CopydeskError or a general sentence.

`Newest` drops the results of ops overtaken by a later one of the same kind (a search
re-read at every key shows only the last key's rows). `idle()` and `wait_until_idle()` are
for the window's close and for tests: no op left running or undelivered.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from database.errors import CopydeskError
from desktop.workers import Job, WorkerSignals

log = logging.getLogger(__name__)
T = TypeVar("T")

_writer: QThreadPool | None = None
_in_flight = 0  # ops run and not yet delivered (GUI thread only)
_relays: set[_Relay] = set()  # kept alive until delivered: nothing else refers to them


def writer_pool() -> QThreadPool:
    """The one thread every write runs on, one at a time, in the order asked."""
    global _writer
    if _writer is None:
        _writer = QThreadPool()
        _writer.setMaxThreadCount(1)
        _writer.setExpiryTimeout(-1)  # a thread kept ready: a decision by key starts at once
    return _writer


def idle() -> bool:
    """Whether every op run so far has finished and delivered its outcome."""
    return _in_flight == 0


def wait_until_idle(timeout_ms: int = 30_000) -> bool:
    """Block until running ops have finished (the window's close, a test's end); their
    outcomes are delivered by the event loop, or dropped with their parent."""
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    return writer_pool().waitForDone(timeout_ms) and done


def describe_failure(error: BaseException) -> str:
    """Words for a person: a CopydeskError's own, else a sentence and the cause's name."""
    if isinstance(error, CopydeskError):
        return str(error)
    return (
        "The database did not do what was asked; nothing was changed by it. "
        f"({type(error).__name__}; the log has the details.)"
    )


def _say_failure(parent: QObject, title: str, error: BaseException) -> None:
    from PySide6.QtWidgets import QWidget

    from desktop import plain_text  # widgets: imported only when there is something to say

    widget = parent if isinstance(parent, QWidget) else None
    plain_text.warn(widget.window() if widget else None, title, describe_failure(error))


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the queued slots call back."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self.op = op
        self.progress_signals = WorkerSignals()
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._deliver(lambda: self.op._deliver_success(result))

    @Slot(object)
    def _failed(self, error: object) -> None:
        self._deliver(lambda: self.op._deliver_failure(error))  # type: ignore[arg-type]

    def _deliver(self, call: Callable[[], None]) -> None:
        global _in_flight
        _relays.discard(self)
        _in_flight -= 1
        if self.op.wanted():
            call()


class _Run(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread as it is
            log.debug("op failed in %s", threading.current_thread().name, exc_info=True)
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class Op(Generic[T]):
    """One piece of database work and what to do with its outcome on the GUI thread."""

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], T] | Callable[[Job], T],
        *,
        write: bool = False,
        title: str = "Copydesk",
    ) -> None:
        self.parent = parent
        self._work = work
        self.write = write
        self.title = title
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[Exception], object] | None = None
        self._on_progress: Callable[[int, int, str], object] | None = None
        self._accepts: Callable[[], bool] = lambda: True
        self.job: Job | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], object]) -> Op[T]:
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[int, int, str], object]) -> Op[T]:
        """Progress from a work function that takes a Job (done, total, what)."""
        self._on_progress = callback
        return self

    def run(self) -> Op[T]:
        global _in_flight
        relay = _Relay(self)
        work = self._work
        if _takes_job(work):
            self.job = Job(relay.progress_signals)
            if self._on_progress is not None:
                relay.progress_signals.progress.connect(self._progress)
            job = self.job

            def call() -> object:
                return work(job)  # type: ignore[call-arg]
        else:
            call = work  # type: ignore[assignment]
        _relays.add(relay)
        _in_flight += 1
        pool = writer_pool() if self.write else QThreadPool.globalInstance()
        pool.start(_Run(call, relay))
        return self

    def cancel(self) -> None:
        """Ask a Job-taking work function to stop; its outcome is still delivered."""
        if self.job is not None:
            self.job.cancel()

    # Delivery, on the GUI thread -------------------------------------------------------

    def wanted(self) -> bool:
        return shiboken6.isValid(self.parent) and self._accepts()

    def _progress(self, done: int, total: int, what: str) -> None:
        if self._on_progress is not None and self.wanted():
            self._on_progress(done, total, what)

    def _deliver_success(self, result: T) -> None:
        if self._on_success is not None:
            self._on_success(result)

    def _deliver_failure(self, error: Exception) -> None:
        if self._on_failure is not None:
            self._on_failure(error)
            return
        if not isinstance(error, CopydeskError):
            log.error("database work failed", exc_info=error)
        if QCoreApplication.instance() is not None:
            _say_failure(self.parent, self.title, error)


def _takes_job(work: Callable[..., object]) -> bool:
    """Whether `work` wants a Job: one parameter without a default (`lambda n=n:` wants none)."""
    try:
        parameters = inspect.signature(work).parameters.values()
    except (TypeError, ValueError):
        return False
    return sum(1 for p in parameters if p.default is inspect.Parameter.empty) == 1


def op(
    parent: QObject,
    work: Callable[[], T] | Callable[[Job], T],
    *,
    write: bool = False,
    title: str = "Copydesk",
) -> Op[T]:
    """Work off the GUI thread on behalf of `parent`: chain `.success/.failure/.progress`,
    then `.run()`. `write=True` for anything that changes the database."""
    return Op(parent, work, write=write, title=title)


class Newest:
    """Ops of one kind of which only the newest counts: an older one's outcome is dropped.

    `busy` says whether the newest has yet to arrive (a model shows "updating…" meanwhile).
    """

    def __init__(self) -> None:
        self._generation = 0
        self._delivered = 0

    def run(self, operation: Op[T]) -> Op[T]:
        self._generation += 1
        generation = self._generation

        def accepts() -> bool:
            if generation != self._generation:
                return False
            self._delivered = generation
            return True

        operation._accepts = accepts
        return operation.run()

    @property
    def busy(self) -> bool:
        return self._delivered != self._generation
