"""Work split into steps that the event loop runs one per turn, with paints and input between.

QTimer.singleShot(0, ...) does not do this: each is a posted event, and Qt delivers every posted
event in one pass, so ten of them stall the window as long as one call doing all ten would.
A zero-interval QTimer is a real timer: it fires once per turn of the loop, among the others.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Turns(QObject):
    """A queue of steps, run in the order added, one per turn of the event loop."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: deque[Callable[[], object]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_next)

    @property
    def pending(self) -> int:
        return len(self._steps)

    def add(self, *steps: Callable[[], object]) -> None:
        self._steps.extend(steps)
        if self._steps and not self._timer.isActive():
            self._timer.start()

    def _run_next(self) -> None:
        step = self._steps.popleft()
        if not self._steps:
            self._timer.stop()
        step()
