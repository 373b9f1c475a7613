"""Moderation ▸ Moderation statistics…: decisions per moderator per day (a chart and
tables), the time from arrival to decision, the oldest pending comment, why comments were
held; over a chosen period, exported to CSV.

A window beside the main one (not modal: the queue keeps working). The figures are counted
by an op, off the GUI thread, again when the period changes or Refresh is pressed; the tables
keep what they show until the new figures arrive.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from database.services.moderation_stats import (
    PERIODS,
    ModerationStatistics,
    ModerationStatisticsService,
    ReasonCount,
)
from desktop import dialogs, plain_text
from desktop.articles.desk_figures_view import waited_text
from desktop.context import AppContext
from desktop.moderation.statistics_chart import DecisionsChart
from desktop.moderation.statistics_tables import (
    Cell,
    figures_table,
    model_of,
    number_cell,
    text_cell,
)
from desktop.operations import Newest, describe_failure, op

NOTE = (
    "Decisions: comments approved, rejected or marked spam by hand (undone ones taken back); "
    "the rules applied to the queue are counted apart. Wait: from a comment's arrival to its "
    "decision. Held because: comments that arrived in the period and were held, by the first "
    "rule that matched."
)


def period_name(days: int) -> str:
    return "Today" if days == 1 else f"Last {days} days"


def wait_text(wait: timedelta | None) -> str:
    return "—" if wait is None else waited_text(wait)


def _wait_cell(wait: timedelta | None) -> Cell:
    return wait_text(wait), -1 if wait is None else wait.total_seconds()


def _name_cell(name: str) -> Cell:
    return text_cell(name or "(no name)")


def summary_text(figures: ModerationStatistics) -> str:
    people = len(figures.moderators)
    who = "1 moderator" if people == 1 else f"{people} moderators"
    decided = f"{figures.decisions:,} decisions by {who}" if people else "No decisions"
    period = f"{figures.first_day:%d %b} – {figures.last_day:%d %b %Y}"
    parts = [f"{decided} ({period})"]
    if figures.median_wait is not None:
        parts.append(f"median wait for a decision {waited_text(figures.median_wait)}")
    oldest = figures.oldest_pending
    if oldest is None:
        parts.append("nothing pending")
    else:
        waited = waited_text(oldest.waited(figures.computed_at))
        parts.append(f"the oldest pending comment has waited {waited}")
    if figures.spam_by_rules:
        parts.append(f"{figures.spam_by_rules:,} sent to spam by the rules")
    return "; ".join(parts) + "."


def csv_rows(figures: ModerationStatistics) -> list[list[str]]:
    """The figures as one table a spreadsheet reads: a section column, then the values."""
    rows = [["section", "day", "moderator", "approved", "rejected", "spam", "decisions", "value"]]
    for entry in figures.daily:
        rows.append(
            [
                "per day",
                entry.day.isoformat(),
                entry.moderator,
                str(entry.approved),
                str(entry.rejected),
                str(entry.spam),
                str(entry.decisions),
                "",
            ]
        )
    for total in figures.moderators:
        wait = "" if total.median_wait is None else str(int(total.median_wait.total_seconds()))
        rows.append(
            [
                "per moderator (median wait, seconds)",
                "",
                total.moderator,
                str(total.approved),
                str(total.rejected),
                str(total.spam),
                str(total.decisions),
                wait,
            ]
        )
    for held in figures.held_because:
        rows.append(["held because", "", "", "", "", "", "", f"{held.reason}: {held.count}"])
    for given in figures.decision_reasons:
        rows.append(["reason given", "", "", "", "", "", "", f"{given.reason}: {given.count}"])
    if figures.oldest_pending is not None:
        arrived = figures.oldest_pending.received_at.isoformat()
        rows.append(["oldest pending", "", "", "", "", "", "", arrived])
    return [[_safe_cell(cell) for cell in row] for row in rows]


def _safe_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a name "=cmd|…")."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


class ModerationStatisticsView(QDialog):
    figuresShown = Signal(object)  # the ModerationStatistics now shown
    exported = Signal(str)  # the CSV file written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationStatistics")
        self.setWindowTitle("Moderation statistics")
        self._service = ModerationStatisticsService(context.database.session_factory)
        self._reads = Newest()
        self.figures: ModerationStatistics | None = None

        self.period = QComboBox(self)
        self.period.setObjectName("moderationStatisticsPeriod")
        self.period.setAccessibleName("Period")
        for days in PERIODS:
            self.period.addItem(period_name(days), days)
        self.period.setCurrentIndex(PERIODS.index(7))
        self.refresh_button = QPushButton("&Refresh", self)
        self.refresh_button.setObjectName("moderationStatisticsRefresh")
        self.refresh_button.setAutoDefault(False)
        self.export_button = QPushButton("&Export CSV…", self)
        self.export_button.setObjectName("moderationStatisticsExport")
        self.export_button.setAutoDefault(False)
        self.export_button.setEnabled(False)
        self.summary = plain_text.plain_label("", self, "moderationStatisticsSummary")
        self.summary.setWordWrap(True)
        self.chart = DecisionsChart(self)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("moderationStatisticsTabs")
        # Most decisions, the newest day, the most held first; then as the person sorts them.
        self.moderators_table = figures_table(
            "moderationStatisticsModerators",
            ("Moderator", "Decisions", "Approved", "Rejected", "Spam", "Days", "Median wait"),
            stretched=(0,),
            numeric=(1, 2, 3, 4, 5, 6),
            sorted_by=1,
            parent=self,
        )
        self.days_table = figures_table(
            "moderationStatisticsDays",
            ("Day", "Moderator", "Decisions", "Approved", "Rejected", "Spam"),
            stretched=(1,),
            numeric=(2, 3, 4, 5),
            sorted_by=0,
            parent=self,
        )
        self.held_table = figures_table(
            "moderationStatisticsHeld",
            ("Held because", "Comments"),
            stretched=(0,),
            numeric=(1,),
            sorted_by=1,
            parent=self,
        )
        self.reasons_table = figures_table(
            "moderationStatisticsReasons",
            ("Reason given", "Decisions"),
            stretched=(0,),
            numeric=(1,),
            sorted_by=1,
            parent=self,
        )
        self.tabs.addTab(self.moderators_table, "Per moderator")
        self.tabs.addTab(self.days_table, "Per day")
        self.tabs.addTab(self.held_table, "Held because")
        self.tabs.addTab(self.reasons_table, "Reasons given")
        note = plain_text.plain_label(NOTE, self, "moderationStatisticsNote")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)

        controls = QHBoxLayout()
        label = QLabel("&Period:", self)
        label.setBuddy(self.period)
        controls.addWidget(label)
        controls.addWidget(self.period)
        controls.addStretch(1)
        controls.addWidget(self.refresh_button)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(760, 620)

        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.export_csv)

    @property
    def days(self) -> int:
        return int(self.period.currentData())

    @property
    def counting(self) -> bool:
        return self._reads.busy

    def refresh(self) -> None:
        """Count the figures again, off the GUI thread; shown when they arrive."""
        days, service = self.days, self._service
        self.summary.setText("Counting…" if self.figures is None else "Updating…")
        self._reads.run(
            op(self, lambda: service.statistics(days), title="Moderation statistics")
            .success(self.show_figures)
            .failure(self._failed)
        )

    def _failed(self, error: Exception) -> None:
        self.summary.setText(f"The figures could not be counted: {describe_failure(error)}")

    def show_figures(self, figures: ModerationStatistics) -> None:
        self.figures = figures
        self.summary.setText(summary_text(figures))
        self.chart.show_statistics(figures)
        model_of(self.moderators_table).set_rows(
            [
                (
                    _name_cell(total.moderator),
                    number_cell(total.decisions),
                    number_cell(total.approved),
                    number_cell(total.rejected),
                    number_cell(total.spam),
                    number_cell(total.days),
                    _wait_cell(total.median_wait),
                )
                for total in figures.moderators
            ]
        )
        model_of(self.days_table).set_rows(
            [
                (
                    (entry.day.strftime("%a %d %b"), entry.day.toordinal()),
                    _name_cell(entry.moderator),
                    number_cell(entry.decisions),
                    number_cell(entry.approved),
                    number_cell(entry.rejected),
                    number_cell(entry.spam),
                )
                for entry in figures.daily
            ]
        )
        model_of(self.held_table).set_rows(_reason_rows(figures.held_because))
        model_of(self.reasons_table).set_rows(_reason_rows(figures.decision_reasons))
        self.export_button.setEnabled(True)
        self.figuresShown.emit(figures)

    def export_csv(self) -> None:
        figures = self.figures
        if figures is None:
            return
        suggested = f"moderation-{figures.first_day:%Y-%m-%d}-{figures.last_day:%Y-%m-%d}.csv"
        path = dialogs.choose_csv_file(self, "Export moderation statistics", suggested)
        if path is None:
            return
        try:
            with Path(path).open("w", encoding="utf-8", newline="") as file:
                csv.writer(file).writerows(csv_rows(figures))
        except OSError as error:
            dialogs.show_error(self, "Export moderation statistics", f"Not saved: {error}")
            return
        self.summary.setText(f"{summary_text(figures)} Saved to {path}.")
        self.exported.emit(path)


def _reason_rows(counts: Sequence[ReasonCount]) -> list[tuple[Cell, Cell]]:
    return [(text_cell(count.reason), number_cell(count.count)) for count in counts]


def show_statistics(parent: QWidget, context: AppContext) -> ModerationStatisticsView:
    """The one statistics window of `parent`, shown (made the first time) and counting."""
    view = parent.findChild(ModerationStatisticsView, "moderationStatistics")
    if view is None:
        view = ModerationStatisticsView(context, parent)
    view.show()
    view.raise_()
    view.activateWindow()
    view.refresh()
    return view


__all__ = ["ModerationStatisticsView", "csv_rows", "show_statistics", "summary_text"]
