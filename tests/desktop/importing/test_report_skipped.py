"""Skipped files (hidden, or not regular files) have rows of their own in the import report."""

from __future__ import annotations

from database.services.importing import FileResult, Outcome
from desktop.importing.report_model import (
    DETAILS_COLUMN,
    NAME_COLUMN,
    OUTCOME_COLUMN,
    ImportReportModel,
)


def test_a_skipped_file_reads_skipped_with_why(qtbot) -> None:
    model = ImportReportModel(
        [
            FileResult("/desk/.draft.txt", Outcome.SKIPPED, "hidden file"),
            FileResult("/desk/story.txt", Outcome.IMPORTED, article_id=1),
        ]
    )
    row = [model.data(model.index(0, column)) for column in (NAME_COLUMN, OUTCOME_COLUMN)]
    assert row == [".draft.txt", "Skipped"]
    assert model.data(model.index(0, DETAILS_COLUMN)) == "hidden file"
    model.set_problems_only(True)
    assert model.rowCount() == 0  # nothing went wrong: the files were not meant to go in
