"""Your profile: the name revisions and decisions carry, and the author you write as.

A journalist's new articles start with their author, so that export (which prints the
author's bio) does not refuse them; an editor or a moderator may write as nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.authors import AuthorService, AuthorSummary
from desktop.new_author_dialog import BIO_HINT, bio_edit, hint_label, problem_label

NEW_AUTHOR = "new"  # the author list's entry: create an author with the name typed
NOT_AN_AUTHOR = "none"
NAME_QUESTION = "Your name, as it will appear on revisions and moderation decisions:"


@dataclass(frozen=True)
class ProfileChoice:
    name: str
    author_id: int | None  # None: writes as nobody
    author_created: bool = False


def new_author_text(name: str) -> str:
    return f"A new author named “{name.strip()}”" if name.strip() else "A new author"


class ProfileDialog(QDialog):
    def __init__(
        self,
        authors: AuthorService,
        name: str,
        author_id: int | None,
        parent: QWidget | None = None,
        *,
        has_profile: bool = False,
    ) -> None:
        """`author_id` None with `has_profile`: the person chose to write as nobody."""
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle("Your profile")
        self._authors = authors
        self.choice: ProfileChoice | None = None
        self.problem = problem_label("profileProblem", self)
        self._known = self._list_authors()
        self._picked = False  # the person chose an entry: typing no longer changes it

        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("profileNameEdit")
        self.name_edit.setAccessibleName("Your name")
        self.author_combo = QComboBox(self)
        self.author_combo.setObjectName("profileAuthor")
        self.author_combo.setAccessibleName("You write as")
        self.author_combo.setToolTip("Your new articles start with this author")
        # Long names elide instead of widening the dialog past a small screen.
        self.author_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.author_combo.setMinimumContentsLength(28)
        self.author_combo.addItem(new_author_text(name), NEW_AUTHOR)
        for author in self._known:
            self.author_combo.addItem(author.display_name, author.id)
        self.author_combo.addItem("Nobody: I do not write articles", NOT_AN_AUTHOR)
        self.bio_edit = bio_edit("profileBioEdit", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        question = QLabel(NAME_QUESTION, self)
        question.setWordWrap(True)
        question.setBuddy(self.name_edit)
        fields = QFormLayout()
        fields.addRow("You &write as:", self.author_combo)
        fields.addRow("New author's &bio:", self.bio_edit)
        fields.addRow("", hint_label(BIO_HINT, self))
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.name_edit)
        layout.addLayout(fields)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        if self._index_of(author_id) >= 0:
            self._select(author_id)
            self._picked = True
        elif has_profile and author_id is None:
            self._select(NOT_AN_AUTHOR)
            self._picked = True
        else:  # first start, or their author was deleted meanwhile
            self._select(self._same_name(name))
        self.name_edit.textChanged.connect(self._name_changed)
        self.author_combo.activated.connect(self._author_picked)
        self.author_combo.currentIndexChanged.connect(self._entry_changed)
        self._name_changed(name)
        self._entry_changed()

    def _list_authors(self) -> list[AuthorSummary]:
        try:
            return self._authors.list()
        except CopydeskError as error:
            self.problem.setText(f"The authors could not be listed: {error}")
            self.problem.show()
            return []

    def _index_of(self, data: object) -> int:
        return -1 if data is None else self.author_combo.findData(data)

    def _same_name(self, name: str) -> int | str:
        """The author already called `name`, if any: better than a second one of that name."""
        wanted = name.strip().casefold()
        for author in self._known:
            if wanted and author.display_name.strip().casefold() == wanted:
                return author.id
        return NEW_AUTHOR

    def _select(self, data: object) -> None:
        self.author_combo.setCurrentIndex(max(self._index_of(data), 0))

    def _name_changed(self, text: str) -> None:
        self.author_combo.setItemText(self._index_of(NEW_AUTHOR), new_author_text(text))
        if not self._picked:
            self._select(self._same_name(text))
        self.ok_button.setEnabled(bool(text.strip()))

    def _author_picked(self, _index: int) -> None:
        self._picked = True

    def _entry_changed(self, _index: int = 0) -> None:
        self.bio_edit.setEnabled(self.author_combo.currentData() == NEW_AUTHOR)

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            return
        chosen = self.author_combo.currentData()
        if chosen == NEW_AUTHOR:
            try:
                created = self._authors.create_named(name, self.bio_edit.text())
            except CopydeskError as error:
                self.problem.setText(str(error))
                self.problem.show()
                return
            self.choice = ProfileChoice(name, created.id, author_created=True)
        else:
            self.choice = ProfileChoice(name, chosen if isinstance(chosen, int) else None)
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        authors: AuthorService,
        name: str,
        author_id: int | None,
        *,
        has_profile: bool = False,
    ) -> ProfileChoice | None:
        """The profile chosen (its new author created); None if the person cancelled."""
        dialog = cls(authors, name, author_id, parent, has_profile=has_profile)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.choice if accepted else None
        finally:
            dialog.deleteLater()


__all__ = ["NEW_AUTHOR", "NOT_AN_AUTHOR", "ProfileChoice", "ProfileDialog"]
