"""An article's earlier versions, compared word by word, one of which may be restored."""

from __future__ import annotations

import html
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

from database.services.articles import STATUS_LABELS, ArticleDetail, RevisionInfo
from desktop.articles.word_diff import CHANGE_ANCHOR, VALUE_ARROW, diff_html, value_change_html
from desktop.context import AppContext
from desktop.plain_text import tooltip_text, window_title

_ID_ROLE = Qt.ItemDataRole.UserRole
# The widest the version list grows to show whole labels; a longer one elides (tooltip).
_LIST_MAX_WIDTH = 420


NO_AUTHOR = "(no author)"
GONE_AUTHOR = "an author since deleted"
UNKNOWN_WRITER = "as created or imported"


@dataclass(frozen=True)
class Version:
    """One entry of the list: a revision, or the current text (revision_id None).

    `status`, `author` and `notes` are None where the version did not record them (revisions
    kept before Copydesk did); `published_past_checklist` is why the version after this one
    was published past the pre-publish checklist, if it was ("" if not).
    """

    revision_id: int | None
    label: str
    title: str
    body: str
    status: str | None = None
    author: str | None = None
    notes: str | None = None
    published_past_checklist: str = ""
    writer: str = ""  # who wrote this version and when, in words


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


def _revision_author(revision: RevisionInfo) -> str:
    if revision.author_id is None:
        return NO_AUTHOR
    return revision.author_name or GONE_AUTHOR


def _revision_version(revision: RevisionInfo) -> Version:
    when = _when(revision.saved_at)
    if revision.status is None:
        # Kept before the history named writers: saved_by is who replaced this text, not
        # who wrote it, and the status, author and notes were not kept.
        who = f"replaced by {revision.saved_by}" if revision.saved_by else "writer not recorded"
        return Version(
            revision.id,
            f"Revision {revision.number} · {who} · {when}",
            revision.title,
            revision.body,
            writer=f"{who}, {when}",
        )
    who = revision.saved_by or UNKNOWN_WRITER
    return Version(
        revision.id,
        f"Revision {revision.number} · {who} · {when}",
        revision.title,
        revision.body,
        STATUS_LABELS[revision.status],
        _revision_author(revision),
        revision.notes or "",
        revision.reason,
        f"{who}, {when}",
    )


def versions(current: ArticleDetail, revisions: list[RevisionInfo]) -> list[Version]:
    """The current text first, then the revisions newest first; each names who wrote it."""
    who, when = current.updated_by or UNKNOWN_WRITER, _when(current.updated_at)
    found = [
        Version(
            None,
            f"Current version · {who} · {when}",
            current.title,
            current.body,
            STATUS_LABELS[current.status],
            current.author_name or NO_AUTHOR,
            current.notes,
            writer=f"{who}, {when}",
        )
    ]
    ordered = sorted(revisions, key=lambda revision: revision.number, reverse=True)
    found.extend(_revision_version(revision) for revision in ordered)
    return found


def publish_reasons(chosen: list[Version], older: int, newer: int) -> list[tuple[str, str]]:
    """(reason, who published and when) of each publish past the checklist from the version
    at `older` to the one at `newer` (indices in `chosen`, newest first), newest first."""
    first, last = sorted((older, newer))
    return [
        (chosen[index].published_past_checklist, chosen[index - 1].writer)
        for index in range(first + 1, last + 1)
        if chosen[index].published_past_checklist
    ]


def _details_html(older: Version, newer: Version) -> str:
    return value_change_html("Status", older.status, newer.status) + value_change_html(
        "Author", older.author, newer.author
    )


def _reasons_html(reasons: list[tuple[str, str]]) -> str:
    return "".join(
        f"<p><b>Published past the checklist:</b> {html.escape(reason)} "
        f"<i>({html.escape(by)})</i></p>"
        for reason, by in reasons
    )


def _notes_html(older: Version, newer: Version, *, only_changes: bool) -> str:
    if older.notes is None or newer.notes is None:
        return "<h3>Notes</h3>" + value_change_html("Notes", older.notes, newer.notes)
    if not (older.notes or newer.notes):
        return ""
    return "<h3>Notes</h3>" + diff_html(older.notes, newer.notes, only_changes=only_changes)


def comparison_html(
    older: Version,
    newer: Version,
    *,
    only_changes: bool = False,
    reasons: list[tuple[str, str]] | None = None,
) -> str:
    """Status, author, title, text and notes differences, as rich text for a QTextBrowser;
    `reasons`: the publishes past the checklist in between (see publish_reasons)."""
    return (
        _reasons_html(reasons or [])
        + _details_html(older, newer)
        + "<h3>Title</h3>"
        + diff_html(older.title, newer.title, only_changes=only_changes)
        + "<h3>Text</h3>"
        + diff_html(older.body, newer.body, only_changes=only_changes)
        + _notes_html(older, newer, only_changes=only_changes)
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
            elif open_span is not None and fragment.text() in (" ", VALUE_ARROW):
                pass  # between a word (or value) struck out and its replacement
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
        self.setWindowTitle(window_title(f"History of “{current.title}”"))

        self.version_list = QListWidget(self)
        self.version_list.setObjectName("revisionList")
        self.version_list.setAccessibleName("Versions, newest first")
        self.version_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for index, version in enumerate(self.versions):
            item = QListWidgetItem(version.label)
            item.setData(_ID_ROLE, version.revision_id)
            tip = version.label  # it names who wrote it
            older = min(index + 1, len(self.versions) - 1)
            for reason, _by in publish_reasons(self.versions, older, index):
                tip += f"\nPublished past the checklist: {reason}"
            item.setToolTip(tooltip_text(tip))
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
        older_index = max(self.from_combo.currentIndex(), 0)
        newer_index = max(self.to_combo.currentIndex(), 0)
        older, newer = self.versions[older_index], self.versions[newer_index]
        only = self.changes_only.isChecked()
        reasons = publish_reasons(self.versions, older_index, newer_index)
        self.comparison.setHtml(
            comparison_html(older, newer, only_changes=only, reasons=reasons)
        )
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
