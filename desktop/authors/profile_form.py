"""The profile form: name, bio, email, website, specialties and photo, errors beside fields."""

from __future__ import annotations

import re
from functools import partial

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from database.services.authors import AuthorChanges, AuthorDetail
from desktop import theme
from desktop.authors.photo_widget import PhotoWidget
from desktop.plain_text import plain_label

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
NEEDS_NAME_NOTICE = (
    "This author came in with an import and is known only by the bio. "
    "Give them a name; later imports with this bio will still find them."
)


class OneParagraphEdit(QPlainTextEdit):
    """Wraps like a paragraph but stays one: the article format keeps the bio on one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Bios are often pasted from a web page or a document, broken into lines there.
        if source.hasText():
            self.insertPlainText(_LINE_BREAKS.sub(" ", source.text()))


class AuthorForm(QWidget):
    """Shows one profile and hands back what the user made of it; decides nothing itself."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorForm")
        self.setAccessibleName("Author profile")
        self.name_edit = QLineEdit(self)
        self.bio_edit = OneParagraphEdit(self)
        self.email_edit = QLineEdit(self)
        self.website_edit = QLineEdit(self)
        self.specialties_edit = QLineEdit(self)
        self.photo = PhotoWidget(self)
        self._setup_fields()

        self.notice = QLabel(NEEDS_NAME_NOTICE, self)
        self.notice.setObjectName("authorNeedsNameNotice")
        self.notice.setWordWrap(True)
        found = theme.colors()
        self.notice.setStyleSheet(
            f"background: {found.warning_background.name()}; color: "
            f"{found.warning_text.name()}; border: 1px solid {found.warning_border.name()}; "
            "padding: 6px;"
        )
        self.notice.setAccessibleName("Needs a name")
        self.notice.hide()
        self.known_bios = plain_label("", self, "authorKnownBios")
        self.known_bios.setWordWrap(True)
        self.known_bios.hide()

        self._errors: dict[str, QLabel] = {}
        self._editors: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(self._fields_beside_photo())
        layout.addWidget(self.known_bios)
        layout.addStretch(1)  # room to spare goes below the form, not into the notice
        self.clear_profile()

    def _fields_beside_photo(self) -> QGridLayout:
        """The one-line fields in a column with the photo beside them, the bio below across.

        Under each other, photo last, the form was 130 px taller: on a 700 px screen the
        photo was cut by the bottom of its scroll area.
        """
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        short_rows = (
            ("&Name:", "display_name", self.name_edit),
            ("&Email:", "email", self.email_edit),
            ("&Website:", "website", self.website_edit),
            ("S&pecialties:", "specialties", self.specialties_edit),
        )
        for row, (label, field, editor) in enumerate(short_rows):
            grid.addWidget(self._label(label, editor), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._with_error(field, editor), row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.photo, 0, 2, len(short_rows), 1, Qt.AlignmentFlag.AlignTop)
        bio_row = len(short_rows)
        grid.addWidget(self._label("&Bio:", self.bio_edit), bio_row, 0, Qt.AlignmentFlag.AlignTop)
        bio = self._with_error("bio", self.bio_edit)
        grid.addWidget(bio, bio_row, 1, 1, 2, Qt.AlignmentFlag.AlignTop)
        return grid

    def _setup_fields(self) -> None:
        fields = (
            (self.name_edit, "authorNameEdit", "Name", "Name as printed with articles"),
            (self.bio_edit, "authorBioEdit", "Bio", "One paragraph, exported under About Author"),
            (self.email_edit, "authorEmailEdit", "Email", "name@example.com"),
            (self.website_edit, "authorWebsiteEdit", "Website", "https://example.com"),
            (self.specialties_edit, "authorSpecialtiesEdit", "Specialties", "courts, crime"),
        )
        for editor, name, accessible, placeholder in fields:
            editor.setObjectName(name)
            editor.setAccessibleName(accessible)
            editor.setPlaceholderText(placeholder)
        self.bio_edit.setAccessibleDescription("Printed under “About Author” in exported articles.")
        self.bio_edit.setMinimumHeight(80)
        self.bio_edit.setMaximumHeight(160)
        self.photo.changed.connect(self.edited)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        # Top-aligned (a field grows when its problem shows), level with a line field's text.
        line_height = self.name_edit.sizeHint().height()
        label.setContentsMargins(0, max(0, (line_height - label.sizeHint().height()) // 2), 0, 0)
        return label

    def _with_error(self, field: str, editor: QLineEdit | QPlainTextEdit) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        # Plain: a problem quotes what was typed.
        error = plain_label("", box, f"{editor.objectName().removesuffix('Edit')}Error")
        error.setWordWrap(True)
        theme.tint(error, "error_text")
        error.setAccessibleName(f"{editor.accessibleName()} problem")
        error.hide()
        layout.addWidget(error)
        self._errors[field] = error
        self._editors[field] = editor
        editor.textChanged.connect(partial(self._changed, field))
        return box

    # --- content -------------------------------------------------------------------------------

    def show_profile(self, detail: AuthorDetail | None, known_bios: int = 0) -> None:
        """Fill the form with `detail`, or empty it for a new author (None)."""
        self.setEnabled(True)
        self.name_edit.setText(detail.display_name if detail else "")
        self.bio_edit.setPlainText(detail.bio if detail else "")
        self.email_edit.setText(detail.email if detail else "")
        self.website_edit.setText(detail.website if detail else "")
        self.specialties_edit.setText(detail.specialties if detail else "")
        for edit in (self.name_edit, self.email_edit, self.website_edit, self.specialties_edit):
            edit.setCursorPosition(0)  # a long name shows its beginning, not its end
        self.photo.show_photo(detail.photo if detail else None)
        self.notice.setVisible(bool(detail and detail.needs_name))
        earlier = known_bios - 1
        self.known_bios.setText(
            f"Imports also recognise this author by {earlier} earlier "
            f"bio{'s' if earlier != 1 else ''}."
        )
        self.known_bios.setVisible(earlier > 0)
        self.clear_errors()

    def clear_profile(self) -> None:
        self.show_profile(None)
        self.setEnabled(False)

    def changes(self) -> AuthorChanges:
        return AuthorChanges(
            display_name=self.name_edit.text(),
            bio=self.bio_edit.toPlainText(),
            email=self.email_edit.text(),
            website=self.website_edit.text(),
            specialties=self.specialties_edit.text(),
            photo=self.photo.pending,
        )

    # --- errors --------------------------------------------------------------------------------

    def show_error(self, field: str | None, message: str) -> bool:
        """Show `message` beside `field` and go there; False if no field of the form fits."""
        error = self._errors.get(field or "")
        if error is None:
            return False
        error.setText(message)
        error.show()
        self._editors[field or ""].setFocus()
        return True

    def error_text(self, field: str) -> str:
        error = self._errors.get(field)
        return error.text() if error is not None and not error.isHidden() else ""

    def clear_errors(self) -> None:
        for error in self._errors.values():
            error.clear()
            error.hide()

    def _changed(self, field: str, *_text: str) -> None:
        # Typing in a field answers its complaint; the next save checks again.
        self._errors[field].hide()
        self.edited.emit()
