"""The article list: search, status and author filters over a lazily filled table."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.articles import STATUS_LABELS, ArticleFilter
from database.services.presence import HEARTBEAT_SECONDS, PresenceService
from database.statuses import ArticleStatus
from desktop.articles.list_columns import TitleColumnFitter
from desktop.articles.list_model import ArticleListModel, Column, Exporter, make_exporter
from desktop.context import AppContext
from desktop.operations import Newest, op
from desktop.plain_text import as_rich_label, tooltip_text
from desktop.row_ranges import ranges
from desktop.widgets.search_field import SearchField

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 200
# After the count while the ids are read again (a sort, a filter, a search, a live update).
UPDATING_TEXT = " · updating…"
AUTHOR_FILTER_CHARACTERS = 14
AUTHOR_POPUP_MAXIMUM_WIDTH = 480
EMPTY_TEXT = (
    "<h2>No articles yet</h2>"
    "<p>Drop article files anywhere on this window, or use <b>File → Import…</b>, "
    "to bring articles in.</p>"
)


def is_unfiltered(filters: ArticleFilter) -> bool:
    return not filters.search.strip() and filters.status is None and filters.author_id is None


class ArticleListPanel(QWidget):
    articleSelected = Signal(int)
    selectionChangedIds = Signal(list)
    importDialogRequested = Signal()
    sampleImportRequested = Signal()

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        exporter: Exporter | None = None,
        presence: PresenceService | None = None,
    ) -> None:
        """`exporter` writes dragged-out articles; by default, export_articles does.
        `presence`: this desk's presence marks, so that its own are not shown as others'."""
        super().__init__(parent)
        self._context = context
        self._presence = presence or PresenceService(
            context.database.session_factory, user=lambda: context.user_name
        )
        self._model = ArticleListModel(
            context.articles,
            self,
            exporter=exporter or make_exporter(context.database.session_factory),
        )
        self._current_id: int | None = None
        self._selected: list[int] = []
        # What a reset should restore: (selected ids, current id), or None to start afresh.
        self._pending_restore: tuple[list[int], int | None] | None = None
        # For the next ids to arrive (they are read in the background): whether the selection
        # comes back, whether the scroll position stays (a live update), what to select then.
        self._keep_selection = True
        self._keep_scroll = False
        self._scroll_position: int | None = None
        self._select_on_arrival: int | None = None
        self._after_read: list[Callable[[], object]] = []
        self._read_problem = ""  # why the last re-read failed, until one succeeds
        self._restoring = False
        self._presence_reads = Newest()

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        # Marks expire without anyone writing: look again as often as they are kept fresh.
        self.presence_timer = QTimer(self)
        self.presence_timer.setInterval(HEARTBEAT_SECONDS * 1000)
        self.presence_timer.timeout.connect(self.refresh_presence)

        self._search = self._build_search()
        self._status_filter = self._build_status_filter()
        self._author_filter = self._build_author_filter()
        self._fill_authors()
        self._author_filter.currentIndexChanged.connect(self._apply_filter)
        self._table = self._build_table()
        self._empty_state = self._build_empty_state()
        self._count = QLabel(self)
        self._count.setObjectName("articleCount")
        self._count.setTextFormat(Qt.TextFormat.PlainText)  # a failure's words may hold "<"
        self._count.setAccessibleName("Number of articles shown")

        self._pages = QStackedWidget(self)
        self._pages.addWidget(self._table)
        self._pages.addWidget(self._empty_state)

        # The search on a row of its own: beside the filters it was crushed to a few letters
        # whenever the list was narrow.
        filters = QHBoxLayout()
        filters.addWidget(self._status_filter)
        filters.addWidget(self._author_filter, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._search)
        layout.addLayout(filters)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self._count)

        self._model.modelAboutToBeReset.connect(self._remember_selection)
        self._model.modelReset.connect(self._after_reset)
        self._model.updatingChanged.connect(lambda _busy: self._show_state())
        self._model.readFailed.connect(self._read_failed)
        # A sort by the header is the reader's choice: the list goes to the current article.
        self._table.horizontalHeader().sortIndicatorChanged.connect(self._user_reordered)
        selection = self._table.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row_changed)
        selection.selectionChanged.connect(self._on_selection_changed)
        self._show_state()
        self.refresh_presence()
        self.presence_timer.start()

    # --- building --------------------------------------------------------------------------

    def _build_search(self) -> QLineEdit:
        search = SearchField(self)
        search.setObjectName("articleSearch")
        search.setPlaceholderText("Search titles, text and comments")
        search.setClearButtonEnabled(True)
        search.setAccessibleName("Search articles")
        search.textChanged.connect(self._search_timer.start)
        # Enter should not wait out the typing pause.
        search.returnPressed.connect(self._apply_filter)
        search.cleared.connect(self._apply_filter)  # Escape
        return search

    def _build_status_filter(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("articleStatusFilter")
        combo.setAccessibleName("Status filter")
        combo.addItem("All statuses", None)
        for status in ArticleStatus:
            # The value, not the enum: Qt would hand a str subclass back as a plain str.
            combo.addItem(STATUS_LABELS[status], status.value)
        combo.currentIndexChanged.connect(self._apply_filter)
        return combo

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("articleList")
        table.setAccessibleName("Articles")
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setDragEnabled(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        table.setDefaultDropAction(Qt.DropAction.CopyAction)
        # Fixed row heights let the view place 100,000 rows without measuring any of them.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        rows.hide()
        # Interactive only: ResizeToContents would read every row of the table.
        columns = table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSortIndicator(Column.UPDATED, Qt.SortOrder.DescendingOrder)
        table.setSortingEnabled(True)
        # After sorting is on: the widths make room for the sort arrow.
        self.column_fitter = TitleColumnFitter(table)
        return table

    def _build_empty_state(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("articleEmptyState")
        page.setAccessibleName("No articles yet")
        text = as_rich_label(QLabel(EMPTY_TEXT, page))  # HTML on purpose, no links
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setAccessibleName("No articles yet")
        import_button = QPushButton("Import files…", page)
        import_button.setObjectName("articleEmptyImport")
        import_button.setAccessibleName("Import files")
        import_button.clicked.connect(self.importDialogRequested)
        samples_button = QPushButton("Load the sample articles", page)
        samples_button.setObjectName("articleEmptySamples")
        samples_button.setAccessibleName("Load the sample articles")
        samples_button.clicked.connect(self.sampleImportRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(import_button)
        buttons.addWidget(samples_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _build_author_filter(self) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName("articleAuthorFilter")
        combo.setAccessibleName("Author filter")
        # Sized for a short name, not the longest one: a long name elides, and shows whole
        # in the tooltip and the open list.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(AUTHOR_FILTER_CHARACTERS)
        combo.currentIndexChanged.connect(
            lambda _index: combo.setToolTip(tooltip_text(combo.currentText()))
        )
        return combo

    def _fill_authors(self) -> None:
        self._author_filter.addItem("All authors", None)
        for author in self._context.authors.list():
            self._author_filter.addItem(author.display_name, author.id)
            self._author_filter.setItemData(
                self._author_filter.count() - 1,
                tooltip_text(author.display_name),
                Qt.ItemDataRole.ToolTipRole,
            )
        self._author_filter.setToolTip(tooltip_text(self._author_filter.currentText()))
        # The open list is as wide as its longest name, within reason.
        view = self._author_filter.view()
        longest = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(min(longest, AUTHOR_POPUP_MAXIMUM_WIDTH))

    # --- public ----------------------------------------------------------------------------

    @property
    def model(self) -> ArticleListModel:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    def comfortable_width(self) -> int:
        """Wide enough to show every column whole, and a headline of a few words."""
        table = self._table
        columns = self.column_fitter.comfortable_width()
        frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        margins = self.layout().contentsMargins()
        return columns + frame + margins.left() + margins.right()

    def selected_ids(self) -> list[int]:
        # From the selection's ranges: selectedRows() makes an index object per row, 44 ms
        # for a thousand rows at every change of the selection.
        rows: set[int] = set()
        for selected in self._table.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        return [self._model.article_id(row) for row in sorted(rows)]

    def current_id(self) -> int | None:
        index = self._table.currentIndex()
        return self._model.article_id(index.row()) if index.isValid() else None

    def refresh(self, keep_selection: bool = True) -> None:
        """Read the list again in the background, e.g. after an import or a delete; the rows
        shown stay until the new ones arrive, and the selection comes back with them."""
        self._keep_selection = keep_selection
        self._keep_scroll = False
        self._model.refresh()

    def live_refresh(self) -> None:
        """Someone changed articles or comments: read the list again where the reader is,
        keeping the selection and the scroll position (as they are when the ids arrive)."""
        self.refresh()
        self._keep_scroll = True

    def when_read(self, callback: Callable[[], object]) -> None:
        """Call back once the list shows what was last asked for: now, or when the ids being
        read arrive (or fail to)."""
        if self._model.busy:
            self._after_read.append(callback)
        else:
            callback()

    def refresh_presence(self) -> None:
        """Show who else is editing which article, read in the background."""
        self._presence_reads.run(
            op(self, self._presence.others)
            .success(self._model.set_presence)
            .failure(_presence_unknown)
        )

    def select_article(self, article_id: int) -> bool:
        """Make the article current and the only one selected; False if the list lacks it.

        While the list is read again, the article is chosen when the ids arrive too, if they
        hold it (unless the reader chose another meanwhile): True then, as far as known."""
        if self._model.busy:
            self._select_on_arrival = article_id
        row = self._model.row_of(article_id)
        if row is None:
            return self._model.busy
        index = self._model.index(row, Column.TITLE)
        self._table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._table.scrollTo(index)
        return True

    def reload_authors(self) -> None:
        """Refill the author filter after authors were added, renamed, merged or deleted."""
        chosen = self._author_filter.currentData()
        self._author_filter.blockSignals(True)
        try:
            self._author_filter.clear()
            self._fill_authors()
            found = self._author_filter.findData(chosen) if chosen is not None else 0
            self._author_filter.setCurrentIndex(max(found, 0))
        finally:
            self._author_filter.blockSignals(False)
        if self._author_filter.currentData() != chosen:
            self._apply_filter()  # the chosen author is gone: show everyone's
        else:
            self._model.refresh()  # author names in the rows may have changed

    def focus_search(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def hidden_of(self, article_ids: list[int]) -> list[int]:
        """Those of the articles that the search and filters keep out of the list."""
        if is_unfiltered(self._model.filter()):
            return []
        return [found for found in article_ids if self._model.row_of(found) is None]

    def filter_words(self) -> str:
        """The search and filters in force, for a sentence: 'search “tax”, status Draft'."""
        filters = self._model.filter()
        parts = []
        if filters.search.strip():
            parts.append(f"search “{filters.search.strip()}”")
        if filters.status is not None:
            parts.append(f"status {self._status_filter.currentText()}")
        if filters.author_id is not None:
            parts.append(f"author {self._author_filter.currentText()}")
        return ", ".join(parts)

    def clear_filters(self) -> None:
        """Every article again: no search, all statuses, all authors; one reading of the list."""
        for control in (self._search, self._status_filter, self._author_filter):
            control.blockSignals(True)
        try:
            self._search.clear()
            self._status_filter.setCurrentIndex(0)
            self._author_filter.setCurrentIndex(0)
        finally:
            for control in (self._search, self._status_filter, self._author_filter):
                control.blockSignals(False)
        self._apply_filter()

    def article_saved(self, article_id: int) -> None:
        """Show the saved article's new data; it stays where it is until the next refresh."""
        if self._model.row_of(article_id) is None:
            self.refresh()  # a new article
        else:
            self._model.invalidate([article_id])
        if self.current_id() != article_id:
            self.select_article(article_id)

    # --- reacting --------------------------------------------------------------------------

    def current_filter(self) -> ArticleFilter:
        status = self._status_filter.currentData()
        return ArticleFilter(
            search=self._search.text(),
            status=ArticleStatus(status) if status is not None else None,
            author_id=self._author_filter.currentData(),
        )

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        filters = self.current_filter()
        if filters != self._model.filter():
            self._keep_scroll = False
            self._model.set_filter(filters)

    def _user_reordered(self) -> None:
        self._keep_scroll = False

    def _remember_selection(self) -> None:
        # The ids arrived: what the reader has chosen by now is what comes back.
        if self._keep_selection:
            self._pending_restore = (self.selected_ids(), self.current_id())
        else:
            self._pending_restore = None
        keep_scroll = self._keep_scroll
        self._scroll_position = self._table.verticalScrollBar().value() if keep_scroll else None

    def _after_reset(self) -> None:
        restore, self._pending_restore = self._pending_restore, None
        if restore is not None:
            self._restore_selection(*restore)
        if self._scroll_position is not None:
            self._table.verticalScrollBar().setValue(self._scroll_position)
        self._scroll_position = None
        self._keep_selection, self._keep_scroll = True, False
        self._current_id = self.current_id()
        wanted, self._select_on_arrival = self._select_on_arrival, None
        if wanted is not None and wanted != self._current_id:
            self.select_article(wanted)  # announced: an article saved or restored elsewhere
        elif wanted is not None:
            # Asked for while the rows shown were out of date (it was in the Trash, say, and
            # the editor let it go): announced again, for whoever asked to open it.
            self.articleSelected.emit(wanted)
        selected = self.selected_ids()
        if selected != self._selected:
            self._selected = selected
            self.selectionChangedIds.emit(selected)
        self._read_problem = ""
        self._show_state()
        self._run_after_read()

    def _read_failed(self, problem: str) -> None:
        self._read_problem = problem
        self._show_state()
        self._run_after_read()

    def _run_after_read(self) -> None:
        waiting, self._after_read = self._after_read, []
        for callback in waiting:
            callback()

    def _restore_selection(self, selected: list[int], current: int | None) -> None:
        rows = sorted(row for row in map(self._model.row_of, selected) if row is not None)
        selection = QItemSelection()
        last_column = len(Column) - 1
        for first, last in ranges(rows):
            selection.select(self._model.index(first, 0), self._model.index(last, last_column))
        current_row = self._model.row_of(current) if current is not None else None
        selection_model = self._table.selectionModel()
        # The same articles coming back is not a new choice by the user: no signals for it.
        self._restoring = True
        try:
            selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if current_row is not None:
                index = self._model.index(current_row, Column.TITLE)
                selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                if not self._keep_scroll:
                    self._table.scrollTo(index)
        finally:
            self._restoring = False

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        article_id = self._model.article_id(current.row()) if current.isValid() else None
        if article_id != self._select_on_arrival:
            self._select_on_arrival = None  # the reader's choice comes after
        if article_id == self._current_id:
            return
        self._current_id = article_id
        if article_id is not None:
            self.articleSelected.emit(article_id)

    def _on_selection_changed(self) -> None:
        if self._restoring:
            return
        selected = self.selected_ids()
        if selected != self._selected:
            self._selected = selected
            self.selectionChangedIds.emit(selected)

    def _show_state(self) -> None:
        rows = self._model.rowCount()
        busy = self._model.busy
        # While the ids are read, the page shown stays: no flash of the table or the welcome.
        welcome = rows == 0 and is_unfiltered(self._model.filter())
        if welcome and (not busy or self._pages.currentWidget() is self._empty_state):
            self._pages.setCurrentWidget(self._empty_state)
            text = "No articles yet"
        else:
            self._pages.setCurrentWidget(self._table)
            if rows == 0:
                text = "Reading the articles…" if busy else "No articles match"
            else:
                text = f"{rows:,} article{'' if rows == 1 else 's'}"
        if busy:
            if rows:
                text += UPDATING_TEXT
        elif self._read_problem:
            text += f" · not read again: {self._read_problem}"
        self._count.setText(text)


def _presence_unknown(error: Exception) -> None:
    # Unknown for now; the connection trouble is reported by the live updates.
    if isinstance(error, CopydeskError):
        log.info("who is editing what is not known: %s", error)
    else:
        log.error("reading who is editing what failed", exc_info=error)
