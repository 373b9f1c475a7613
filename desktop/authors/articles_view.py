"""The articles of the profile shown: title and status; activating one asks to open it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from database.services.articles import STATUS_LABELS, ArticleSummary

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AuthorArticlesView(QTreeWidget):
    articleActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorArticles")
        self.setAccessibleName("Articles by this author")
        self.setAccessibleDescription("Press Enter or double-click to open an article.")
        self.setHeaderLabels(["Title", "Status"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.header().setAccessibleName("Article list columns")
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        self.activated.connect(self._activated)

    def show_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self.clear()
        for article in articles:
            item = QTreeWidgetItem([article.title, STATUS_LABELS[article.status]])
            item.setData(0, ARTICLE_ID_ROLE, article.id)
            item.setToolTip(0, article.title)
            self.addTopLevelItem(item)

    def article_ids(self) -> list[int]:
        return [
            int(self.topLevelItem(row).data(0, ARTICLE_ID_ROLE))
            for row in range(self.topLevelItemCount())
        ]

    def _activated(self, index: QModelIndex) -> None:
        item = self.topLevelItem(index.row())
        if item is not None:
            self.articleActivated.emit(int(item.data(0, ARTICLE_ID_ROLE)))
