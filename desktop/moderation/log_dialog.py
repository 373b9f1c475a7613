"""The moderation log: every change of a comment's status, newest first, filterable."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from database.services.moderation_log import LogEntry, LogFilter, ModerationLogService
from database.statuses import CommentStatus
from desktop.moderation.statistics_tables import figures_table, model_of, text_cell
from desktop.plain_text import plain_label, tooltip_text

PAGE = 500
COLUMNS = ("When", "Who", "From", "To", "Reason", "Comment", "Article")
# What made a change other than a decision by hand, after its reason.
_ACTIONS = {"undo": "undo", "rules": "by the rules"}


def reason_text(entry: LogEntry) -> str:
    """ "abuse", "undo", "by the rules", or "" for a decision without a reason."""
    made_by = _ACTIONS.get(entry.action or "", "")
    return " · ".join(part for part in (entry.reason or "", made_by) if part)


class LogTableModel(QAbstractTableModel):
    """A page of log entries (the log can be long: more are fetched on request)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[LogEntry] = []

    def set_entries(self, entries: list[LogEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

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
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        entry = self.entries[index.row()]
        values = (
            entry.changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            entry.changed_by,
            entry.from_status.value,
            entry.to_status.value,
            reason_text(entry),
            entry.excerpt,
            entry.article_title,
        )
        if role == Qt.ItemDataRole.ToolTipRole:  # names, comments and titles, as written
            return tooltip_text(values[index.column()])
        return values[index.column()]


def _start_of(date: QDate) -> datetime:
    """Local midnight at the start of `date`, in UTC."""
    local = datetime.combine(date.toPython(), time()).astimezone()  # type: ignore[arg-type]
    return local.astimezone(UTC)


class ModerationLogDialog(QDialog):
    def __init__(self, log: ModerationLogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationLogDialog")
        self.setWindowTitle("Moderation log")
        self._log = log
        self._limit = PAGE

        self.user = QComboBox()
        self.user.setObjectName("logUser")
        self.user.addItem("Everyone", None)
        for name in log.users():
            self.user.addItem(name or "(no name)", name)
        self.status = QComboBox()
        self.status.setObjectName("logStatus")
        self.status.addItem("Any change", None)
        for status in CommentStatus:
            self.status.addItem(f"to {status.value}", status)
        today = QDate.currentDate()
        self.use_since = QCheckBox("From")
        self.since = QDateEdit(today.addDays(-7))
        self.use_until = QCheckBox("to")
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.text = QLineEdit()
        self.text.setObjectName("logSearch")
        self.text.setPlaceholderText("Words of the comment, or a name")
        self.text.setClearButtonEnabled(True)

        self.model = LogTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("moderationLog")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((140, 100, 70, 70, 110, 300)):
            self.table.setColumnWidth(column, width)
        self.summary = plain_label(name="logSummary")
        self.more = QPushButton(f"Show {PAGE} more")
        self.more.clicked.connect(self._show_more)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.text.textChanged.connect(self._debounce.start)
        self.text.returnPressed.connect(self.apply_filter)
        for combo in (self.user, self.status):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.use_since, self.use_until):
            box.toggled.connect(self.apply_filter)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.apply_filter)

        filters = QHBoxLayout()
        for widget in (
            self.user,
            self.status,
            self.use_since,
            self.since,
            self.use_until,
            self.until,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.summary, 1)
        footer.addWidget(self.more)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        footer.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        # Every change of the rules (who, when, before → after), on a page of its own.
        self.rule_changes = figures_table(
            "moderationRuleChanges",
            ("When", "Who", "What changed"),
            stretched=(2,),
            numeric=(),
            sorted_by=0,
            parent=self,
        )
        model_of(self.rule_changes).set_rows(
            [
                (
                    (change.changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                     change.changed_at.timestamp()),
                    text_cell(change.changed_by or "(no name)"),
                    text_cell("; ".join(change.describe()) or "(saved, nothing changed)"),
                )
                for change in log.rule_changes()
            ]
        )  # fmt: skip
        self.pages = QTabWidget()
        self.pages.setObjectName("moderationLogPages")
        self.pages.addTab(self.table, "Comments")
        self.pages.addTab(self.rule_changes, "Rule changes")
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)
        self.resize(980, 560)
        self.apply_filter()

    def filters(self) -> LogFilter:
        return LogFilter(
            user=self.user.currentData(),
            to_status=self.status.currentData(),
            since=_start_of(self.since.date()) if self.use_since.isChecked() else None,
            # The "to" day is included: the range ends at the midnight after it.
            until=_start_of(self.until.date()) + timedelta(days=1)
            if self.use_until.isChecked()
            else None,
            text=self.text.text(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self._limit = PAGE
        self._load()

    def _show_more(self) -> None:
        self._limit += PAGE
        self._load()

    def _load(self) -> None:
        filters = self.filters()
        total = self._log.count(filters)
        self.model.set_entries(self._log.entries(filters, limit=self._limit))
        shown = len(self.model.entries)
        self.summary.setText(
            f"{total:,} changes" if shown == total else f"The newest {shown:,} of {total:,} changes"
        )
        self.more.setEnabled(shown < total)


def show_log(parent: QWidget | None, log: ModerationLogService) -> None:
    dialog = ModerationLogDialog(log, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
