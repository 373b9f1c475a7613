"""View ▸ Desk figures…: words filed per person per day, and articles waiting in review.

A small window beside the main one (not modal: the desk keeps working). The figures are
counted off the GUI thread (a month of a busy desk reads thousands of versions), and again
when the period changes or Refresh is pressed. What "filed" means is said under the tables
(database/services/desk_figures.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.desk_figures import (
    MAX_GOAL,
    PERIODS,
    DeskFigures,
    DeskFiguresService,
    WaitingArticle,
)
from desktop import plain_text
from desktop.context import AppContext
from desktop.workers import Worker

FILED_NOTE = (
    "Words filed: the words a person's saves added to articles, by the day of the save (a "
    "save that cuts adds nothing). Imports are no one's. Waiting: since the article last "
    "went into review."
)
_SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ARTICLE_ROLE = Qt.ItemDataRole.UserRole


class _Item(QTableWidgetItem):
    """A cell that sorts by its key (numbers as numbers, times as times), not its text."""

    def __init__(self, text: str, key: object = None, *, number: bool = False) -> None:
        super().__init__(text)
        self.setData(_SORT_ROLE, key if key is not None else text.casefold())
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if number:
            self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def _whole(item: _Item) -> _Item:
    """Elided in its column: the whole text in the tooltip."""
    item.setToolTip(plain_text.tooltip_text(item.text()))
    return item


def _number(value: int) -> _Item:
    return _Item(f"{value:,}", value, number=True)


def waited_text(waited: timedelta, known: bool = True) -> str:
    """ "3 days", "5 hours", "40 min"; "or more" when the start is not known for sure."""
    minutes = int(waited.total_seconds() // 60)
    if minutes >= 24 * 60:
        days = minutes // (24 * 60)
        text = "1 day" if days == 1 else f"{days} days"
    elif minutes >= 60:
        hours = minutes // 60
        text = "1 hour" if hours == 1 else f"{hours} hours"
    else:
        text = f"{minutes} min"
    return text if known else f"{text} or more"


def _table(
    name: str, headers: Sequence[str], stretched: Sequence[int], parent: QWidget
) -> QTableWidget:
    """A read-only table whose `stretched` columns (names, titles) share the room left,
    eliding what does not fit on its one line."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretched:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header.setStretchLastSection(False)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[_Item]]) -> None:
    table.setSortingEnabled(False)
    table.setRowCount(len(rows))
    for row, cells in enumerate(rows):
        for column, cell in enumerate(cells):
            table.setItem(row, column, cell)
    table.setSortingEnabled(True)


