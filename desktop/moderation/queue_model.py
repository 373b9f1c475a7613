"""The comment queue as a table model: every matching id, row data fetched on demand.

Only the ids of the queue are held (a compact array); the rows the view asks for are
fetched in blocks through CommentService.summaries (a millisecond a block) and kept in a
bounded cache, so that a queue of a million comments scrolls without a wait.

The ids are read in the background (`reload`, an op): 0.14 s for the 600,000 pending of the
benchmark archive, 0.4 s for its million. The rows on show stay until the new ids arrive,
and `updating` says that they are coming. The read runs on the writer's thread, behind the
decisions asked before it: a queue read after a key press never shows the comment it took
away again because its write had yet to be made.
"""

from __future__ import annotations

import logging
import time
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from database.services.comments import CommentFilter, CommentService, CommentSummary
from database.statuses import CommentStatus
from desktop import plain_text
from desktop.operations import Newest, describe_failure, op
from desktop.plain_text import tooltip_text

log = logging.getLogger(__name__)

BLOCK_SIZE = 100
CACHE_LIMIT = 2_000
# Above this many separate row ranges, one reset is cheaper for the view than many signals.
MAX_RANGES = 64
# Up to this many ids, the id → row index is built on the GUI thread when it is needed
# (5 ms); a bigger queue's is built in the background (85 ms for a million).
INDEX_AT_ONCE = 50_000
# Without the index, so many rows are looked for one scan each; more, in one pass (50 ms).
SCANS_WITHOUT_INDEX = 3
INDEX_BLOCK = 20_000  # ids indexed between two chances for the GUI thread (a millisecond)
GONE_TEXT = "(deleted)"

COLUMNS = ("Comment", "Article", "Received", "Held because", "Status")
COMMENT, ARTICLE, RECEIVED, REASON, STATUS = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Removal:
    """Rows taken out of the queue by an action, to be put back by its undo."""

    generation: int
    rows: tuple[tuple[int, int], ...]  # (row, comment id), ascending rows


def _row_index(ids: Sequence[int]) -> dict[int, int]:
    """Each id's row. Made on a worker for a big queue: a block at a time, letting the GUI
    thread have the interpreter in between (in one go, it waited up to 60 ms for it)."""
    rows: dict[int, int] = {}
    for start in range(0, len(ids), INDEX_BLOCK):
        rows.update(zip(ids[start : start + INDEX_BLOCK], range(start, len(ids)), strict=False))
        time.sleep(0)
    return rows


