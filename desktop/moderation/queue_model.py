"""The comment queue as a table model: every matching id, row data fetched on demand.

Only the ids of the queue are held (a compact array); the rows the view asks for are
fetched in blocks through CommentService.summaries and kept in a bounded cache, so that a
queue of a million comments costs a few megabytes and scrolls without a wait.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from database.services.comments import CommentFilter, CommentService, CommentSummary
from database.statuses import CommentStatus
from desktop.plain_text import tooltip_text

BLOCK_SIZE = 100
CACHE_LIMIT = 2_000
# Above this many separate row ranges, one reset is cheaper for the view than many signals.
MAX_RANGES = 64

COLUMNS = ("Comment", "Article", "Received", "Held because", "Status")
COMMENT, ARTICLE, RECEIVED, REASON, STATUS = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Removal:
    """Rows taken out of the queue by an action, to be put back by its undo."""

    generation: int
    rows: tuple[tuple[int, int], ...]  # (row, comment id), ascending rows


def _ranges(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending rows as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class CommentQueueModel(QAbstractTableModel):
    marksChanged = Signal(int)  # how many comments are marked

    def __init__(
        self,
        comments: CommentService,
        parent: QObject | None = None,
        *,
        block_size: int = BLOCK_SIZE,
        cache_limit: int = CACHE_LIMIT,
    ) -> None:
        super().__init__(parent)
        self._comments = comments
        self._filters = CommentFilter()
        self._ids = array("q")
        self._cache: OrderedDict[int, CommentSummary] = OrderedDict()
        self._marks: set[int] = set()
        self._block_size = block_size
        self._cache_limit = max(cache_limit, block_size * 2)
        # Bumped on every reload: a Removal from before one can no longer be put back by row.
        self.generation = 0
        self.fetches = 0

    # The queue --------------------------------------------------------------------------

    @property
    def filters(self) -> CommentFilter:
        return self._filters

    def set_filter(self, filters: CommentFilter) -> None:
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        """Ask the database again which comments match; marks on those still there stay."""
        self.beginResetModel()
        self._ids = self._comments.id_array(self._filters)
        self._cache.clear()
        if self._marks:
            self._marks &= set(self._ids)
        self.generation += 1
        self.endResetModel()
        self.marksChanged.emit(len(self._marks))

    def comment_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, comment_id: int) -> int | None:
        try:
            return self._ids.index(comment_id)
        except ValueError:
            return None

    def rows_of(self, comment_ids: Iterable[int]) -> dict[int, int]:
        """Rows of the given comments that are in the queue, by id: one pass over the queue."""
        wanted = set(comment_ids)
        return {cid: row for row, cid in enumerate(self._ids) if cid in wanted}

    def summary(self, row: int) -> CommentSummary | None:
        comment_id = self.comment_id(row)
        if comment_id is None:
            return None
        found = self._cache.get(comment_id)
        if found is None:
            self._fetch_block(row)
            found = self._cache.get(comment_id)
        else:
            self._cache.move_to_end(comment_id)
        return found

    @property
    def cached_row_count(self) -> int:
        return len(self._cache)

    def _fetch_block(self, row: int) -> None:
        start = row - row % self._block_size
        block = self._ids[start : start + self._block_size]
        self.fetches += 1
        for summary in self._comments.summaries(list(block)):
            self._cache[summary.id] = summary
            self._cache.move_to_end(summary.id)
        while len(self._cache) > self._cache_limit:
            self._cache.popitem(last=False)

    # Marks: the comments that Shift+key acts on ---------------------------------------

    def is_marked(self, row: int) -> bool:
        comment_id = self.comment_id(row)
        return comment_id is not None and comment_id in self._marks

    def toggle_mark(self, row: int) -> None:
        comment_id = self.comment_id(row)
        if comment_id is None:
            return
        self._marks.symmetric_difference_update({comment_id})
        index = self.index(row, COMMENT)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.marksChanged.emit(len(self._marks))

    def marked_ids(self) -> list[int]:
        """Marked comments in queue order."""
        if not self._marks:
            return []
        return [cid for cid in self._ids if cid in self._marks]

    @property
    def mark_count(self) -> int:
        return len(self._marks)

    def clear_marks(self, comment_ids: Iterable[int] | None = None) -> None:
        if comment_ids is None:
            self._marks.clear()
        else:
            self._marks.difference_update(comment_ids)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, COMMENT),
                self.index(len(self._ids) - 1, COMMENT),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.marksChanged.emit(len(self._marks))

    # After a change of status ---------------------------------------------------------

    def leaves_queue(self, status: CommentStatus) -> bool:
        """Whether comments moved to `status` no longer belong in this queue."""
        return self._filters.status is not None and status != self._filters.status

    def apply_change(self, rows_by_id: dict[int, int], status: CommentStatus) -> Removal | None:
        """Show the comments at these rows with their new status: out of the queue if they
        no longer belong in it (the Removal says where they were), else updated in place."""
        self.forget(rows_by_id)
        if not self.leaves_queue(status):
            self._rows_changed(sorted(rows_by_id.values()))
            return None
        pairs = tuple(sorted((row, cid) for cid, row in rows_by_id.items()))
        self._remove_rows([row for row, _ in pairs])
        self._marks.difference_update(rows_by_id)
        self.marksChanged.emit(len(self._marks))
        return Removal(self.generation, pairs)

    def restore(self, removal: Removal) -> bool:
        """Put removed rows back where they were; False if the queue was reloaded since."""
        if removal.generation != self.generation:
            return False
        runs = _ranges([row for row, _ in removal.rows])
        ids = [cid for _, cid in removal.rows]
        if len(runs) > MAX_RANGES:
            merged = self._ids.tolist()
            for row, cid in removal.rows:
                merged.insert(row, cid)
            self.beginResetModel()
            self._ids = array("q", merged)
            self.endResetModel()
            return True
        taken = 0
        for first, last in runs:
            self.beginInsertRows(QModelIndex(), first, last)
            self._ids[first:first] = array("q", ids[taken : taken + last - first + 1])
            taken += last - first + 1
            self.endInsertRows()
        return True

    def forget(self, comment_ids: Iterable[int]) -> None:
        """Drop cached rows, so that they are read again when next shown."""
        for comment_id in comment_ids:
            self._cache.pop(comment_id, None)

    def refresh_rows(self, comment_ids: Iterable[int]) -> None:
        rows_by_id = self.rows_of(comment_ids)
        self.forget(rows_by_id)
        self._rows_changed(sorted(rows_by_id.values()))

    def _rows_changed(self, rows: list[int]) -> None:
        if not rows:
            return
        last_column = self.columnCount() - 1
        runs = _ranges(rows)
        if len(runs) > MAX_RANGES:
            runs = [(rows[0], rows[-1])]
        for first, last in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def _remove_rows(self, rows: list[int]) -> None:
        runs = _ranges(rows)
        if len(runs) > MAX_RANGES:
            gone = set(rows)
            self.beginResetModel()
            self._ids = array("q", (cid for row, cid in enumerate(self._ids) if row not in gone))
            self.endResetModel()
            return
        for first, last in reversed(runs):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first : last + 1]
            self.endRemoveRows()

    # QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COMMENT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            if index.column() != COMMENT:
                return None
            marked = self.is_marked(index.row())
            return Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            return None
        summary = self.summary(index.row())
        if summary is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(summary)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(summary, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:  # comments and titles, shown as written
            return tooltip_text(self._text(summary, index.column(), tooltip=True))
        return self._text(summary, index.column(), tooltip=False)

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and role == Qt.ItemDataRole.CheckStateRole:
            wanted = Qt.CheckState(value) == Qt.CheckState.Checked  # type: ignore[call-overload]
            if wanted != self.is_marked(index.row()):
                self.toggle_mark(index.row())
            return True
        return False

    def _text(self, summary: CommentSummary, column: int, tooltip: bool) -> str | None:
        if column == COMMENT:
            return summary.excerpt
        if column == ARTICLE:
            return summary.article_title
        if column == RECEIVED:
            local = summary.received_at.astimezone()
            return local.strftime("%d %b %Y %H:%M:%S" if tooltip else "%d %b %H:%M")
        if column == REASON:
            return summary.held_reason or ("" if not tooltip else None)
        return summary.status.value.capitalize()

    def _foreground(self, summary: CommentSummary) -> object:
        # In the All queue the decided comments step back, so that the pending ones stand out.
        if self._filters.status is None and summary.status is not CommentStatus.PENDING:
            return QApplication.palette().color(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    def _font(self, summary: CommentSummary, column: int) -> QFont | None:
        if column == STATUS and summary.status is CommentStatus.SPAM:
            font = QFont()
            font.setItalic(True)
            return font
        return None
