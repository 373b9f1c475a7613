"""The article list as a table model: every matching id up front, rows fetched a block at a time.

Like Anki's browser, the model never loads the whole table: with 100,000 articles the ids are a
few hundred kilobytes, while full rows (authors, comment counts) would take seconds to read.

A search keeps the order the list holds for its sort and other filters and only asks the
database which articles match: as someone types, that costs a few milliseconds, where sorting
the matches again would cost tens.
"""

from __future__ import annotations

import enum
import logging
import shutil
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)

from database.services.articles import (
    STATUS_LABELS,
    ArticleFilter,
    ArticleService,
    ArticleSort,
    ArticleSummary,
)
from database.services.exporting import export_articles
from database.services.presence import PresenceMark
from desktop.live_updates import describe_presence
from desktop.plain_text import tooltip_text

log = logging.getLogger(__name__)

# Rows fetched per query when the view asks for one that is not cached.
BLOCK_SIZE = 100
# Rows kept; a screenful is ~50, so this covers a lot of scrolling back and forth.
CACHE_SIZE = 3000
DATE_FORMAT = "%Y-%m-%d %H:%M"
NO_COMMENTS = "—"
# Before the title of an article someone else is editing; the tooltip says who and since when.
EDITING_MARK = "✎ "

Exporter = Callable[[list[int], Path], list[Path]]
AnyIndex = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()


class Column(enum.IntEnum):
    TITLE = 0
    AUTHOR = 1
    STATUS = 2
    COMMENTS = 3
    UPDATED = 4


HEADERS = {
    Column.TITLE: "Title",
    Column.AUTHOR: "Author",
    Column.STATUS: "Status",
    Column.COMMENTS: "Comments",
    Column.UPDATED: "Last changed",
}

SORT_BY_COLUMN = {
    Column.TITLE: ArticleSort.TITLE,
    Column.AUTHOR: ArticleSort.AUTHOR,
    Column.STATUS: ArticleSort.STATUS,
    Column.COMMENTS: ArticleSort.COMMENTS,
    Column.UPDATED: ArticleSort.UPDATED,
}


def make_exporter(session_factory: Any) -> Exporter:
    """The drag-out exporter for `Database.session_factory`.

    Typed loosely because desktop/ may not name SQLAlchemy's types.
    """

    def export(article_ids: list[int], folder: Path) -> list[Path]:
        summary = export_articles(session_factory, folder, article_ids=article_ids)
        return [written.path for written in summary.written]

    return export


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def comments_text(summary: ArticleSummary) -> str:
    parts = []
    if summary.pending_comments:
        parts.append(f"{summary.pending_comments} pending")
    if summary.approved_comments:
        parts.append(f"{summary.approved_comments} approved")
    return " · ".join(parts) or NO_COMMENTS


def comments_tooltip(summary: ArticleSummary) -> str:
    if not summary.pending_comments and not summary.approved_comments:
        return "No comments waiting for moderation and none approved"
    waiting = _plural(summary.pending_comments, "comment") + " waiting for moderation"
    approved = _plural(summary.approved_comments, "approved comment")
    return f"{waiting}, {approved}"


def local_time_text(moment: datetime) -> str:
    # Stored in UTC; the newsroom thinks in its own clock.
    return moment.astimezone().strftime(DATE_FORMAT)


