"""The article editor's widgets: laid out and filled here, driven by ArticleEditor."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from database.services.articles import STATUS_LABELS, allowed_statuses
from database.services.authors import AuthorSummary
from database.statuses import ArticleStatus
from desktop.articles.editor_state import FormValues
from desktop.articles.find_replace import FindReplaceBar
from desktop.articles.preview import PreviewBrowser
from desktop.articles.text_stats import text_stats

NO_AUTHOR = "(no author)"
PREVIEW_DELAY_MS = 150
_ERROR_STYLE = "color: #b00020;"
_BANNER_STYLE = "#presenceBanner { background-color: #fff4ce; border: 1px solid #e0c060; }"


def _error_label(name: str, accessible: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class PresenceBanner(QFrame):
    """ "Being edited by ann since 10:02" above the form, with a button to take over."""

    takeOverRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceBanner")
        self.setStyleSheet(_BANNER_STYLE)
        self.label = QLabel(self)
        self.label.setObjectName("presenceText")
        self.label.setWordWrap(True)
        self.take_over_button = QPushButton("Take &over…", self)
        self.take_over_button.setObjectName("presenceTakeOver")
        self.take_over_button.setAccessibleName("Take over editing")
        self.take_over_button.clicked.connect(self.takeOverRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.take_over_button)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


class ArticleForm(QWidget):
    """Title, author, status, body beside its preview, notes, find bar and statistics."""

    changed = Signal()  # anything the user can save was edited
    undoStateChanged = Signal(bool, bool)  # undo, redo possible in the field last typed in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.banner = PresenceBanner(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("articleTitleEdit")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("Headline")
        self.author_combo = QComboBox(self)
        self.author_combo.setObjectName("articleAuthor")
        self.author_combo.setAccessibleName("Author")
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("articleStatus")
        self.status_combo.setAccessibleName("Status")
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setObjectName("articleBodyEdit")
        self.body_edit.setAccessibleName("Article text")
        self.body_edit.setAccessibleDescription("Markdown; each line is a paragraph")
        self.preview = PreviewBrowser(self)
        self.preview.setObjectName("articlePreview")
        self.preview.setAccessibleName("Preview")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setObjectName("articleNotesEdit")
        self.notes_edit.setAccessibleName("Editorial notes")
        self.notes_edit.setAccessibleDescription("Internal; never published or exported")
        self.notes_edit.setPlaceholderText("Notes for the newsroom: never published or exported")
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("articleStats")
        self.stats_label.setAccessibleName("Article statistics")
        self.find_bar = FindReplaceBar(self.body_edit, self)
        self.find_bar.hide()
        self.errors = {
            "title": _error_label("articleTitleError", "Title problem", self),
            "author": _error_label("articleAuthorError", "Author problem", self),
            "status": _error_label("articleStatusError", "Status problem", self),
            "": _error_label("articleFormError", "Problem saving", self),
        }
        self._lay_out()
        # The preview follows typing after a pause: re-rendering on every key would be waste.
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.render_preview)
        self.title_edit.textChanged.connect(self._edited)
        self.author_combo.currentIndexChanged.connect(self._edited)
        self.status_combo.currentIndexChanged.connect(self._edited)
        self.notes_edit.textChanged.connect(self._edited)
        self.body_edit.textChanged.connect(self._body_edited)
        self._active_text: QLineEdit | QPlainTextEdit = self.body_edit
        for text in (self.title_edit, self.body_edit, self.notes_edit):
            text.installEventFilter(self)
        for edit in (self.body_edit, self.notes_edit):
            edit.undoAvailable.connect(self.report_undo_state)
            edit.redoAvailable.connect(self.report_undo_state)
        self.title_edit.textChanged.connect(self.report_undo_state)

    def _lay_out(self) -> None:
        fields = QFormLayout()
        fields.addRow(self._buddy("&Title:", self.title_edit), self.title_edit)
        fields.addRow("", self.errors["title"])
        fields.addRow(self._buddy("&Author:", self.author_combo), self.author_combo)
        fields.addRow("", self.errors["author"])
        fields.addRow(self._buddy("&Status:", self.status_combo), self.status_combo)
        fields.addRow("", self.errors["status"])
        text = QSplitter(Qt.Orientation.Horizontal, self)
        text.setObjectName("articleTextSplitter")
        text.addWidget(self.body_edit)
        text.addWidget(self.preview)
        notes = QWidget(self)
        notes_layout = QVBoxLayout(notes)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(self._buddy("Editorial &notes (internal):", self.notes_edit))
        notes_layout.addWidget(self.notes_edit)
        parts = QSplitter(Qt.Orientation.Vertical, self)
        parts.setObjectName("articleNotesSplitter")
        parts.addWidget(text)
        parts.addWidget(notes)
        parts.setStretchFactor(0, 4)
        parts.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(fields)
        layout.addWidget(parts, 1)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.errors[""])
        layout.addWidget(self.stats_label)

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _body_edited(self) -> None:
        if not self._loading:
            self.update_stats()
            self.preview_timer.start()
            self.changed.emit()

    def render_preview(self) -> None:
        """Rendered off the GUI thread (a long article takes 10-20 ms), shown when done."""
        self.preview_timer.stop()
        self.preview.show_markdown_soon(self.body_edit.toPlainText())

    def update_stats(self) -> None:
        self.stats_label.setText(text_stats(self.body_edit.toPlainText()).describe())

    def show_values(self, values: FormValues) -> None:
        """Show an article (or a new one) ready for editing."""
        self.set_values(values)
        self.clear_problems()
        self.find_bar.hide()
        self.setEnabled(True)
        self.render_preview()
        self.update_stats()

    def show_holder(self, text: str) -> None:
        """Someone else is editing (text says who, since when): look but do not type.
        "" gives the article back to this desk."""
        self.banner.show_text(text)
        held = bool(text)
        for edit in (self.title_edit, self.body_edit, self.notes_edit):
            edit.setReadOnly(held)
        for combo in (self.author_combo, self.status_combo):
            combo.setEnabled(not held)
        self.find_bar.setEnabled(not held)

    @property
    def is_held_elsewhere(self) -> bool:
        return self.banner.isVisibleTo(self)

    def show_nothing(self) -> None:
        self.preview_timer.stop()
        self.set_values(FormValues.blank())
        self.preview.clear()
        self.stats_label.clear()
        self.clear_problems()
        self.setEnabled(False)

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Fill the fields without reporting it as the user's editing."""
        before, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = before

    # --- values --------------------------------------------------------------------------

    def values(self) -> FormValues:
        status = self.status_combo.currentData()
        return FormValues(
            title=self.title_edit.text(),
            body=self.body_edit.toPlainText(),
            notes=self.notes_edit.toPlainText(),
            status=ArticleStatus(status) if status else ArticleStatus.DRAFT,
            author_id=self.author_combo.currentData(),
        )

    def set_values(self, values: FormValues) -> None:
        """Replace everything, undo history included: a different text is being edited."""
        with self.loading():
            self.title_edit.setText(values.title)
            self.body_edit.setPlainText(values.body)
            self.notes_edit.setPlainText(values.notes)
            self.set_statuses(values.status)
            self.select_author(values.author_id)

    def replace_texts(self, values: FormValues) -> None:
        """Put other text in as edits the user can undo (recovered text, say).

        Fields that already hold their text are left alone, so that no step in between
        looks unchanged (the editor would take that for "back to saved").
        """
        if self.title_edit.text() != values.title:
            self.title_edit.selectAll()
            self.title_edit.insert(values.title)
        for edit, text in ((self.body_edit, values.body), (self.notes_edit, values.notes)):
            if edit.toPlainText() != text:
                cursor = QTextCursor(edit.document())
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(text)

    def set_statuses(self, current: ArticleStatus) -> None:
        """Offer only the moves allowed from `current`, which is selected."""
        with self.loading():
            self.status_combo.clear()
            for status in allowed_statuses(current):
                self.status_combo.addItem(STATUS_LABELS[status], status.value)
            self.status_combo.setCurrentIndex(0)

    def set_authors(
        self, authors: Sequence[AuthorSummary], selected: int | None, selected_name: str = ""
    ) -> None:
        with self.loading():
            self.author_combo.clear()
            self.author_combo.addItem(NO_AUTHOR, None)
            for author in authors:
                self.author_combo.addItem(author.display_name, author.id)
            if selected is not None and self._author_index(selected) < 0:
                # Gone from the list (merged away meanwhile, say): keep it rather than
                # silently changing the article's author.
                self.author_combo.addItem(selected_name or f"Author {selected}", selected)
            self.select_author(selected)

    def _author_index(self, author_id: int | None) -> int:
        for index in range(self.author_combo.count()):
            if self.author_combo.itemData(index) == author_id:
                return index
        return -1

    def select_author(self, author_id: int | None) -> None:
        with self.loading():
            self.author_combo.setCurrentIndex(max(self._author_index(author_id), 0))

    # --- undo ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Undo and redo from the menu act on the text field the user was last typing in.
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit | QPlainTextEdit):
            self._active_text = watched
            self.report_undo_state()
        if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Find):
            # Claimed before shortcuts are looked up: the window's own Find action (same keys)
            # would otherwise make the shortcut ambiguous and neither would run.
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.find_bar.open_bar()
                return True
        return super().eventFilter(watched, event)

    def undo(self) -> None:
        self._active_text.undo()

    def redo(self) -> None:
        self._active_text.redo()

    def report_undo_state(self) -> None:
        active = self._active_text
        if isinstance(active, QLineEdit):
            self.undoStateChanged.emit(active.isUndoAvailable(), active.isRedoAvailable())
        else:
            document = active.document()
            self.undoStateChanged.emit(document.isUndoAvailable(), document.isRedoAvailable())

    # --- problems ------------------------------------------------------------------------

    def show_problem(self, field: str | None, message: str) -> QLabel:
        """Show `message` under the field it is about (in general if none); the label used."""
        label = self.errors.get(field or "", self.errors[""])
        label.setText(message)
        label.show()
        return label

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def problem(self, field: str) -> str:
        return self.errors[field].text()