class DeskFiguresView(QDialog):
    articleOpenRequested = Signal(int)
    figuresShown = Signal(object)  # the DeskFigures now shown

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskFiguresView")
        self.setWindowTitle("Desk figures")
        self._context = context
        self._service = DeskFiguresService(context.database.session_factory)
        self._generation = 0
        self._counting: Worker | None = None
        self.figures: DeskFigures | None = None

        self.period = QComboBox(self)
        self.period.setObjectName("deskFiguresPeriod")
        self.period.setAccessibleName("Period")
        for days in PERIODS:
            self.period.addItem(f"Last {days} days", days)
        self.goal = QSpinBox(self)
        self.goal.setObjectName("deskWordGoal")
        self.goal.setAccessibleName("Daily word goal")
        self.goal.setRange(0, MAX_GOAL)
        self.goal.setSingleStep(50)
        self.goal.setSpecialValueText("none")
        self.goal.setSuffix(" words")
        self.goal.setToolTip("The newsroom's daily word goal, the same at every desk")
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setObjectName("deskFiguresRefresh")
        self.refresh_button.setAutoDefault(False)
        self.summary = plain_text.plain_label("", self, "deskFiguresSummary")
        self.summary.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("deskFiguresTabs")
        self.words_table = _table(
            "deskWordsTable", ("Day", "Person", "Words", "Articles"), (1,), self
        )
        self.people_table = _table(
            "deskPeopleTable", ("Person", "Words", "Days", "Best day", "Days at goal"), (0,), self
        )
        self.review_table = _table(
            "deskReviewTable",
            ("Waiting", "Article", "Author", "Sent by", "In review since"),
            (1, 2),
            self,
        )
        self.review_table.setToolTip("Double-click (or Enter) to open the article")
        # Newest day, most words, longest waiting first; then as the person sorts them.
        descending = Qt.SortOrder.DescendingOrder
        for table, column in (
            (self.words_table, 0),
            (self.people_table, 1),
            (self.review_table, 0),
        ):
            table.horizontalHeader().setSortIndicator(column, descending)
        self.tabs.addTab(self.words_table, "Words filed")
        self.tabs.addTab(self.people_table, "By person")
        self.tabs.addTab(self.review_table, "Waiting in review")
        note = plain_text.plain_label(FILED_NOTE, self, "deskFiguresNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)

        controls = QHBoxLayout()
        period_label = QLabel("&Period:", self)
        period_label.setBuddy(self.period)
        goal_label = QLabel("Daily word &goal:", self)
        goal_label.setBuddy(self.goal)
        controls.addWidget(period_label)
        controls.addWidget(self.period)
        controls.addSpacing(12)
        controls.addWidget(goal_label)
        controls.addWidget(self.goal)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 480)

        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.goal.editingFinished.connect(self._goal_edited)
        self.review_table.itemActivated.connect(self._open_article)

    @property
    def days(self) -> int:
        return int(self.period.currentData())

    @property
    def counting(self) -> bool:
        return self._counting is not None

    def refresh(self) -> None:
        """Count the figures again, off the GUI thread; shown when done."""
        self._generation += 1
        generation, days, service = self._generation, self.days, self._service
        self.summary.setText("Counting…")
        worker = Worker(lambda _job: (generation, service.figures(days)))
        worker.signals.result.connect(self._counted)
        worker.signals.failed.connect(self._failed)
        worker.signals.finished.connect(self._count_finished)
        self._counting = worker
        worker.start()

    def _count_finished(self) -> None:
        self._counting = None

    def _failed(self, message: str) -> None:
        self.summary.setText(f"The figures could not be counted: {message}")

    def _counted(self, result: tuple[int, DeskFigures]) -> None:
        generation, figures = result
        if generation != self._generation:
            return  # a later period was asked for meanwhile
        self.show_figures(figures)

    def show_figures(self, figures: DeskFigures) -> None:
        self.figures = figures
        self.goal.blockSignals(True)
        self.goal.setValue(figures.daily_goal)
        self.goal.blockSignals(False)
        self.summary.setText(self._summary(figures))
        _fill(
            self.words_table,
            [
                [
                    _Item(entry.day.strftime("%a %d %b"), entry.day.toordinal()),
                    _Item(entry.person),
                    _number(entry.words),
                    _number(entry.articles),
                ]
                for entry in figures.daily
            ],
        )
        goal = figures.daily_goal
        _fill(
            self.people_table,
            [
                [
                    _Item(person.person),
                    _number(person.words),
                    _number(person.days),
                    _number(person.best_day),
                    _number(person.days_at_goal) if goal else _Item("—", -1, number=True),
                ]
                for person in figures.people
            ],
        )
        _fill(
            self.review_table, [self._waiting_row(a, figures.computed_at) for a in figures.waiting]
        )
        self.figuresShown.emit(figures)

    def _waiting_row(self, article: WaitingArticle, now: datetime) -> list[_Item]:
        waited = article.waited(now)
        first = _Item(waited_text(waited, article.since_known), waited.total_seconds(), number=True)
        first.setData(_ARTICLE_ROLE, article.article_id)
        since = article.since.astimezone().strftime("%d %b %Y %H:%M")
        return [
            first,
            _whole(_Item(article.title)),
            _whole(_Item(article.author_name or "(no author)")),
            _Item(article.sent_by or "(not recorded)"),
            _Item(since, article.since.timestamp()),
        ]

    @staticmethod
    def _summary(figures: DeskFigures) -> str:
        people = len(figures.people)
        who = "1 person" if people == 1 else f"{people} people"
        words = f"{figures.total_words:,} words filed by {who}" if people else "No words filed"
        period = f"{figures.first_day:%d %b} – {figures.last_day:%d %b}"
        if not figures.waiting_count:
            waiting = "nothing waiting in review"
        else:
            longest = figures.waiting[0]
            count = figures.waiting_count
            articles = "1 article" if count == 1 else f"{count:,} articles"
            waited = waited_text(longest.waited(figures.computed_at), longest.since_known)
            waiting = f"{articles} waiting in review, the longest for {waited}"
        return f"{words} ({period}); {waiting}."

    def _goal_edited(self) -> None:
        words = self.goal.value()
        if self.figures is not None and words == self.figures.daily_goal:
            return
        try:
            self._service.set_daily_goal(words, user=self._context.user_name)
        except CopydeskError as error:
            self.summary.setText(f"The daily word goal was not saved: {error}")
            return
        self.refresh()

    def _open_article(self, item: QTableWidgetItem) -> None:
        first = self.review_table.item(item.row(), 0)
        article_id = first.data(_ARTICLE_ROLE) if first is not None else None
        if isinstance(article_id, int):
            self.articleOpenRequested.emit(article_id)


__all__ = ["DeskFiguresView", "waited_text"]