class ArticleListModel(QAbstractTableModel):
    """Articles matching a filter, in the service's order; rows are read only when shown."""

    def __init__(
        self,
        articles: ArticleService,
        parent: QObject | None = None,
        *,
        exporter: Exporter | None = None,
        filters: ArticleFilter | None = None,
    ) -> None:
        """`filters`: what the list shows from the start (by default, every article), so that a
        filtered list never reads every id first."""
        super().__init__(parent)
        self._articles = articles
        self._exporter = exporter
        self._filter = filters or ArticleFilter()
        self._sort = ArticleSort.UPDATED
        self._descending = True
        # Every article of the filter without its search, in list order; the search keeps
        # the matches in `_ids` (the same array when there is no search).
        self._order: array[int] = array("q")
        self._ids: array[int] = self._order
        self._rows_by_id: dict[int, int] | None = None
        # None marks an id whose article was deleted since the ids were read.
        self._cache: OrderedDict[int, ArticleSummary | None] = OrderedDict()
        self._presence: dict[int, PresenceMark] = {}
        self._load_ids()

    # --- state -----------------------------------------------------------------------------

    def filter(self) -> ArticleFilter:
        return self._filter

    def set_filter(self, filters: ArticleFilter) -> None:
        """Show the articles of `filters`, read again. When only the search changed, the list
        order held is kept and only the search's matches are read."""
        same_order = replace(filters, search="") == replace(self._filter, search="")
        only_search = same_order and filters.search != self._filter.search
        self._filter = filters
        if not only_search:
            self.refresh()
            return
        self.beginResetModel()
        self._load_ids(order=False)
        self.endResetModel()

    def sort_key(self) -> tuple[ArticleSort, bool]:
        """The current order: what is sorted on, and whether descending."""
        return self._sort, self._descending

    def refresh(self) -> None:
        """Read the ids again and forget every cached row."""
        self.beginResetModel()
        self._load_ids()
        self.endResetModel()

    def _load_ids(self, *, order: bool = True) -> None:
        """Read the ids of the filter: the list order too, or (`order` False) only the search's
        matches, kept in the order already held."""
        if order:
            unsearched = replace(self._filter, search="")
            self._order = self._articles.id_array(unsearched, self._sort, self._descending)
        search = self._filter.search
        matches = self._articles.matching_ids(search) if search.strip() else None
        if matches is None:
            self._ids = self._order
        else:
            self._ids = array("q", filter(matches.__contains__, self._order))
        self._rows_by_id = None
        self._cache.clear()

    @property
    def cached_row_count(self) -> int:
        return len(self._cache)

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        if self._rows_by_id is None:
            # Built on first use: most resets (typing a search) never need it.
            self._rows_by_id = {found: row for row, found in enumerate(self._ids)}
        return self._rows_by_id.get(article_id)

    def invalidate(self, article_ids: Iterable[int]) -> None:
        """Forget the cached rows of these articles (e.g. after a save) and repaint them."""
        rows = []
        for article_id in article_ids:
            self._cache.pop(article_id, None)
            row = self.row_of(article_id)
            if row is not None:
                rows.append(row)
        if rows:
            last_column = len(Column) - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last_column))

    def presence(self, article_id: int) -> PresenceMark | None:
        return self._presence.get(article_id)

    def set_presence(self, marks: dict[int, PresenceMark]) -> None:
        """Who else is editing which article; titles of the rows that changed are repainted."""
        changed = {
            article_id
            for article_id in self._presence.keys() | marks.keys()
            if self._presence.get(article_id) != marks.get(article_id)
        }
        self._presence = dict(marks)
        rows = [row for row in map(self.row_of, changed) if row is not None]
        if rows:
            self.dataChanged.emit(
                self.index(min(rows), Column.TITLE), self.index(max(rows), Column.TITLE)
            )

    # --- fetching --------------------------------------------------------------------------

    def summary(self, row: int) -> ArticleSummary | None:
        """The row's data, fetched with its neighbours if not cached; None if it was deleted."""
        article_id = self._ids[row]
        if article_id in self._cache:
            self._cache.move_to_end(article_id)
            return self._cache[article_id]
        self._fetch_around(row)
        return self._cache.get(article_id)

    def _fetch_around(self, row: int) -> None:
        # Mostly ahead of the row: lists are read, and scrolled, downwards.
        start = max(0, row - BLOCK_SIZE // 4)
        block = self._ids[start : start + BLOCK_SIZE]
        wanted = [article_id for article_id in block if article_id not in self._cache]
        fetched = {summary.id: summary for summary in self._articles.summaries(wanted)}
        for article_id in wanted:
            self._cache[article_id] = fetched.get(article_id)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    # --- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        summary = self.summary(index.row())
        if summary is None:
            return None
        column = Column(index.column())
        mark = self._presence.get(summary.id) if column is Column.TITLE else None
        if role == Qt.ItemDataRole.ToolTipRole:
            # Titles and names are shown as typed: a tooltip would take "<b>" for markup.
            return tooltip_text(self._tooltip(summary, column, mark))
        if column is Column.TITLE:
            return summary.title if mark is None else EDITING_MARK + summary.title
        if column is Column.AUTHOR:
            return summary.author_name
        if column is Column.STATUS:
            return STATUS_LABELS[summary.status]
        if column is Column.COMMENTS:
            return comments_text(summary)
        return local_time_text(summary.updated_at)

    @staticmethod
    def _tooltip(summary: ArticleSummary, column: Column, mark: PresenceMark | None) -> str | None:
        if mark is not None:
            return f"{summary.title}\n{describe_presence(mark)}"
        if column is Column.TITLE:
            return summary.title
        if column is Column.COMMENTS:
            return comments_tooltip(summary)
        if column is Column.AUTHOR:
            return summary.author_name  # a long name elides in its column
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._exporter is not None:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORT_BY_COLUMN[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._sort, self._descending):
            return  # the view re-announces the current order when sorting is switched on
        self._sort, self._descending = sort, descending
        self.refresh()

    # --- dragging out ----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        """The dragged articles as text files in a fresh temporary folder, for the desktop.

        The folder is left behind: the drop target reads the files after the drag ends.
        """
        if self._exporter is None:
            return None
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if not rows:
            return None
        article_ids = [self._ids[row] for row in rows]
        try:
            folder = Path(tempfile.mkdtemp(prefix="copydesk-drag-"))
            paths = self._exporter(article_ids, folder)
        except OSError:
            log.exception("could not export the dragged articles")
            return None
        if not paths:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
        return mime