class _Latest:
    """Which read is the newest, for a read overtaken before it began to skip its work
    (plain Python: the worker reads it, and must not touch the model)."""

    def __init__(self) -> None:
        self.number = 0

    def next(self) -> int:
        self.number += 1
        return self.number


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
    updatingChanged = Signal(bool)  # whether new ids are on their way

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
        self._filters = CommentFilter()  # of the rows on show
        self._wanted = self._filters  # of the rows asked for
        self._ids = array("q")
        # None marks a comment deleted since the ids were read: not asked for at each paint.
        self._cache: OrderedDict[int, CommentSummary | None] = OrderedDict()
        self._marks: set[int] = set()
        self._block_size = block_size
        self._cache_limit = max(cache_limit, block_size * 2)
        # Bumped on every reload: a Removal from before one can no longer be put back by row.
        self.generation = 0
        self.fetches = 0
        self._reads = Newest()
        self._latest = _Latest()
        self._waiting: list[Callable[[], None]] = []  # `then`s of the reloads on their way
        self._updating = False
        # Row of each id as of the index's making, and the rows of it since taken out
        # (ascending): a row now is its row then less the rows gone above it. Rows put back
        # where they were come off `_gone`; any other change drops the index.
        self._rows: dict[int, int] | None = {}
        self._gone: list[int] = []
        self._changes = 0  # of the ids, other than by a reload: an index built meanwhile is stale
        self._indexing = -1  # the `_changes` an index is being built for in the background
        self._replacing = False  # the model's own reset, which brings its index along
        self._dropped: list[tuple[array[int], dict[int, int] | None]] = []
        self.rowsAboutToBeRemoved.connect(self._rows_leaving)
        self.rowsInserted.connect(self._rows_arrived)
        self.modelAboutToBeReset.connect(self._ids_replaced)

    # The queue --------------------------------------------------------------------------

    @property
    def filters(self) -> CommentFilter:
        """The filter of the rows on show (a newer one may be on its way: `updating`)."""
        return self._filters

    @property
    def updating(self) -> bool:
        return self._updating

    def set_filter(
        self, filters: CommentFilter, then: Callable[[], None] | None = None
    ) -> None:
        """Show the comments of `filters`, once read (see `reload`)."""
        self._wanted = filters
        self.reload(then)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Ask the database again which comments match, in the background; marks on those
        still there stay. The rows on show stay until the new ids arrive; then `then` runs,
        and with it the `then` of every reload this one overtook."""
        if then is not None:
            self._waiting.append(then)
        filters, comments, latest = self._wanted, self._comments, self._latest
        number = latest.next()

        def read() -> array[int] | None:
            if number != latest.number:
                return None  # overtaken before it began: its outcome would be dropped
            return comments.id_array(filters)

        # On the writer's thread: after every decision asked before (see the module's text).
        reading = op(self, read, write=True).success(lambda found: self._show_ids(filters, found))
        self._reads.run(reading.failure(self._reload_failed))
        self._set_updating(True)

    def _show_ids(self, filters: CommentFilter, ids: array[int] | None) -> None:
        if ids is None:
            return
        # Freed in a turn of their own: a million ids' index takes 10 ms to free, which with
        # the reset and the paint after it would make one long stall.
        self._dropped.append((self._ids, self._rows))
        QTimer.singleShot(0, self._dropped.clear)
        self._replacing = True
        self.beginResetModel()
        self._ids, self._gone = ids, []
        self._rows = None if len(ids) > INDEX_AT_ONCE else _row_index(ids)
        self._changes += 1  # an index on its way is of the ids before
        self._filters = filters
        self._cache.clear()
        if self._marks and self._index() is not None:  # else once the index is made
            self._marks = set(self.rows_of(self._marks))
        self.generation += 1
        self.endResetModel()
        self._replacing = False
        self.marksChanged.emit(len(self._marks))
        self._arrived()

    def _reload_failed(self, error: Exception) -> None:
        log.error("the comment queue could not be read", exc_info=error)
        self._arrived()  # the rows on show stay; whoever waited goes on with them
        plain_text.warn(None, "Moderation", describe_failure(error))

    def _arrived(self) -> None:
        self._set_updating(False)
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    def _set_updating(self, updating: bool) -> None:
        if updating != self._updating:
            self._updating = updating
            self.updatingChanged.emit(updating)

    def comment_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, comment_id: int) -> int | None:
        rows = self._index()
        if rows is None:
            # A big queue's index is on its way (see _index): one scan, in C, ≤ 15 ms.
            try:
                return self._ids.index(comment_id)
            except ValueError:
                return None
        then = rows.get(comment_id)
        if then is None:
            return None
        above = bisect_left(self._gone, then)
        if above < len(self._gone) and self._gone[above] == then:
            return None  # taken out since
        return then - above

    def rows_of(self, comment_ids: Iterable[int]) -> dict[int, int]:
        """Rows of the given comments that are in the queue, by id."""
        wanted = set(comment_ids)
        if len(wanted) > SCANS_WITHOUT_INDEX and self._index() is None:
            return {cid: row for row, cid in enumerate(self._ids) if cid in wanted}
        found = ((cid, self.row_of(cid)) for cid in wanted)
        return {cid: row for cid, row in found if row is not None}

    # The id → row index, kept through removals and their undo ---------------------------
    #
    # A small queue's is made when the ids arrive. A big queue's is made in the background
    # when first asked for: made with every reload (each second, as live updates come in
    # while someone triages), its 85 ms of Python on a worker kept the GUI thread waiting
    # for the interpreter, up to 100 ms on a busy machine; a reload asks for no row but the
    # current one's (panel._keep_current), which is mostly where it was.

    def _index(self) -> dict[int, int] | None:
        if self._rows is None:
            if len(self._ids) <= INDEX_AT_ONCE:
                self._rows, self._gone = _row_index(self._ids), []
            elif self._indexing != self._changes:
                self._index_in_background()
        return self._rows

    def _index_in_background(self) -> None:
        changes = self._changes
        ids = array("q", self._ids)  # a copy: the model's own may change meanwhile
        self._indexing = changes

        def built(rows: dict[int, int]) -> None:
            if self._rows is None and self._changes == changes:
                self._rows, self._gone = rows, []
                if self._marks.difference(rows):  # marks on comments no longer in the queue
                    self._marks.intersection_update(rows)
                    self.marksChanged.emit(len(self._marks))

        op(self, lambda: _row_index(ids)).success(built).run()

    def _rows_leaving(self, _parent: Index, first: int, last: int) -> None:
        self._changes += 1
        if self._rows is None:
            return
        leaving = [self._rows.get(cid, -1) for cid in self._ids[first : last + 1]]
        if -1 in leaving:  # not a row the index knows: it no longer tells rows
            self._rows = None
            return
        self._gone = sorted(self._gone + leaving) if self._gone else sorted(leaving)

    def _rows_arrived(self, _parent: Index, first: int, last: int) -> None:
        self._changes += 1
        rows = self._rows
        if rows is None:
            return
        for row in range(first, last + 1):
            then = rows.get(self._ids[row], -1)
            at = bisect_left(self._gone, then)
            # Back where it was taken from, or the index no longer tells rows: dropped.
            if at == len(self._gone) or self._gone[at] != then or then - at != row:
                self._rows = None
                return
            del self._gone[at]

    def _ids_replaced(self) -> None:
        if not self._replacing:
            self._changes += 1
            self._rows = None

    # Rows ---------------------------------------------------------------------------------

    def summary(self, row: int) -> CommentSummary | None:
        """The row's data, fetched with its block if not cached; None if it was deleted."""
        comment_id = self.comment_id(row)
        if comment_id is None:
            return None
        if comment_id in self._cache:
            self._cache.move_to_end(comment_id)
            return self._cache[comment_id]
        self._fetch_block(row)
        return self._cache.get(comment_id)

    @property
    def cached_row_count(self) -> int:
        return len(self._cache)

    def _fetch_block(self, row: int) -> None:
        start = row - row % self._block_size
        block = self._ids[start : start + self._block_size]
        self.fetches += 1
        found = {summary.id: summary for summary in self._comments.summaries(list(block))}
        for comment_id in block:
            self._cache[comment_id] = found.get(comment_id)
            self._cache.move_to_end(comment_id)
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
        rows = self.rows_of(self._marks)
        return sorted(rows, key=rows.__getitem__)

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

    def shown_status(self, comment_id: int) -> CommentStatus | None:
        """The status the queue shows a comment in: its filter's, else its row's as last
        read (None if not read): what a decision is taken to change until its write says."""
        if self._filters.status is not None:
            return self._filters.status
        cached = self._cache.get(comment_id)
        return cached.status if cached is not None else None

    def leaves_queue(self, status: CommentStatus) -> bool:
        """Whether comments moved to `status` no longer belong in this queue."""
        return self._filters.status is not None and status != self._filters.status

    def apply_change(self, rows_by_id: dict[int, int], status: CommentStatus) -> Removal | None:
        """Show the comments at these rows with their new status: out of the queue if they
        no longer belong in it (the Removal says where they were), else updated in place.

        Shown before it is written (desktop/moderation/triage.py): a row kept in view keeps
        its cached data with the new status, where reading it again would show the old."""
        if not self.leaves_queue(status):
            for comment_id in rows_by_id:
                cached = self._cache.get(comment_id)
                if cached is not None:
                    self._cache[comment_id] = replace(cached, status=status)
            self._rows_changed(sorted(rows_by_id.values()))
            return None
        self.forget(rows_by_id)
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
            shown = role == Qt.ItemDataRole.DisplayRole and index.column() == COMMENT
            return GONE_TEXT if shown else None
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
