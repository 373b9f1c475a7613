"""Which comments the queue shows: a status tab, an article, a held reason, search words.

The article is typed and chosen among a few suggestions (article_filter.py); the held
reasons come from the panel, which reads them in the background for each status.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTabBar, QVBoxLayout, QWidget

from database.services.comments import CommentFilter, CommentService, FilterChoice
from database.statuses import CommentStatus
from desktop.moderation.article_filter import ArticleFilter

# The queues, in tab order; None is "All".
QUEUES: tuple[tuple[CommentStatus | None, str], ...] = (
    (CommentStatus.PENDING, "Pending"),
    (CommentStatus.APPROVED, "Approved"),
    (CommentStatus.SPAM, "Spam"),
    (CommentStatus.REJECTED, "Rejected"),
    (None, "All"),
)
SEARCH_DELAY_MS = 300


class SearchBox(QLineEdit):
    """Enter searches at once and Escape gives up; both hand the keyboard back to the queue."""

    done = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            if event.key() == Qt.Key.Key_Escape and self.text():
                self.clear()
            self.done.emit()
            return
        super().keyPressEvent(event)


class QueueFilterBar(QWidget):
    filterChanged = Signal()
    searchDone = Signal()

    def __init__(self, comments: CommentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabBar()
        self.tabs.setObjectName("moderationQueues")
        self.tabs.setDrawBase(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for _status, name in QUEUES:
            self.tabs.addTab(name)
        self.article = ArticleFilter(comments, self.status)
        self.reason = QComboBox()
        self.reason.setObjectName("commentReasonFilter")
        self.reason.setAccessibleName("Held because")
        self.reason.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reason.setMinimumContentsLength(16)
        self.search = SearchBox()
        self.search.setObjectName("commentSearch")
        self.search.setAccessibleName("Search comments")
        self.search.setPlaceholderText("Search comments (/)")
        self.search.setClearButtonEnabled(True)
        self.set_reasons([])

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.filterChanged)
        self._applied_search = ""
        self.search.textChanged.connect(self._debounce.start)
        self.search.done.connect(self._search_done)
        self.tabs.currentChanged.connect(self.filterChanged)
        self.article.chosen.connect(self.filterChanged)
        self.reason.activated.connect(self.filterChanged)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.article, 2)
        row.addWidget(self.reason, 1)
        row.addWidget(self.search, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        layout.addLayout(row)

    def status(self) -> CommentStatus | None:
        return QUEUES[max(self.tabs.currentIndex(), 0)][0]

    def filters(self) -> CommentFilter:
        self._debounce.stop()
        self._applied_search = self.search.text()
        return CommentFilter(
            status=self.status(),
            article_id=self.article.article_id(),
            held_reason=self.reason.currentData(),
            search=self.search.text(),
        )

    def describe(self) -> str:
        """The filter in words, for a confirmation: 'Pending, article “…”, search “…”'."""
        parts = [QUEUES[max(self.tabs.currentIndex(), 0)][1]]
        if self.article.article_id() is not None:
            parts.append(f"article “{self.article.label()}”")
        if self.reason.currentData() is not None:
            parts.append(f"held because “{self.reason.currentData()}”")
        if self.search.text().strip():
            parts.append(f"containing “{self.search.text().strip()}”")
        return ", ".join(parts)

    def set_counts(self, counts: dict[CommentStatus, int]) -> None:
        for tab, (status, name) in enumerate(QUEUES):
            count = sum(counts.values()) if status is None else counts.get(status, 0)
            self.tabs.setTabText(tab, f"{name} ({count:,})")

    def set_reasons(self, reasons: list[FilterChoice]) -> None:
        """The held reasons of the queue's status; the one chosen stays chosen even at 0."""
        self._fill(self.reason, "Any reason", reasons)

    @staticmethod
    def _fill(combo: QComboBox, everything: str, choices: list[FilterChoice]) -> None:
        chosen = combo.currentData()
        chosen_label = combo.itemData(combo.currentIndex(), Qt.ItemDataRole.UserRole + 1)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for choice in choices:
            combo.addItem(f"{choice.label} ({choice.count:,})", choice.value)
            combo.setItemData(combo.count() - 1, choice.label, Qt.ItemDataRole.UserRole + 1)
        if chosen is not None:
            found = combo.findData(chosen)
            if found < 0:
                combo.addItem(f"{chosen_label} (0)", chosen)
                combo.setItemData(combo.count() - 1, chosen_label, Qt.ItemDataRole.UserRole + 1)
                found = combo.count() - 1
            combo.setCurrentIndex(found)
        combo.blockSignals(False)

    def choose_article(self, article_id: int | None, title: str | None = None) -> bool:
        """Narrow the queue to an article (its title read if not given), or None: all."""
        self.article.choose(article_id, title)
        self.filterChanged.emit()
        return True

    def choose_reason(self, reason: str | None) -> bool:
        return self._choose(self.reason, reason)

    def _choose(self, combo: QComboBox, value: int | str | None) -> bool:
        found = 0 if value is None else combo.findData(value)
        if found < 0:
            return False
        combo.setCurrentIndex(found)
        self.filterChanged.emit()
        return True

    def _search_done(self) -> None:
        if self.search.text() != self._applied_search:
            self.filterChanged.emit()
        self.searchDone.emit()
