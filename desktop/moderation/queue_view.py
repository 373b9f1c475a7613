"""The queue's table: fixed row heights and nothing that reads every row."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.moderation.queue_model import ARTICLE, COMMENT, REASON, RECEIVED, STATUS


class CommentQueueView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentQueue")
        self.setAccessibleName("Comment queue")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # The selection shows the current comment; marks (X) are what bulk keys act on.
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # Fixed heights let the view place a million rows without measuring one.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.horizontalHeader()
        horizontal.setHighlightSections(False)
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(False)
        # The comment takes what the other columns leave: at 1024 px they all stay in view.
        horizontal.setMinimumSectionSize(60)
        # Keys typed with Shift on some layouts ("?" is Shift+/ on most): a shortcut for "?"
        # does not match Shift+? everywhere, so the typed character is looked at as well.
        self.typed_keys: dict[str, QAction] = {}
        self._default_widths = {ARTICLE: 150, RECEIVED: 95, REASON: 120, STATUS: 75}

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def]
        super().setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        for column, width in self._default_widths.items():
            # Never narrower than the column's title.
            self.setColumnWidth(column, max(width, header.sectionSizeFromContents(column).width()))

    def show_status_column(self, visible: bool) -> None:
        self.setColumnHidden(STATUS, not visible)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.typed_keys.get(event.text())
        if action is not None and action.isEnabled() and not action.shortcut().isEmpty():
            action.trigger()
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        # Letters are triage keys here; and typing-to-find would read every row of the queue.
        return
