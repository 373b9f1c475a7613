"""Rows as runs of consecutive rows."""

from desktop.row_ranges import ranges


def test_consecutive_rows_make_one_run_each() -> None:
    assert ranges([0, 1, 2, 5, 7, 8]) == [(0, 2), (5, 5), (7, 8)]


def test_no_rows_no_runs_and_one_row_one_run() -> None:
    assert ranges([]) == []
    assert ranges([4]) == [(4, 4)]


def test_any_iterable_of_ascending_rows() -> None:
    assert ranges(iter(range(3, 100))) == [(3, 99)]
