"""A new author from a name (and, if at hand, a bio): the editor's "New author…" entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.authors import AuthorDetail, AuthorService

BIO_HINT = "Optional now; exported articles print it. It can be added later in Authors."
_PROBLEM_STYLE = "color: #b00020;"


def bio_edit(name: str, parent: QWidget) -> QLineEdit:
    """A one-line bio field: the article format keeps the bio on one line."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setAccessibleName("Bio")
    edit.setPlaceholderText("One paragraph about the author")
    edit.setToolTip(BIO_HINT)
    return edit


def problem_label(name: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(_PROBLEM_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setEnabled(False)  # greyed: a remark, not a field
    return label


class NewAuthorDialog(QDialog):
    """Asks for a name and an optional bio; creates the author when accepted."""

    def __init__(self, authors: AuthorService, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newAuthorDialog")
        self.setWindowTitle("New author")
        self._authors = authors
        self.created: AuthorDetail | None = None
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("newAuthorNameEdit")
        self.name_edit.setAccessibleName("Name")
        self.bio_edit = bio_edit("newAuthorBioEdit", self)
        self.problem = problem_label("newAuthorProblem", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._name_changed)

        fields = QFormLayout()
        fields.addRow("&Name:", self.name_edit)
        fields.addRow("&Bio:", self.bio_edit)
        fields.addRow("", hint_label(BIO_HINT, self))
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._name_changed(name)
        self.setMinimumWidth(420)

    def _name_changed(self, text: str) -> None:
        self.create_button.setEnabled(bool(text.strip()))

    def accept(self) -> None:
        try:
            self.created = self._authors.create_named(self.name_edit.text(), self.bio_edit.text())
        except CopydeskError as error:  # a name or bio refused, or the database out of reach
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, authors: AuthorService, name: str = ""
    ) -> AuthorDetail | None:
        """The author created; None if the person cancelled."""
        dialog = cls(authors, name, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.created if accepted else None
        finally:
            dialog.deleteLater()
