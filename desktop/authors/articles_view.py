"""The articles of the profile shown: title, status, last change; activating one opens it.

A prolific author can have thousands of articles, so this is the article list's own lazy
model, filtered to the author, not a widget filled with every row.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from database.services.articles import ArticleFilter, ArticleService
from desktop.articles.list_model import ArticleListModel, Column

SHOWN_COLUMNS = (Column.TITLE, Column.STATUS, Column.UPDATED)


class AuthorArticlesView(QTableView):
    articleActivated = Signal(int)

    def __init__(self, articles: ArticleService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorArticles")
        self.setAccessibleName("Articles by this author")
        self.setAccessibleDescription("Press Enter or double-click to open an article.")
        # Nobody's articles until an author is shown: not all of them read first, only to go.
        self.articles_model = ArticleListModel(articles, self, filters=ArticleFilter(author_id=-1))
        self.setModel(self.articles_model)
        for column in Column:
            self.setColumnHidden(column, column not in SHOWN_COLUMNS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSortingEnabled(True)
        self.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setAccessibleName("Article rows")
        rows.hide()
        columns = self.horizontalHeader()
        columns.setAccessibleName("Article list columns")
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        columns.resizeSection(Column.STATUS, 90)
        columns.resizeSection(Column.UPDATED, 130)
        self.activated.connect(self._activated)

    def show_author(self, author_id: int | None) -> None:
        self.articles_model.set_filter(
            ArticleFilter(author_id=-1 if author_id is None else author_id)
        )

    def refresh(self) -> None:
        self.articles_model.refresh()

    def row_count(self) -> int:
        return self.articles_model.rowCount()

    def row_texts(self, row: int) -> tuple[str, str]:
        """Title and status as shown in `row`."""
        return (
            str(self.articles_model.index(row, Column.TITLE).data()),
            str(self.articles_model.index(row, Column.STATUS).data()),
        )

    def article_ids(self) -> list[int]:
        return [self.articles_model.article_id(row) for row in range(self.row_count())]

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.articleActivated.emit(self.articles_model.article_id(index.row()))
