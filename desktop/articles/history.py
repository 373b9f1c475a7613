"""An article's earlier versions, compared word by word, one of which may be restored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from desktop.articles.word_diff import diff_html
from desktop.context import AppContext

_ID_ROLE = Qt.ItemDataRole.UserRole


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


def comparison_html(older: Version, newer: Version) -> str:
    """Title and text differences, as rich text for a QTextBrowser."""
    return (
        "<h3>Title</h3>"
        + diff_html(older.title, newer.title)
        + "<h3>Text</h3>"
        + diff_html(older.body, newer.body)
    )


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
        for version in self.versions:
            item = QListWidgetItem(version.label)
            item.setData(_ID_ROLE, version.revision_id)
            self.version_list.addItem(item)
        self.from_combo = self._combo("revisionFrom", "Compare from version")
        self.to_combo = self._combo("revisionTo", "Compare to version")
        self.comparison = QTextBrowser(self)
        self.comparison.setObjectName("revisionDiff")
        self.comparison.setAccessibleName("Differences between the chosen versions")
        self.comparison.setOpenLinks(False)
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
        self.version_list.setCurrentRow(1 if len(self.versions) > 1 else 0)
        self._row_chosen(self.version_list.currentRow())
        self.resize(900, 600)

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
        right_layout.addWidget(self.comparison, 1)
        splitter = QSplitter(self)
        splitter.addWidget(self.version_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
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
        self.comparison.setHtml(comparison_html(older, newer))

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
