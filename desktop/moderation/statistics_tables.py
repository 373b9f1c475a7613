"""The statistics' tables: rows of text, each cell sorting by a key of its own (numbers as
numbers, days as days). A model, not QTableWidget items: a year of days for five moderators
is 11,000 cells, 140 ms to make as items on the GUI thread, nothing as rows of a model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop import plain_text

Cell = tuple[str, object]  # what is shown, what it sorts by
_Index = QModelIndex | QPersistentModelIndex


def text_cell(text: str) -> Cell:
    return text, text.casefold()


def number_cell(value: int) -> Cell:
    return f"{value:,}", value


class FiguresModel(QAbstractTableModel):
    def __init__(
        self, headers: Sequence[str], numeric: Sequence[int], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self._numeric = frozenset(numeric)
        self.rows: list[tuple[Cell, ...]] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        self.beginResetModel()
        self.rows = [tuple(row) for row in rows]
        if self._sorted_by is not None:
            self._order(*self._sorted_by)
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self.rows[row][column][0]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:  # names and reasons as written, when elided
            return None if index.column() in self._numeric else plain_text.tooltip_text(text)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sorted_by = (column, order)
        self._order(column, order)
        self.layoutChanged.emit()

    def _order(self, column: int, order: Qt.SortOrder) -> None:
        def key(row: tuple[Cell, ...]) -> tuple[int, object]:
            value = row[column][1]
            # Mixed keys (a "—" among numbers) sort as the numbers' side, never raise.
            return (0, value) if isinstance(value, int | float) else (1, str(value))

        self.rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


def figures_table(
    name: str,
    headers: Sequence[str],
    stretched: Sequence[int],
    numeric: Sequence[int],
    sorted_by: int,
    parent: QWidget,
) -> QTableView:
    """A read-only, sortable table; `stretched` columns share the room left, eliding."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(FiguresModel(headers, numeric, table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column in stretched else None
        if mode is not None:
            header.setSectionResizeMode(column, mode)
        else:
            header.resizeSection(
                column, max(90, header.fontMetrics().horizontalAdvance(headers[column]) + 28)
            )
    table.setSortingEnabled(True)
    table.sortByColumn(sorted_by, Qt.SortOrder.DescendingOrder)
    return table


def model_of(table: QTableView) -> FiguresModel:
    model = table.model()
    assert isinstance(model, FiguresModel)
    return model


__all__ = ["FiguresModel", "figures_table", "model_of", "number_cell", "text_cell"]
