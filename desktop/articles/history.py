"""An article's earlier versions, compared word by word, one of which may be restored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from database.services.articles import ArticleDetail, RevisionInfo
from desktop.articles.word_diff import CHANGE_ANCHOR, diff_html
from desktop.context import AppContext

_ID_ROLE = Qt.ItemDataRole.UserRole
# The widest the version list grows to show whole labels; a longer one elides (tooltip).
_LIST_MAX_WIDTH = 420


@dataclass(frozen=True)
class Version:
    """One entry of the list: a revision, or the current text (revision_id None)."""

    revision_id: int | None
    label: str
    title: str
    body: str


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def versions(current: ArticleDetail, revisions: list[RevisionInfo]) -> list[Version]:
    """The current text first, then the revisions newest first."""
    found = [
        Version(
            None,
            f"Current version (saved {_when(current.updated_at)})",
            current.title,
            current.body,
        )
    ]
    for revision in sorted(revisions, key=lambda revision: revision.number, reverse=True):
        who = revision.saved_by or "unknown"
        found.append(
            Version(
                revision.id,
                f"Revision {revision.number} · {who} · {_when(revision.saved_at)}",
                revision.title,
                revision.body,
            )
        )
    return found


def comparison_html(older: Version, newer: Version, *, only_changes: bool = False) -> str:
    """Title and text differences, as rich text for a QTextBrowser."""
    return (
        "<h3>Title</h3>"
        + diff_html(older.title, newer.title, only_changes=only_changes)
        + "<h3>Text</h3>"
        + diff_html(older.body, newer.body, only_changes=only_changes)
    )


def change_spans(document: QTextDocument) -> list[tuple[int, int]]:
    """(start, end) of each change shown in `document`: a run of coloured text that begins
    at a CHANGE_ANCHOR (diff_html puts one at the start of every change)."""
    spans: list[tuple[int, int]] = []
    block = document.begin()
    open_span: list[int] | None = None
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            style = fragment.charFormat()
            start, end = fragment.position(), fragment.position() + fragment.length()
            if CHANGE_ANCHOR in style.anchorNames():
                open_span = [start, end]
                spans.append((start, end))
            elif open_span is not None and style.hasProperty(QTextFormat.Property.BackgroundBrush):
                open_span[1] = end
                spans[-1] = (open_span[0], end)
            elif open_span is not None and fragment.text() == " ":
                pass  # the space diff_html puts between a word struck out and its replacement
            else:
                open_span = None
            fragments += 1
        block = block.next()
    return spans


class RevisionHistoryDialog(QDialog):
    """Lists the versions, compares any two, and returns the revision the user restores."""

    def __init__(self, context: AppContext, article_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionHistoryDialog")
        self.chosen_revision_id: int | None = None
        current = context.articles.get(article_id)
        self.versions = versions(current, context.articles.revisions(article_id))
        self.setWindowTitle(f"History of “{current.title}”")

        self.version_list = QListWidget(self)
        self.version_list.setObjectName("revisionList")
        self.version_list.setAccessibleName("Versions, newest first")
        self.version_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for version in self.versions:
            item = QListWidgetItem(version.label)
            item.setData(_ID_ROLE, version.revision_id)
            item.setToolTip(version.label)
            self.version_list.addItem(item)
        self._fit_list_to_labels()
        self.from_combo = self._combo("revisionFrom", "Compare from version")
        self.to_combo = self._combo("revisionTo", "Compare to version")
        self.comparison = QTextBrowser(self)
        self.comparison.setObjectName("revisionDiff")
        self.comparison.setAccessibleName("Differences between the chosen versions")
        self.comparison.setOpenLinks(False)
        self.changes_only = QCheckBox("Changes &only", self)
        self.changes_only.setObjectName("revisionChangesOnly")
        self.changes_only.setToolTip("Show only what changed, with a few words around it")
        self.changes_only.setChecked(True)
        self.previous_change = QPushButton("&Previous change", self)
        self.previous_change.setObjectName("revisionPreviousChange")
        self.next_change = QPushButton("&Next change", self)
        self.next_change.setObjectName("revisionNextChange")
        for button in (self.previous_change, self.next_change):
            button.setAutoDefault(False)
        self.change_position = QLabel(self)
        self.change_position.setObjectName("revisionChangePosition")
        self.change_position.setTextFormat(Qt.TextFormat.PlainText)
        self._changes: list[tuple[int, int]] = []
        self._change = -1  # the change selected in the comparison; -1 for none yet
        self.restore_button = QPushButton("&Restore this revision", self)
        self.restore_button.setObjectName("restoreRevision")
        self.restore_button.setAccessibleName("Restore the selected revision")
        self.restore_button.setAutoDefault(False)
        self.empty_label = QLabel("This article has not been changed since it was created.")
        self.empty_label.setVisible(len(self.versions) == 1)

        self._lay_out()
        self.version_list.currentRowChanged.connect(self._row_chosen)
        self.from_combo.currentIndexChanged.connect(self._compare)
        self.to_combo.currentIndexChanged.connect(self._compare)
        self.restore_button.clicked.connect(self.restore_selected)
        self.changes_only.toggled.connect(self._compare)
        self.next_change.clicked.connect(lambda: self.go_to_change(self._change + 1))
        self.previous_change.clicked.connect(lambda: self.go_to_change(self._change - 1))
        self.version_list.setCurrentRow(1 if len(self.versions) > 1 else 0)
        self._row_chosen(self.version_list.currentRow())
        self._size_to_screen(parent)

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for version in self.versions:
            combo.addItem(version.label, version.revision_id)
        return combo

    def _lay_out(self) -> None:
        choices = QFormLayout()
        choices.addRow("&From:", self.from_combo)
        choices.addRow("&To:", self.to_combo)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(choices)
        navigation = QHBoxLayout()
        navigation.addWidget(self.changes_only)
        navigation.addStretch(1)
        navigation.addWidget(self.change_position)
        navigation.addWidget(self.previous_change)
        navigation.addWidget(self.next_change)
        right_layout.addLayout(navigation)
        right_layout.addWidget(self.comparison, 1)
        splitter = QSplitter(self)
        splitter.setObjectName("revisionSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.version_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def selected_revision_id(self) -> int | None:
        item = self.version_list.currentItem()
        return None if item is None else item.data(_ID_ROLE)

    def _row_chosen(self, row: int) -> None:
        # By default the chosen version against the current one: "what would restoring undo".
        if row >= 0:
            for combo, index in ((self.from_combo, row), (self.to_combo, 0)):
                combo.blockSignals(True)  # one comparison, not one per combo
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        self.restore_button.setEnabled(self.selected_revision_id() is not None)
        self._compare()

    def _compare(self) -> None:
        older = self.versions[max(self.from_combo.currentIndex(), 0)]
        newer = self.versions[max(self.to_combo.currentIndex(), 0)]
        only = self.changes_only.isChecked()
        self.comparison.setHtml(comparison_html(older, newer, only_changes=only))
        self._changes = change_spans(self.comparison.document())
        self._change = -1
        self._show_change_position()

    # --- next and previous change --------------------------------------------------------

    @property
    def change_count(self) -> int:
        return len(self._changes)

    @property
    def current_change(self) -> int:
        """The number of the change selected, from 0; -1 before the first Next."""
        return self._change

    def go_to_change(self, number: int) -> None:
        """Select change `number` (kept within the first and the last) and scroll to it."""
        if not self._changes:
            return
        self._change = min(max(number, 0), len(self._changes) - 1)
        start, end = self._changes[self._change]
        cursor = QTextCursor(self.comparison.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.comparison.setTextCursor(cursor)
        self.comparison.ensureCursorVisible()
        self._show_change_position()

    def _show_change_position(self) -> None:
        count = len(self._changes)
        if count == 0:
            text = "No changes"
        elif self._change < 0:
            text = "1 change" if count == 1 else f"{count} changes"
        else:
            text = f"Change {self._change + 1} of {count}"
        self.change_position.setText(text)
        self.previous_change.setEnabled(self._change > 0)
        self.next_change.setEnabled(self._change < count - 1)

    # --- size ----------------------------------------------------------------------------

    def _fit_list_to_labels(self) -> None:
        """Wide enough for every label (up to a limit): a cut date says nothing."""
        widest = max(
            (self.version_list.fontMetrics().horizontalAdvance(v.label) for v in self.versions),
            default=0,
        )
        room = widest + 2 * self.version_list.frameWidth() + 16  # item margins
        room += self.version_list.verticalScrollBar().sizeHint().width()
        self.version_list.setMinimumWidth(min(room, _LIST_MAX_WIDTH))

    def _size_to_screen(self, parent: QWidget | None) -> None:
        """Roomy at 1280 × 800, and still whole on a 1024 × 700 screen."""
        screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1100, 720
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(max(width, self.minimumSizeHint().width()), height)

    def restore_selected(self) -> None:
        revision_id = self.selected_revision_id()
        if revision_id is None:
            return
        self.chosen_revision_id = revision_id
        self.accept()

    @classmethod
    def choose_revision(
        cls, parent: QWidget | None, context: AppContext, article_id: int
    ) -> int | None:
        """The id of the revision the user chose to restore, or None if they did not."""
        dialog = cls(context, article_id, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.chosen_revision_id if accepted else None
        finally:
            dialog.deleteLater()
