"""Rows as runs: one selection range, one dataChanged, one insert per run, not one per row."""

from __future__ import annotations

from collections.abc import Iterable


def ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
