"""Bulk moderation: approve every comment matching a filter (10,000 of them), then undo it.

Through CommentService, as the Moderation area's "All matching" and Z do it: each one call,
one transaction, with a log entry per comment. Runs on a working copy of the archive, since
it writes (the moderation log grows by 20,000 entries a run).

The actions come a second apart, as a person's do: SQLite's checkpoint of the write-ahead log
(database/checkpoints.py) runs in the pause after each, on its own thread, not in the action.
Back to back, the log would only grow between them and every action would read through it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.archive import HELD_REASON, working_copy
from benchmarks.report import Figure, median_of
from database.engine import open_database
from database.services.comments import CommentFilter, CommentService, StatusChange
from database.statuses import CommentStatus

GROUP = "moderation"
BUDGET_S = 1.0
PAUSE_S = 1.0  # between a person's actions, untimed


def timed_change(action: Callable[[], StatusChange], timings: list[float]) -> StatusChange:
    start = time.perf_counter()
    change = action()
    timings.append(time.perf_counter() - start)
    return change


def figures(archive: Path, scratch: Path, runs: int) -> list[Figure]:
    copy = working_copy(archive, scratch / "moderation.sqlite3")
    database = open_database(f"sqlite:///{copy}")
    comments = CommentService(database.session_factory)
    held = CommentFilter(status=CommentStatus.PENDING, held_reason=HELD_REASON)
    count = comments.count(held)
    approve: list[float] = []
    undo: list[float] = []
    try:
        for _ in range(runs):
            time.sleep(PAUSE_S)
            change = timed_change(
                lambda: comments.set_status_matching(held, CommentStatus.APPROVED, user="bench"),
                approve,
            )
            assert change.count == count, "the filter did not match what it should"
            time.sleep(PAUSE_S)
            timed_change(lambda c=change: comments.undo(c, user="bench"), undo)
            assert comments.count(held) == count, "the undo did not put everything back"
    finally:
        database.dispose()
    label = f"{count:,} comments matching a filter"
    return [
        Figure(GROUP, f"approve {label}", median_of(approve), BUDGET_S, "budget", 1),
        Figure(GROUP, f"undo that approval of {count:,}", median_of(undo), BUDGET_S, "budget", 1),
    ]
