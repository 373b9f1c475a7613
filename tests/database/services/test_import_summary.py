"""The import summary's line: every count, and the right number of every noun."""

from __future__ import annotations

from database.services.importing import FileResult, ImportSummary, Outcome


def summary_of(*outcomes: Outcome, cancelled: bool = False) -> ImportSummary:
    results = [FileResult(f"/in/{n}.txt", outcome) for n, outcome in enumerate(outcomes)]
    return ImportSummary(results, cancelled=cancelled)


def test_one_file_and_one_conflict_are_singular() -> None:
    assert summary_of(Outcome.CONFLICT).describe() == (
        "1 file: 0 imported, 0 updated, 0 unchanged, 1 conflict, 0 failed"
    )


def test_many_are_plural() -> None:
    summary = summary_of(Outcome.IMPORTED, Outcome.CONFLICT, Outcome.CONFLICT, cancelled=True)
    assert summary.describe() == (
        "3 files: 1 imported, 0 updated, 0 unchanged, 2 conflicts, 0 failed"
        " (cancelled before the end)"
    )
    assert summary_of().describe().startswith("0 files: ")
