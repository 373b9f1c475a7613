"""The author list: name (with photo), number of articles, and whether a name is still needed."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from database.services.authors import AuthorService, AuthorSummary
from desktop.authors.photo_widget import author_photo_pixmap
from desktop.plain_text import tooltip_text

AUTHOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NEEDS_NAME_ROLE = Qt.ItemDataRole.UserRole + 2
LIST_PHOTO_SIDE = 24
NEEDS_NAME_TEXT = "Needs a name"
NEEDS_NAME_TIP = "Created by an import and known only by the bio: give this author a name."

Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    NAME = 0
    ARTICLES = 1
    ATTENTION = 2


HEADERS = {Column.NAME: "Author", Column.ARTICLES: "Articles", Column.ATTENTION: "Attention"}


class AuthorListModel(QAbstractTableModel):
    """Rows from AuthorService.list; photos are fetched only for rows a view shows."""

    def __init__(self, authors: AuthorService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._authors = authors
        self._rows: list[AuthorSummary] = []
        self._icons: dict[int, QIcon] = {}

    def load(self, search: str = "", *, needs_name_only: bool = False) -> None:
        rows = self._authors.list(search, needs_name_only=needs_name_only)
        self.beginResetModel()
        self._rows = rows
        # A photo may have changed with any save: icons are rebuilt rather than tracked.
        self._icons.clear()
        self.endResetModel()

    def summary(self, row: int) -> AuthorSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def summaries(self) -> list[AuthorSummary]:
        return list(self._rows)

    def row_of(self, author_id: int | None) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == author_id:
                return row
        return None

    # --- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary = self.summary(index.row()) if index.isValid() else None
        if summary is None:
            return None
        column = Column(index.column())
        if role == AUTHOR_ID_ROLE:
            return summary.id
        if role == NEEDS_NAME_ROLE:
            return summary.needs_name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(summary, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(summary, column)
        if role == Qt.ItemDataRole.FontRole and column is Column.NAME and summary.needs_name:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.ARTICLES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(summary: AuthorSummary, column: Column) -> str:
        if column is Column.NAME:
            return summary.display_name
        if column is Column.ARTICLES:
            return str(summary.article_count)
        return NEEDS_NAME_TEXT if summary.needs_name else ""

    @staticmethod
    def _tooltip(summary: AuthorSummary, column: Column) -> str | None:
        if column is not Column.NAME:
            return NEEDS_NAME_TIP if summary.needs_name else None
        # A long name is elided in its column: the tooltip has it whole, as typed.
        lines = [summary.display_name] + ([NEEDS_NAME_TIP] if summary.needs_name else [])
        return tooltip_text("\n".join(lines))

    def _decoration(self, summary: AuthorSummary, column: Column) -> QIcon | None:
        if column is Column.ATTENTION and summary.needs_name:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if column is not Column.NAME:
            return None
        icon = self._icons.get(summary.id)
        if icon is None:
            photo = self._authors.photo(summary.id) if summary.has_photo else None
            icon = QIcon(author_photo_pixmap(photo, LIST_PHOTO_SIDE))
            self._icons[summary.id] = icon
        return icon
