"""The working hour takes every step over a small archive and measures each one.

The figures themselves are the benchmark's business (over 100,000 articles); here, only that
every step gets where it asked to go, and is measured, and that the harness fails a step
with a readable reason (a widget missing, a result that never comes) instead of hanging.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget

from benchmarks import archive
from benchmarks.bulk_import import article_files
from benchmarks.report import Figure, table
from benchmarks.working_hour import run_working_hour
from benchmarks.working_hour_driver import Driver, StallWatch, StepFailed

SIZE = 300
FILES = 40
# What the issue asks the working hour to contain, in its order.
EXPECTED_STEPS = (
    "type an article search, 14 keys",
    "sort the article list by Title",
    "sort the article list by Author",
    "sort the article list by Status",
    "sort the article list by Comments",
    "sort the article list by Last changed",
    "status filter: Draft",
    "author filter: the first author",
    "open 8 articles from the list",
    "switch to Moderation",
    "press A 20 times in the queue, 60 ms apart",
    "press Z 20 times",
    "approve all matching",
    "undo it (Undo moderation)",
    "type a comment search, 7 keys",
    "back to Articles",
    f"import {FILES} files, keys pressed in the list",
    f"export {FILES} articles, keys pressed in the list",
    "the pauses between steps (the window's own timers)",
)


@pytest.mark.slow
def test_every_step_of_the_working_hour_is_taken_and_measured(qapp, tmp_path: Path) -> None:
    database = tmp_path / "archive.sqlite3"
    archive.generate(database, SIZE, seed=7)
    files = article_files(tmp_path / "cache", FILES, seed=7)
    exports = tmp_path / "export"

    results = run_working_hour(
        f"sqlite:///{database}", files, exports, files_count=FILES, exported=FILES, pause_ms=50
    )

    names = [result.name for result in results]
    assert [name for name in names if name in EXPECTED_STEPS] == list(EXPECTED_STEPS)
    assert {result.name: result.failure for result in results if result.failure} == {}
    assert all(math.isfinite(result.stall) and result.stall >= 0 for result in results)
    assert all(result.seconds > 0 for result in results)
    assert len(list(exports.glob("*.txt"))) == FILES


def test_a_missing_widget_fails_the_step_by_its_name(qapp) -> None:
    driver = Driver(QWidget())
    with pytest.raises(StepFailed, match="no QLineEdit named 'commentArticleFilter' or 'x'"):
        driver.find(QLineEdit, "commentArticleFilter", "x")


def test_a_result_that_never_comes_fails_the_step_after_its_timeout(qapp) -> None:
    driver = Driver(QWidget())
    with pytest.raises(StepFailed, match="timed out after 0 s waiting for the queue"):
        driver.wait_until(lambda: False, "the queue", timeout_s=0.05)


def test_the_stall_is_the_longest_gap_between_ticks_less_the_tick(qapp) -> None:
    watch = StallWatch()
    watch.ticks = [10.000, 10.005, 10.090, 10.095]
    stall, began = watch.longest_gap(10.0, 10.100)
    assert (round(stall, 3), began) == (0.080, 10.005)


def test_a_failed_figure_is_not_met_and_says_why_in_the_table() -> None:
    failed = Figure("working_hour", "approve all matching", 0.01, 0.05, "budget", 1,
                    failure="timed out after 300 s")  # fmt: skip
    fine = Figure("working_hour", "press Z 20 times", 0.01, 0.05, "budget", 1)
    assert (failed.met, fine.met) == (False, True)
    printed = table([failed, fine])
    assert "FAILED: timed out after 300 s" in printed
    assert printed.splitlines()[-1].endswith("met")
