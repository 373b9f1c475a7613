"""The Trash: articles deleted in the last 30 days, with who deleted them and when; Restore,
Delete forever and Empty Trash. Opened from View ▸ Trash."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.articles import STATUS_LABELS
from database.services.trash import KEEP_DAYS, TrashCount, TrashedArticle, TrashService
from desktop import plain_text
from desktop.plain_text import plain_label, tooltip_text

COLUMNS = ("Title", "Author", "Status", "Comments", "Deleted", "By", "Deleted for good")
TITLE, AUTHOR, STATUS, COMMENTS, DELETED, BY, FOREVER = range(len(COLUMNS))
EXPLANATION = (
    f"Deleted articles wait here with their comments for {KEEP_DAYS} days, then they are "
    "deleted for good. Restore brings an article back as it was, with its status and comments."
)
Button = QMessageBox.StandardButton
# Names as long as "Unnamed author (Experienced journalist…)" would squeeze the titles to a
# word: the author column is given at most this, and elides; the tooltip has the whole name.
AUTHOR_WIDTH = 170


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y %H:%M")


def confirm_delete_forever(parent: QWidget | None, count: TrashCount) -> bool:
    """ "Delete 3 articles and their 41 comments forever? This cannot be undone." """
    chosen = plain_text.ask(
        parent,
        "Delete forever",
        f"Delete {count.describe()} forever? This cannot be undone.",
        Button.Yes | Button.Cancel,
        Button.Cancel,
        icon=QMessageBox.Icon.Warning,
    )
    return chosen == Button.Yes


def confirm_move_to_trash(parent: QWidget | None, count: TrashCount) -> bool:
    """Asked when several articles are deleted at once: one question, naming how many."""
    chosen = plain_text.ask(
        parent,
        "Move to the Trash",
        f"Move {count.describe()} to the Trash? They can be restored from View ▸ Trash for "
        f"{KEEP_DAYS} days.",
        Button.Yes | Button.Cancel,
        Button.Yes,
    )
    return chosen == Button.Yes


class TrashTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.articles: list[TrashedArticle] = []

    def set_articles(self, articles: list[TrashedArticle]) -> None:
        self.beginResetModel()
        self.articles = articles
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.articles)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid():
            return None
        article = self.articles[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COMMENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        text = (
            article.title,
            article.author_name or "No author",
            STATUS_LABELS[article.status],
            f"{article.comments:,}",
            when(article.deleted_at),
            article.deleted_by or "someone",
            when(article.deleted_forever_at),
        )[index.column()]
        return tooltip_text(text) if role == Qt.ItemDataRole.ToolTipRole else text


class TrashView(QDialog):
    """Not modal: the list and the editor stay usable while it is open."""

    restored = Signal(list)  # ids of the articles back in the list
    deletedForever = Signal()
    statusMessage = Signal(str)

    def __init__(self, trash: TrashService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashView")
        self.setWindowTitle("Trash")
        self.setAccessibleName("Trash")
        self._trash = trash
        self.model = TrashTableModel(self)

        explanation = plain_label(EXPLANATION, self, "trashExplanation")
        explanation.setWordWrap(True)
        self.table = self._build_table()
        self.empty_state = plain_label("The Trash is empty.", self, "trashEmptyState")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pages = QStackedWidget(self)
        self._pages.addWidget(self.table)
        self._pages.addWidget(self.empty_state)
        self.count_label = plain_label("", self, "trashCount")

        self.restore_button = self._button("Restore", "trashRestore", self.restore_selected)
        self.restore_button.setToolTip("Back to the article list, as it was")
        self.delete_button = self._button(
            "Delete forever…", "trashDeleteForever", self.delete_selected_forever
        )
        self.empty_button = self._button("Empty Trash…", "trashEmpty", self.empty_trash)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.empty_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        self.resize(980, 480)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("trashList")
        table.setAccessibleName("Articles in the Trash")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AUTHOR, QHeaderView.ResizeMode.Interactive)
        return table

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the Trash again, keeping the selection of what is still there."""
        selected = set(self.selected_ids())
        try:
            articles = self._trash.list()
        except CopydeskError as error:
            self.statusMessage.emit(f"The Trash could not be read: {error}")
            return
        self.model.set_articles(articles)
        wanted = self.table.sizeHintForColumn(AUTHOR) if articles else 0
        header_width = self.table.horizontalHeader().sectionSizeHint(AUTHOR)
        self.table.setColumnWidth(AUTHOR, min(max(wanted, header_width), AUTHOR_WIDTH))
        selection = self.table.selectionModel()
        for row, article in enumerate(articles):
            if article.id in selected:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        self._pages.setCurrentWidget(self.table if articles else self.empty_state)
        comments = sum(article.comments for article in articles)
        self.count_label.setText(
            TrashCount(len(articles), comments).describe() + " in the Trash" if articles else ""
        )
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.articles[row].id for row in rows if row < len(self.model.articles)]

    def select_all(self) -> None:
        self.table.selectAll()

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_ids())
        self.restore_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.empty_button.setEnabled(bool(self.model.articles))

    # --- acting ----------------------------------------------------------------------------

    def restore_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        try:
            restored = self._trash.restore(ids)
        except CopydeskError as error:
            plain_text.warn(self, "Not restored", str(error))
            return False
        self.refresh()
        self.statusMessage.emit(f"Restored {restored.describe()}.")
        self.restored.emit(ids)
        return True

    def delete_selected_forever(self) -> bool:
        ids = self.selected_ids()
        return bool(ids) and self._delete_forever(ids)

    def empty_trash(self) -> bool:
        try:
            # Read afresh: another desk may have added to the Trash since it was shown. What
            # the question names is exactly what goes.
            ids = [article.id for article in self._trash.list()]
        except CopydeskError as error:
            plain_text.warn(self, "Not deleted", str(error))
            return False
        return bool(ids) and self._delete_forever(ids)

    def _delete_forever(self, ids: list[int]) -> bool:
        try:
            count = self._trash.count(ids)
            if not count.articles or not confirm_delete_forever(self, count):
                return False
            deleted = self._trash.delete_forever(ids)
        except CopydeskError as error:
            plain_text.warn(self, "Not deleted", str(error))
            return False
        self.refresh()
        self.statusMessage.emit(f"Deleted {deleted.describe()} forever.")
        self.deletedForever.emit()
        return True
