"""The rows of an import report: one per file, however many thousand."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from database.services.importing import FileResult, Outcome

OUTCOME_LABELS = {
    Outcome.IMPORTED: "Imported",
    Outcome.UPDATED: "Updated",
    Outcome.UNCHANGED: "Unchanged",
    Outcome.CONFLICT: "Conflict",
    Outcome.FAILED: "Failed",
}
PROBLEMS = {Outcome.CONFLICT, Outcome.FAILED}
COLUMNS = ("File", "Outcome", "Details")
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            repaired = "repaired: " + ", ".join(result.repairs) if result.repairs else ""
            details = "; ".join(part for part in (result.message, repaired) if part)
            return (result.path, OUTCOME_LABELS[result.outcome], details)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return result
        return None

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
