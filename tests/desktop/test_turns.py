from __future__ import annotations

import itertools

from PySide6.QtCore import QTimer

from desktop.turns import Turns


def test_steps_run_in_order_with_other_timers_firing_between(qtbot) -> None:
    seen: list[str] = []
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: seen.append("tick"))
    turns = Turns()
    ticker.start()
    turns.add(lambda: seen.append("a"), lambda: seen.append("b"))
    turns.add(lambda: seen.append("c"))
    qtbot.waitUntil(lambda: turns.pending == 0 and seen.count("tick") > 4)
    ticker.stop()
    steps = [entry for entry in seen if entry != "tick"]
    assert steps == ["a", "b", "c"]
    # Never two steps in one turn: the other timer got its turn between each of them.
    positions = [seen.index(step) for step in steps]
    assert all(later - earlier > 1 for earlier, later in itertools.pairwise(positions))


def test_a_step_may_add_more_steps(qtbot) -> None:
    seen: list[int] = []
    turns = Turns()

    def first() -> None:
        seen.append(1)
        turns.add(lambda: seen.append(2))

    turns.add(first)
    qtbot.waitUntil(lambda: seen == [1, 2])
    assert turns.pending == 0
