"""Column widths of the article list, from font metrics rather than from the rows.

ResizeToContents would read every row of a 100,000-article list; a header's text and a
typical cell are measured instead, and the title takes whatever width is left.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStyle, QTableView

from database.services.articles import STATUS_LABELS
from desktop.articles.list_model import Column

# Typical cells, not the longest: longer ones elide, and the title's and comments' show whole
# in their tooltips.
TYPICAL_CELLS = {
    Column.AUTHOR: "Dana Reporter-Smith",
    Column.STATUS: max(STATUS_LABELS.values(), key=len),
    Column.COMMENTS: "12 pending",
    Column.UPDATED: "2026-12-31 23:59",
}
TITLE_MINIMUM_CHARACTERS = 22
TITLE_COMFORTABLE_CHARACTERS = 30
OTHER_COLUMNS = [column for column in Column if column is not Column.TITLE]


def cell_padding(table: QTableView) -> int:
    # What the item delegate keeps free either side of a cell's text, and a little air.
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    return 2 * (margin + 1) + 6


def column_width(table: QTableView, column: Column) -> int:
    """Wide enough for the column's header (the sort arrow included) and a typical cell."""
    header = table.horizontalHeader().sectionSizeFromContents(column).width()
    typical = TYPICAL_CELLS.get(column, "")
    cell = table.fontMetrics().horizontalAdvance(typical) + cell_padding(table) if typical else 0
    return max(header, cell)


def title_minimum_width(table: QTableView) -> int:
    by_text = table.fontMetrics().averageCharWidth() * TITLE_MINIMUM_CHARACTERS
    return max(by_text, column_width(table, Column.TITLE))


class TitleColumnFitter(QObject):
    """Sizes the other columns once and gives the title what the view has left, never less
    than a readable minimum (past that the list scrolls sideways)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in OTHER_COLUMNS:
            header.resizeSection(column, column_width(table, column))
        header.resizeSection(Column.TITLE, title_minimum_width(table))
        header.sectionResized.connect(self._section_resized)
        table.viewport().installEventFilter(self)

    def comfortable_width(self) -> int:
        """What every column needs, with room for a headline of a few words."""
        header = self._table.horizontalHeader()
        others = sum(header.sectionSize(column) for column in OTHER_COLUMNS)
        title = self._table.fontMetrics().averageCharWidth() * TITLE_COMFORTABLE_CHARACTERS
        return others + max(title, title_minimum_width(self._table))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _section_resized(self, section: int, _old: int, _new: int) -> None:
        if section != Column.TITLE:
            self.fit()

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            header = self._table.horizontalHeader()
            others = sum(header.sectionSize(column) for column in OTHER_COLUMNS)
            left = self._table.viewport().width() - others
            header.resizeSection(Column.TITLE, max(left, title_minimum_width(self._table)))
        finally:
            self._fitting = False
