"""The left side of the Authors area: search, the needs-a-name filter, the list, its buttons."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from database.services.authors import AuthorService
from desktop.authors.list_model import (
    AUTHOR_ID_ROLE,
    LIST_PHOTO_SIDE,
    NEEDS_NAME_TEXT,
    AuthorListModel,
    Column,
)
from desktop.widgets.search_field import SearchField


def named_button(text: str, name: str, accessible: str, parent: QWidget) -> QPushButton:
    """A push button with its object name (automation) and accessible name set."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    return button


class AuthorListPane(QWidget):
    """Shows the author the panel says is open; reports when the user moves to another.

    The pane never opens an author itself: the panel decides (it may have unsaved changes to
    settle) and then calls `select`, also to put the selection back when the user cancels.
    """

    authorChosen = Signal(int)

    def __init__(self, authors: AuthorService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AuthorListModel(authors, self)
        self._selected: int | None = None
        # Set while the pane moves the selection itself, which is then nobody's choice.
        self._syncing = False
        # The user's move is reported after the click or key press that made it is over: a
        # question asked, and a selection put back, in the middle of it would be undone.
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(0)
        self._follow_timer.timeout.connect(self._follow)

        self.search_edit = SearchField(self)
        self.search_edit.setObjectName("authorSearch")
        self.search_edit.setAccessibleName("Search authors")
        self.search_edit.setPlaceholderText("Search name, bio, email, specialties")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.reload)
        self.needs_name_filter = QCheckBox("Only those who &need a name", self)
        self.needs_name_filter.setObjectName("authorNeedsNameFilter")
        self.needs_name_filter.setAccessibleName("Needs a name")
        self.needs_name_filter.toggled.connect(self.reload)
        self.list_view = self._build_view()
        self.new_button = named_button("&New author", "authorNewButton", "New author", self)
        self.merge_button = named_button("&Merge…", "authorMergeButton", "Merge authors", self)
        self.delete_button = named_button("&Delete…", "authorDeleteButton", "Delete author", self)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.merge_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.needs_name_filter)
        layout.addWidget(self.list_view, 1)
        layout.addLayout(buttons)

    def _build_view(self) -> QTreeView:
        view = QTreeView(self)
        view.setObjectName("authorList")
        view.setAccessibleName("Authors")
        view.setModel(self.model)
        view.setRootIsDecorated(False)
        view.setUniformRowHeights(True)
        view.setAlternatingRowColors(True)
        view.setIconSize(QSize(LIST_PHOTO_SIDE, LIST_PHOTO_SIDE))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = view.header()
        header.setAccessibleName("Author list columns")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        # Sized for their header and their widest cell (a six-digit count; the warning icon
        # and "Needs a name"), not measured over every row: ResizeToContents asked the model
        # for every author's cells on each change.
        metrics, padding = view.fontMetrics(), 16
        widest = {
            Column.ARTICLES: metrics.horizontalAdvance("000,000") + padding,
            Column.ATTENTION: view.iconSize().width()
            + metrics.horizontalAdvance(NEEDS_NAME_TEXT)
            + padding,
        }
        for column, width in widest.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, max(header.sectionSizeFromContents(column).width(), width))
        view.selectionModel().currentRowChanged.connect(self._moved)
        return view

    def reload(self) -> None:
        """Query the list again with the current search and filter; the selection stays."""
        self._syncing = True
        try:
            self.model.load(
                self.search_edit.text(), needs_name_only=self.needs_name_filter.isChecked()
            )
        finally:
            self._syncing = False
        self.select(self._selected)

    def select(self, author_id: int | None) -> None:
        """Mark `author_id` as the open author (no row if it is filtered out, or None)."""
        self._selected = author_id
        row = self.model.row_of(author_id)
        selection = self.list_view.selectionModel()
        self._syncing = True
        try:
            if row is None:
                selection.clear()
            else:
                index = self.model.index(row, Column.NAME)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.list_view.scrollTo(index)
        finally:
            self._syncing = False

    def shows(self, author_id: int) -> bool:
        return self.model.row_of(author_id) is not None

    def is_filtered(self) -> bool:
        return bool(self.search_edit.text()) or self.needs_name_filter.isChecked()

    def clear_filters(self) -> None:
        for control in (self.search_edit, self.needs_name_filter):
            control.blockSignals(True)
        self.search_edit.clear()
        self.needs_name_filter.setChecked(False)
        for control in (self.search_edit, self.needs_name_filter):
            control.blockSignals(False)
        self.reload()

    def _moved(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._syncing:
            self._follow_timer.start()

    def _follow(self) -> None:
        author_id = self.list_view.currentIndex().data(AUTHOR_ID_ROLE)
        if isinstance(author_id, int) and author_id != self._selected:
            self.authorChosen.emit(author_id)
