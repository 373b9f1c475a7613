"""The working hour's machinery: a watch on the event loop, a driver of the window, answers.

`StallWatch` ticks every 5 ms on the GUI thread; the longest gap between its ticks in a step,
less the 5 ms, is the step's stall. `Driver` runs the event loop between a person's actions
(a local QEventLoop and a timer, as QTest.qWait does; nothing in the product is made to
process events) and looks widgets up by object name at run time, failing the step with a
clear message when one is missing. `answered_dialogs` answers the questions the steps ask
and refuses every other modal dialog, so that a run never hangs on one. `StackSampler`
(`--sample`) samples the GUI thread's Python stack from another thread, for the causes.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop import dialogs, operations, plain_text
from desktop.moderation import panel as moderation_panel

TICK_MS = 5
POLL_MS = 5
KEY_GAP_MS = 60  # between the keys of a typed word, and between decisions by key
WORKING_KEY_GAP_MS = 150  # keys pressed in the list while an import or export runs
STEP_TIMEOUT_S = 60.0
LONG_TIMEOUT_S = 300.0  # import and export of a thousand, bulk moderation
PROJECT_FOLDERS = ("/desktop/", "/database/")


class StepFailed(Exception):
    """A step that did not get what it asked for; the message says what was missing."""


@dataclass
class StepResult:
    name: str
    stall: float  # seconds: the longest gap between two ticks, less the tick
    seconds: float  # how long the step took, its tail included
    failure: str = ""
    causes: list[str] = field(default_factory=list)  # with --sample: where the stalls were
    seen: str = ""  # what the step found on screen (rows, counts): that it did the work


# --- watching the event loop ---------------------------------------------------------------


class StallWatch:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks in a time window."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.append(time.perf_counter())
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def longest_gap(self, start: float, end: float) -> tuple[float, float]:
        """The longest gap between ticks (and the window's edges) and when it began."""
        inside = [start, *(tick for tick in self.ticks if start < tick < end), end]
        gap, began = max((b - a, a) for a, b in itertools.pairwise(inside))
        return max(0.0, gap - TICK_MS / 1000), began

    def gaps_over(self, start: float, end: float, seconds: float) -> list[tuple[float, float]]:
        inside = [start, *(tick for tick in self.ticks if start < tick < end), end]
        return [(a, b) for a, b in itertools.pairwise(inside) if b - a > seconds]

    def forget_before(self, moment: float) -> None:
        self.ticks = [tick for tick in self.ticks if tick >= moment]


class StackSampler:
    """Samples the GUI thread's Python stack from a thread of its own (`--sample` only)."""

    INTERVAL_S = 0.002

    def __init__(self) -> None:
        self._target = threading.get_ident()
        self._stop = threading.Event()
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        self._thread = threading.Thread(target=self._run, name="stack sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            frame = sys._current_frames().get(self._target)
            innermost = ""  # the Python function running (or that called into C++)
            project: list[str] = []  # Copydesk's own frames, innermost first
            while frame is not None:
                code = frame.f_code
                where = code.co_filename
                innermost = innermost or f"{Path(where).name}:{code.co_name}"
                folder = next((f for f in PROJECT_FOLDERS if f in where), None)
                if folder is not None:
                    project.append(f"{where[where.rfind(folder) + 1 :]}:{code.co_name}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), (innermost, *project)))

    def causes(self, gaps: list[tuple[float, float]], top: int = 4) -> list[str]:
        """Where the gaps' time went, the commonest first: Copydesk's outermost frame (what Qt
        called) → its innermost [the Python function running]. Each gap's time is shared out
        among the samples taken in it (the sampler gets the interpreter lock only every few
        ms); without a Copydesk frame the time went in Qt's C++ (layout, painting) or the
        harness, and a gap without a sample in C++ that held the lock throughout."""
        spent: Counter[str] = Counter()
        ordered = sorted(self.samples)
        for start, end in gaps:
            inside = [stack for when, stack in ordered if start <= when <= end]
            if not inside:
                spent["no sample: C++ holding the interpreter lock"] += end - start
            for innermost, *project in inside:
                if project:
                    what = f"{project[-1]} → {project[0]} [{innermost}]"
                else:
                    what = f"no Copydesk frame: Qt's C++ or the harness [{innermost}]"
                spent[what] += (end - start) / len(inside)
        return [f"~{seconds * 1000:.0f} ms in {what}" for what, seconds in spent.most_common(top)]

    def forget_before(self, moment: float) -> None:
        self.samples = [sample for sample in self.samples if sample[0] >= moment]


# --- driving the window ----------------------------------------------------------------------


class Driver:
    """Runs the event loop between a person's actions; finds widgets by object name."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.trouble: list[str] = []  # dialogs opened and exceptions raised during the step
        self.seen: list[str] = []  # what the step found, for its row's details

    def find(self, kind: type, *names: str) -> Any:
        """The child of the window with one of `names` (the first found), or a clear failure."""
        for name in names:
            found = self.window.findChild(kind, name)
            if found is not None:
                return found
        raise StepFailed(
            f"no {kind.__name__} named {' or '.join(repr(n) for n in names)} in the window"
        )

    def wait(self, milliseconds: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def wait_until(
        self,
        done: Callable[[], bool],
        what: str | Callable[[], str],
        timeout_s: float = STEP_TIMEOUT_S,
    ) -> None:
        """Run the event loop until `done()` holds on two polls in a row (and every op has
        delivered), or fail the step after `timeout_s`."""
        deadline = time.perf_counter() + timeout_s
        loop = QEventLoop()
        held = 0  # polls in a row on which it held
        error: Exception | None = None

        def check() -> None:
            nonlocal held, error
            try:
                held = held + 1 if operations.idle() and done() else 0
            except Exception as failed:  # the harness's own look at the window failed
                error = failed
            if held >= 2 or error is not None or self.trouble or time.perf_counter() > deadline:
                loop.quit()

        poll = QTimer()
        poll.setInterval(POLL_MS)
        poll.timeout.connect(check)
        poll.start()
        loop.exec()
        poll.stop()
        words = what() if callable(what) else what
        if error is not None:
            raise StepFailed(f"looking for {words}: {error!r}")
        if self.trouble:
            raise StepFailed("; ".join(self.trouble))
        if held < 2:
            running = "" if operations.idle() else "; ops of desktop.operations still running"
            raise StepFailed(f"timed out after {timeout_s:.0f} s waiting for {words}{running}")

    def type_text(self, widget: Any, text: str, gap_ms: int = KEY_GAP_MS) -> None:
        for character in text:
            QTest.keyClicks(widget, character)
            self.wait(gap_ms)

    def key(self, widget: Any, key: Any, modifier: Any = None) -> None:
        QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)

    def click(self, widget: Any, point: Any = None, modifier: Any = None) -> None:
        where = point if point is not None else widget.rect().center()
        QTest.mouseClick(
            widget, Qt.MouseButton.LeftButton, modifier or Qt.KeyboardModifier.NoModifier, where
        )

    def keys_while(
        self,
        widget: Any,
        key: Any,
        done: Callable[[], bool],
        what: str,
        timeout_s: float = LONG_TIMEOUT_S,
    ) -> int:
        """Press `key` in `widget` every 150 ms until `done()`: someone working meanwhile.
        Returns how many times it was pressed."""
        deadline = time.perf_counter() + timeout_s
        pressed = 0
        while not (operations.idle() and done()):
            if self.trouble:
                raise StepFailed("; ".join(self.trouble))
            if time.perf_counter() > deadline:
                raise StepFailed(f"timed out after {timeout_s:.0f} s waiting for {what}")
            self.key(widget, key)
            pressed += 1
            self.wait(WORKING_KEY_GAP_MS)
        self.wait_until(done, what)
        return pressed


@contextmanager
def answered_dialogs(driver: Driver, files: Path, exports: Path) -> Iterator[list[str]]:
    """The questions the steps ask, answered as a person would (folders, Yes); any other
    modal dialog or message is refused and fails the step instead of waiting for a click."""
    asked: list[str] = []
    saved: list[tuple[object, str, object]] = []

    def patch(owner: object, name: str, replacement: object) -> None:
        if hasattr(owner, name):
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, replacement)

    def refuse(what: str) -> Callable[..., Any]:
        def refused(*args: object, **_kwargs: object) -> Any:
            words = " · ".join(str(a) for a in args[1:3] if isinstance(a, str))
            driver.trouble.append(f"a dialog nobody answers opened ({what}: {words})".rstrip())
            return 0

        return refused

    def confirm(_parent: object, title: str, text: str, *_rest: object) -> bool:
        asked.append(f"{title}: {text.splitlines()[0]}")
        return True

    patch(moderation_panel, "confirm", confirm)
    patch(dialogs, "choose_import_folder", lambda _parent: str(files))
    patch(dialogs, "choose_export_folder", lambda _parent: str(exports))
    patch(dialogs, "choose_export_scope", lambda _parent, _selected: "selected")
    for name in ("ask", "warn", "inform", "critical"):
        patch(plain_text, name, refuse(f"plain_text.{name}"))
    patch(QDialog, "exec", refuse("QDialog.exec"))
    patch(QMessageBox, "exec", refuse("QMessageBox.exec"))
    for name in ("question", "warning", "information", "critical"):
        patch(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("getOpenFileNames", "getExistingDirectory", "getSaveFileName"):
        patch(QFileDialog, name, refuse(f"QFileDialog.{name}"))
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: object) -> None:
        driver.trouble.append(f"an exception in the window: {kind.__name__}: {error}")
        previous_hook(kind, error, trace)  # type: ignore[arg-type]

    sys.excepthook = hook
    try:
        yield asked
    finally:
        sys.excepthook = previous_hook
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)
