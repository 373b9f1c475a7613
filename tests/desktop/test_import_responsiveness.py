"""The window stays responsive while a large drop of files is imported.

A timer ticks every 10 ms on the GUI thread from just before the drop until the import's
report is up; the longest gap between two ticks is the longest the event loop was stalled,
whether by the drop's own handling, the worker's progress reports, the live updates that
its commits set off, or the report at the end.
"""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from database.services.importing import Outcome
from database.textformat import ParsedArticle, ParsedComment, write_bytes
from desktop.main_window import MainWindow

FILES = 10_000
TICK_MS = 10
# On a quiet machine the longest stall is 25-35 ms. The limit is loose on purpose: on a loaded
# machine (eight processes on two cores) it reached 130 ms, and a suite that fails by load is
# a suite people stop trusting. Work moved back onto the GUI thread stalls for seconds.
STALL_LIMIT_S = 0.300
WORDS = ["council", "bridge", "school", "budget", "river", "police", "market", "library"]


def write_files(folder: Path, count: int) -> None:
    rng = random.Random(6)
    folder.mkdir()
    for number in range(count):
        text = " ".join(rng.choices(WORDS, k=12))
        article = ParsedArticle(
            title=f"{text[:40]} {number}",
            body=text,
            bio=f"Reporter {number % 40}.",
            comments=tuple(ParsedComment((f"{text[:30]} {n}.",)) for n in range(number % 4)),
        )
        (folder / f"{number:05}.txt").write_bytes(write_bytes(article))


def test_no_long_stall_while_10000_dropped_files_are_imported(
    qtbot, window: MainWindow, tmp_path: Path, drag_and_drop
) -> None:
    folder = tmp_path / "archive"
    write_files(folder, FILES)
    ticks = [time.perf_counter()]
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()

    assert drag_and_drop(window, [folder]) == (True, True)
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=120_000)
    qtbot.wait(300)  # what the report and the refreshes after the import cost, too
    timer.stop()
    ticks.append(time.perf_counter())

    report = window.import_report
    assert report is not None
    outcomes = {result.outcome for result in report.model.results()}
    assert (len(report.model.results()), outcomes) == (FILES, {Outcome.IMPORTED})
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    longest = max(gaps)
    print(
        f"\n{FILES:,} files in {ticks[-1] - ticks[0]:.1f} s; longest stall {longest * 1000:.0f} ms"
    )
    assert longest < STALL_LIMIT_S, f"the event loop stalled for {longest * 1000:.0f} ms"
