"""The import report: names first, long paths elided in the middle, and a summary line that
follows the conflicts resolved in it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from database.choices import ConflictPolicy
from database.services.importing import FileResult, ImportSummary, Outcome
from desktop.importing.report_dialog import ImportReportDialog
from desktop.importing.report_model import COLUMNS

DEEP = "/home/dana/Documents/newsroom/archive/2024/september/week-38/council-budget-vote.txt"


def make_dialog(qtbot: QtBot, *results: FileResult) -> tuple[ImportReportDialog, list[str]]:
    resolved: list[str] = []

    def resolver(result: FileResult, policy: ConflictPolicy) -> FileResult:
        resolved.append(f"{policy.value} {result.path}")
        return FileResult(result.path, Outcome.UPDATED, "replaced", result.article_id)

    dialog = ImportReportDialog(ImportSummary(list(results)), resolver)
    qtbot.addWidget(dialog)
    return dialog, resolved


@pytest.fixture
def report(qtbot: QtBot) -> ImportReportDialog:
    dialog, _ = make_dialog(
        qtbot,
        FileResult(DEEP, Outcome.IMPORTED),
        FileResult("/in/second.txt", Outcome.CONFLICT, "an article with this title exists", 7),
    )
    return dialog


def cell(dialog: ImportReportDialog, row: int, column: int, role: int = 0) -> object:
    model = dialog.model
    return model.data(model.index(row, column), role or Qt.ItemDataRole.DisplayRole)


def test_the_file_name_comes_first_and_the_whole_path_last(report: ImportReportDialog) -> None:
    assert COLUMNS[0] == "File" and COLUMNS[-1] == "Path"
    assert cell(report, 0, 0) == "council-budget-vote.txt"
    assert cell(report, 0, len(COLUMNS) - 1) == DEEP
    for column in (0, len(COLUMNS) - 1):
        assert cell(report, 0, column, Qt.ItemDataRole.ToolTipRole) == DEEP


def test_long_paths_are_elided_in_the_middle(qtbot: QtBot, report: ImportReportDialog) -> None:
    assert report.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    report.resize(760, 400)
    report.show()
    qtbot.waitExposed(report)
    header = report.table.horizontalHeader()
    name_width = header.sectionSize(0)
    metrics = report.table.fontMetrics()
    assert metrics.horizontalAdvance("council-budget-vote.txt") < name_width  # the name whole


def test_one_file_is_singular(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot, FileResult("/in/one.txt", Outcome.IMPORTED))
    assert dialog.summary_label.text().startswith("1 file: 1 imported")
    assert dialog.summary_label.textFormat() == Qt.TextFormat.PlainText


def test_the_summary_follows_the_conflicts_resolved_here(
    qtbot: QtBot, report: ImportReportDialog
) -> None:
    assert "1 conflict," in report.summary_label.text()
    report.table.selectRow(1)
    assert report.replace.isEnabled()
    qtbot.mouseClick(report.replace, Qt.MouseButton.LeftButton)
    assert report.summary_label.text() == (
        "2 files: 1 imported, 1 updated, 0 unchanged, 0 conflicts, 0 failed"
    )
    assert cell(report, 1, 1) == "Updated"


def test_keeping_ours_counts_the_file_as_unchanged(qtbot: QtBot) -> None:
    dialog, resolved = make_dialog(
        qtbot,
        FileResult("/in/a.txt", Outcome.CONFLICT, "same title", 1),
        FileResult("/in/b.txt", Outcome.CONFLICT, "same title", 2),
    )
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.keep_ours, Qt.MouseButton.LeftButton)
    assert resolved == []  # nothing to import again
    assert dialog.summary_label.text() == (
        "2 files: 0 imported, 0 updated, 1 unchanged, 1 conflict, 0 failed"
    )
