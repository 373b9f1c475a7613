"""The article list as a table model: every matching id up front, rows fetched a block at a time.

Like Anki's browser, the model never loads the whole table: with 100,000 articles the ids are a
few hundred kilobytes, while full rows (authors, comment counts) would take seconds to read.

A search keeps the order the list holds for its sort and other filters and only asks the
database which articles match: as someone types, that costs a few milliseconds, where sorting
the matches again would cost tens.

Sorting, filtering, searching and refreshing read the ids in the background (desktop.operations,
through a `Newest`): the rows shown stay until the new ids arrive, `busy` says meanwhile that
the list is updating, and only the newest request's ids are shown. A block of rows for painting
is read at once: over the 100,000-article archive it takes about a millisecond (5 at most).
"""

from __future__ import annotations

import enum
import logging
import shutil
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEventLoop,
    QMetaType,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
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
from desktop.operations import Newest, describe_failure, op
from desktop.plain_text import tooltip_text

log = logging.getLogger(__name__)

# Rows fetched per query when the view asks for one that is not cached.
BLOCK_SIZE = 100
# Rows kept; a screenful is ~50, so this covers a lot of scrolling back and forth.
CACHE_SIZE = 3000
# Lookups by id after a reset answered by scanning before an id→row index is built.
SCANS_BEFORE_INDEX = 8
DATE_FORMAT = "%Y-%m-%d %H:%M"
NO_COMMENTS = "—"
# Before the title of an article someone else is editing; the tooltip says who and since when.
EDITING_MARK = "✎ "

# Dragged out at once up to this many: about a millisecond each over the archive. More are
# exported in the background from the drag's start (see ExportingMimeData).
EXPORTED_AT_ONCE = 20
# How long a drop target is kept waiting for articles still being exported; the window keeps
# working meanwhile.
DROP_WAIT_MS = 60_000

Exporter = Callable[[list[int], Path], list[Path]]
AnyIndex = QModelIndex | QPersistentModelIndex
# What a list order is read for: the filter without its search, the sort, descending or not.
OrderKey = tuple[ArticleFilter, ArticleSort, bool]
_NO_PARENT = QModelIndex()
URI_LIST = "text/uri-list"


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


@dataclass(frozen=True)
class IdsRead:
    """What a background read of the list found."""

    key: OrderKey
    order: array[int] | None  # the list order, read again; None: the order held was kept
    matches: array[int] | None  # the search's matches in list order; None: no search


def read_ids(
    articles: ArticleService, key: OrderKey, search: str, held: array[int] | None
) -> IdsRead:
    """Off the GUI thread: the list order of `key` (unless `held` is it already), and the
    search's matches kept in that order. Reads `held`, never changes it."""
    order = articles.id_array(*key) if held is None else None
    within = order if order is not None else held
    assert within is not None
    found = articles.matching_ids(search) if search.strip() else None
    matches = None if found is None else array("q", filter(found.__contains__, within))
    return IdsRead(key, order, matches)


class ExportingMimeData(QMimeData):
    """A drag whose articles are exported in the background from the drag's start.

    Qt asks a QMimeData for its data through `retrieveData`, and only when a drop target wants
    it (at the drop, on X11, Windows and macOS alike): the formats are announced up front, the
    files written meanwhile. Should the target ask before the export is done, the wait runs
    the event loop (so that the window keeps painting) for at most DROP_WAIT_MS.
    """

    exported = Signal()

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self._done = False
        self._urls: list[QUrl] = []

    @property
    def done(self) -> bool:
        return self._done

    def finish(self, paths: list[Path]) -> None:
        """The export ended: these files are what the drag carries (none: nothing)."""
        if paths:
            self._urls = [QUrl.fromLocalFile(str(path)) for path in paths]
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
        self._done = True
        self.exported.emit()

    def formats(self) -> list[str]:
        return [URI_LIST]

    def hasFormat(self, mimetype: str) -> bool:
        return mimetype == URI_LIST

    def retrieveData(self, mimetype: str, preferred_type: Any) -> Any:
        if mimetype != URI_LIST:
            return None
        self.wait_for_export()
        # As the type asked for: QMimeData.urls() wants a list (a QByteArray handed back
        # through PySide would not be converted), a platform's drag the bytes of the list.
        if preferred_type.id() == QMetaType.Type.QVariantList.value:
            return list(self._urls)
        if preferred_type.id() == QMetaType.Type.QUrl.value:
            return self._urls[0] if self._urls else None
        return QByteArray(b"".join(url.toEncoded().data() + b"\r\n" for url in self._urls))

    def wait_for_export(self, timeout_ms: int = DROP_WAIT_MS) -> bool:
        """Run the event loop until the files are written, or the time is up; True if done."""
        if not self._done:
            loop = QEventLoop()
            self.exported.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            if not self._done:
                log.warning("the dragged articles were not exported within %d ms", timeout_ms)
        return self._done


