"""After an import: every file with its outcome, and conflicts resolved from here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from database.services.importing import ConflictPolicy, FileResult, ImportSummary, Outcome
from desktop.importing.hidden_notice import HiddenArticlesNotice
from desktop.importing.report_model import (
    DETAILS_COLUMN,
    NAME_COLUMN,
    OUTCOME_COLUMN,
    ImportReportModel,
)

ConflictResolver = Callable[[FileResult, ConflictPolicy], FileResult]


class ImportReportDialog(QDialog):
    def __init__(
        self, summary: ImportSummary, resolver: ConflictResolver, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.setWindowTitle("Import report")
        self.resize(900, 480)
        self._resolver = resolver
        self._cancelled = summary.cancelled
        self.model = ImportReportModel(summary.results, self)

        self.summary_label = QLabel(summary.describe())
        self.summary_label.setObjectName("importSummary")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.problems_only = QCheckBox("Show only conflicts and failures")
        self.problems_only.setAccessibleName("Show only conflicts and failures")
        self.problems_only.toggled.connect(self.model.set_problems_only)

        self.table = QTableView()
        self.table.setObjectName("importReportTable")
        self.table.setAccessibleName("Files imported")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        # Long paths keep both ends, the folder they start in and the file's name; the
        # tooltip has them whole.
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NAME_COLUMN, 260)
        header.resizeSection(OUTCOME_COLUMN, 90)
        header.resizeSection(DETAILS_COLUMN, 260)
        header.setStretchLastSection(True)  # the path
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.keep_ours = QPushButton("Keep ours")
        self.keep_ours.setToolTip("Leave the article in Copydesk as it is; ignore the file")
        self.replace = QPushButton("Replace with the file")
        self.replace.setToolTip("Put the file's text in the article; the old text stays a revision")
        self.keep_both = QPushButton("Keep both")
        self.keep_both.setToolTip("Import the file as a second article with the same title")
        for button, policy in (
            (self.keep_ours, ConflictPolicy.REPORT),
            (self.replace, ConflictPolicy.REPLACE),
            (self.keep_both, ConflictPolicy.DUPLICATE),
        ):
            button.setAccessibleName(button.text())
            button.clicked.connect(lambda _=False, chosen=policy: self.resolve_selected(chosen))
        conflict_row = QHBoxLayout()
        conflict_row.addWidget(QLabel("Selected conflicts:"))
        for button in (self.keep_ours, self.replace, self.keep_both):
            conflict_row.addWidget(button)
        conflict_row.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problems_only)
        layout.addWidget(self.table, 1)
        layout.addLayout(conflict_row)
        layout.addWidget(buttons)
        has_problems = any(r.outcome in (Outcome.CONFLICT, Outcome.FAILED) for r in summary.results)
        self.problems_only.setChecked(has_problems and len(summary.results) > 20)
        self._update_buttons()

    def _selected_conflict_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [row for row in rows if self.model.result(row).outcome is Outcome.CONFLICT]

    def _update_buttons(self) -> None:
        enabled = bool(self._selected_conflict_rows())
        for button in (self.keep_ours, self.replace, self.keep_both):
            button.setEnabled(enabled)

    def resolve_selected(self, policy: ConflictPolicy) -> None:
        for row in self._selected_conflict_rows():
            result = self.model.result(row)
            if policy is ConflictPolicy.REPORT:
                resolved = FileResult(
                    result.path, Outcome.UNCHANGED, "kept ours", result.article_id
                )
            else:
                resolved = self._resolver(result, policy)
            self.model.replace(row, resolved)
        self._update_buttons()
        self.summary_label.setText(self.summary().describe())

    def summary(self) -> ImportSummary:
        """The import as it stands now, with the conflicts resolved here counted as such."""
        return ImportSummary(self.model.results(), cancelled=self._cancelled)

    def offer_to_show_hidden(self, count: int, filter_words: str, show: Callable[[], None]) -> None:
        """Say that `count` imported articles are hidden by the list's filter, with a button
        that calls `show` (which clears the filter), under the summary."""
        notice = self.findChild(HiddenArticlesNotice, "importHiddenNotice")
        if notice is None:
            notice = HiddenArticlesNotice(self)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(layout.indexOf(self.summary_label) + 1, notice)
        notice.offer(count, filter_words, show)
