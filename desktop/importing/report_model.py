"""The rows of an import report: one per file, however many thousand."""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from database.services.importing import FileResult, Outcome
from desktop.plain_text import tooltip_text

OUTCOME_LABELS = {
    Outcome.IMPORTED: "Imported",
    Outcome.UPDATED: "Updated",
    Outcome.UNCHANGED: "Unchanged",
    Outcome.CONFLICT: "Conflict",
    Outcome.FAILED: "Failed",
    Outcome.SKIPPED: "Skipped",
}
PROBLEMS = {Outcome.CONFLICT, Outcome.FAILED}
# The name first: it is what people look for; the whole path last, elided in the middle.
COLUMNS = ("File", "Outcome", "Details", "Path")
NAME_COLUMN, OUTCOME_COLUMN, DETAILS_COLUMN, PATH_COLUMN = range(len(COLUMNS))
Index = QModelIndex | QPersistentModelIndex


class ImportReportModel(QAbstractTableModel):
    def __init__(self, results: list[FileResult], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._all = list(results)
        self._shown = list(range(len(self._all)))
        self._problems_only = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        result = self.result(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:  # file names and titles, shown as they are
            return tooltip_text(self._text(result, column, tooltip=True))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(result, column, tooltip=False)
        if role == Qt.ItemDataRole.UserRole:
            return result
        return None

    @staticmethod
    def _text(result: FileResult, column: int, *, tooltip: bool) -> str:
        if tooltip and column in (NAME_COLUMN, PATH_COLUMN):
            return result.path
        repaired = "repaired: " + ", ".join(result.repairs) if result.repairs else ""
        details = "; ".join(part for part in (result.message, repaired) if part)
        name = PurePath(result.path).name or result.path
        return (name, OUTCOME_LABELS[result.outcome], details, result.path)[column]

    def result(self, row: int) -> FileResult:
        return self._all[self._shown[row]]

    def set_problems_only(self, problems_only: bool) -> None:
        self.beginResetModel()
        self._problems_only = problems_only
        self._shown = [
            number
            for number, result in enumerate(self._all)
            if not problems_only or result.outcome in PROBLEMS
        ]
        self.endResetModel()

    def replace(self, row: int, result: FileResult) -> None:
        """Show what became of a file after its conflict was resolved."""
        self._all[self._shown[row]] = result
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def results(self) -> list[FileResult]:
        return list(self._all)