class ArticleListModel(QAbstractTableModel):
    """Articles matching a filter, in the service's order; rows are read only when shown."""

    # Whether a re-read of the ids is pending: the rows shown are those before it.
    updatingChanged = Signal(bool)
    # A re-read failed: in words for a person; the rows shown stay.
    readFailed = Signal(str)

    def __init__(
        self,
        articles: ArticleService,
        parent: QObject | None = None,
        *,
        exporter: Exporter | None = None,
        filters: ArticleFilter | None = None,
        read_now: bool = True,
    ) -> None:
        """`filters`: what the list shows from the start (by default, every article), so that a
        filtered list never reads every id first. `read_now`: the first ids read here, before
        the model is used (False: in the background, the list empty and busy meanwhile)."""
        super().__init__(parent)
        self._articles = articles
        self._exporter = exporter
        self._filter = filters or ArticleFilter()
        self._sort = ArticleSort.UPDATED
        self._descending = True
        # Every article of the filter without its search, in list order; the search keeps
        # the matches in `_ids` (the same array when there is no search).
        self._order: array[int] = array("q")
        self._order_key: OrderKey | None = None  # what `_order` was read for
        self._order_stale = False  # something changed since: the next read reads it again
        self._ids: array[int] = self._order
        self._rows_by_id: dict[int, int] | None = None
        self._lookups = 0
        # None marks an id whose article was deleted since the ids were read.
        self._cache: OrderedDict[int, ArticleSummary | None] = OrderedDict()
        self._presence: dict[int, PresenceMark] = {}
        self._reads = Newest()
        if read_now:
            self._show_read(read_ids(articles, self._wanted_key(), self._filter.search, None))
        else:
            self.refresh()

    # --- state -----------------------------------------------------------------------------

    def filter(self) -> ArticleFilter:
        """The filter asked for last; its rows may still be on their way (`busy`)."""
        return self._filter

    def set_filter(self, filters: ArticleFilter) -> None:
        """Show the articles of `filters`, read in the background. When only the search
        changed, the list order held is kept and only the search's matches are read."""
        self._filter = filters
        self._read()

    def sort_key(self) -> tuple[ArticleSort, bool]:
        """The current order: what is sorted on, and whether descending."""
        return self._sort, self._descending

    @property
    def busy(self) -> bool:
        """Whether the ids are being read again: the rows shown are the ones before."""
        return self._reads.busy

    def refresh(self) -> None:
        """Read the ids again in the background; the cached rows are forgotten on arrival."""
        self._order_stale = True
        self._read()

    def _wanted_key(self) -> OrderKey:
        return replace(self._filter, search=""), self._sort, self._descending

    def _read(self) -> None:
        key, search = self._wanted_key(), self._filter.search
        # The order held serves unless it is of another sort or filter, or out of date.
        held = None if self._order_stale or key != self._order_key else self._order
        articles, refreshed = self._articles, self._order_stale
        was_busy = self.busy
        self._reads.run(
            op(self, lambda: read_ids(articles, key, search, held))
            .success(lambda found: self._arrived(found, forget_rows=refreshed))
            .failure(self._read_failed)
        )
        if not was_busy:
            self.updatingChanged.emit(True)

    def _arrived(self, found: IdsRead, *, forget_rows: bool) -> None:
        self.beginResetModel()
        self._show_read(found, forget_rows=forget_rows)
        self.endResetModel()
        self.updatingChanged.emit(False)

    def _show_read(self, found: IdsRead, *, forget_rows: bool = True) -> None:
        if found.order is not None:
            self._order, self._order_key = found.order, found.key
        self._order_stale = False
        self._ids = found.matches if found.matches is not None else self._order
        self._rows_by_id = None
        self._lookups = 0
        if forget_rows:
            self._cache.clear()
        # Else the same articles in another order or selection: their rows are as they were,
        # and the first paint after a sort or a key typed reads none again.

    def _read_failed(self, error: Exception) -> None:
        log.info("the article list was not read again: %s", error, exc_info=error)
        self._order_stale = True  # the next read tries again, all of it
        self.updatingChanged.emit(False)
        self.readFailed.emit(describe_failure(error))

    @property
    def cached_row_count(self) -> int:
        return len(self._cache)

    def article_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, article_id: int) -> int | None:
        if self._rows_by_id is None:
            self._lookups += 1
            if self._lookups <= SCANS_BEFORE_INDEX:
                # A few lookups after a reset (the current article found again) are a scan in
                # C, ~1 ms over 100,000 ids; the index costs 35 ms of Python to build.
                try:
                    return self._ids.index(article_id)
                except ValueError:
                    return None
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
        self._read()

    # --- dragging out ----------------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [URI_LIST]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:
        """The dragged articles as text files in a fresh temporary folder, for the desktop.

        Up to EXPORTED_AT_ONCE articles are written here and now: a few milliseconds, and a
        drag that would carry nothing does not start. More are written in the background from
        the drag's start (ExportingMimeData): the files a file manager asks for at the drop
        are ready by then, or soon after, and the window never waits for them (a thousand
        articles take most of a second). The folder is left behind: the drop target reads the
        files after the drag ends.
        """
        if self._exporter is None:
            return None
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if not rows:
            return None
        article_ids = [self._ids[row] for row in rows]
        try:
            folder = Path(tempfile.mkdtemp(prefix="copydesk-drag-"))
        except OSError:
            log.exception("could not make a folder for the dragged articles")
            return None
        if len(article_ids) > EXPORTED_AT_ONCE:
            return self._export_in_background(article_ids, folder)
        try:
            paths = self._exporter(article_ids, folder)
        except OSError:
            log.exception("could not export the dragged articles")
            paths = []
        if not paths:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
        return mime

    def _export_in_background(self, article_ids: list[int], folder: Path) -> ExportingMimeData:
        exporter = self._exporter
        assert exporter is not None
        mime = ExportingMimeData(folder)

        def failed(error: Exception) -> None:
            log.error("could not export the dragged articles", exc_info=error)
            mime.finish([])

        # The drag owns the data: once it is gone, so is the need for the outcome.
        op(mime, lambda: exporter(article_ids, folder)).success(mime.finish).failure(failed).run()
        return mime
