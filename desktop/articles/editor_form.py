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

from database.services.articles import (
    STATUS_LABELS,
    allowed_statuses,
    status_hint,
    status_moves_explained,
)
from database.services.authors import AuthorSummary
from database.statuses import ArticleStatus
from desktop import plain_text
from desktop.articles.editor_hints import NotesToggle, markdown_hint, status_hint_label
from desktop.articles.editor_state import FormValues
from desktop.articles.find_replace import FindReplaceBar
from desktop.articles.long_lines import LongRunWrap
from desktop.articles.markdown_format import MarkdownKeys
from desktop.articles.markdown_highlighter import MarkdownHighlighter
from desktop.articles.preview import PreviewBrowser
from desktop.articles.scroll_sync import ScrollFollower
from desktop.articles.spelling_fields import SpellLineEdit
from desktop.articles.text_splitter import (
    PREVIEW_NO_ROOM_TIP,
    PREVIEW_TOGGLE_TIP,
    BodyPreviewSplitter,
    preview_toggle,
)
from desktop.articles.text_stats import text_stats

NO_AUTHOR = "(no author)"
NEW_AUTHOR = "New author…"
_NEW_AUTHOR_ENTRY = "new author"  # the entry's data: never an author's id
PREVIEW_DELAY_MS = 150
AUTHOR_COMBO_CHARACTERS = 20
_ERROR_STYLE = "color: #b00020;"
_WARNING_STYLE = "color: #8a5a00;"  # saved, but something is still missing
_BANNER_STYLE = "#presenceBanner { background-color: #fff4ce; border: 1px solid #e0c060; }"


def _error_label(name: str, accessible: str, parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setStyleSheet(_ERROR_STYLE)
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote titles and names
    label.setWordWrap(True)
    label.hide()
    return label


class PresenceBanner(QFrame):
    """ "Being edited by ann since 10:02" above the form, with a button to take over; after a
    takeover, what may be done with the unsaved text, on a row of its own (narrow screens)."""

    takeOverRequested = Signal()
    keepAsRevisionRequested = Signal()
    saveAsCopyRequested = Signal()
    showUnsavedRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceBanner")
        self.setStyleSheet(_BANNER_STYLE)
        self.label = plain_text.plain_label("", self, "presenceText")  # quotes a user name
        self.label.setWordWrap(True)
        self.take_over_button = QPushButton("Take &over…", self)
        self.take_over_button.setObjectName("presenceTakeOver")
        self.take_over_button.setAccessibleName("Take over editing")
        self.take_over_button.clicked.connect(self.takeOverRequested)
        self.offers = QWidget(self)
        self.offers.setObjectName("takeoverOffers")
        self.keep_revision_button = self._offer(
            "Save them as a &revision",
            "takeoverKeepRevision",
            "Keep your text in the article's history, without replacing the current text",
            self.keepAsRevisionRequested,
        )
        self.save_copy_button = self._offer(
            "Save as a new artic&le",
            "takeoverSaveCopy",
            "Save your text as a new draft article of its own",
            self.saveAsCopyRequested,
        )
        self.show_unsaved_button = self._offer(
            "Show them",
            "takeoverShowUnsaved",
            "Show your unsaved text beside what is saved now",
            self.showUnsavedRequested,
        )
        offers_layout = QHBoxLayout(self.offers)
        offers_layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.keep_revision_button, self.save_copy_button, self.show_unsaved_button):
            offers_layout.addWidget(button)
        offers_layout.addStretch(1)
        self.offers.hide()
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.take_over_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.offers)
        self.hide()

    def _offer(self, text: str, name: str, tip: str, requested: Signal) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(requested)
        return button

    def show_text(self, text: str, *, offers: bool = False) -> None:
        """`offers`: the unsaved text's ways out after a takeover, shown under the text."""
        self.label.setText(text)
        self.setAccessibleName(text)
        self.offers.setVisible(offers and bool(text))
        self.setVisible(bool(text))

    @property
    def offers_shown(self) -> bool:
        return self.isVisibleTo(self.parentWidget()) and self.offers.isVisibleTo(self)


class ArticleForm(QWidget):
    """Title, author, status, body beside its preview, notes, find bar and statistics."""

    changed = Signal()  # anything the user can save was edited
    newAuthorRequested = Signal()  # "New author…" was chosen in the author list
    undoStateChanged = Signal(bool, bool)  # undo, redo possible in the field last typed in

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.banner = PresenceBanner(self)
        self.title_edit = SpellLineEdit(self)  # a QLineEdit that underlines misspelt words
        self.title_edit.setObjectName("articleTitleEdit")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("Headline")
        self.author_combo = QComboBox(self)
        self.author_combo.setObjectName("articleAuthor")
        self.author_combo.setAccessibleName("Author")
        # Sized for a typical name, not the longest: that widened the editor past the screen.
        # A long name elides, whole in the tooltip and in the open list.
        self.author_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.author_combo.setMinimumContentsLength(AUTHOR_COMBO_CHARACTERS)
        self.author_combo.currentTextChanged.connect(
            lambda name: self.author_combo.setToolTip(plain_text.tooltip_text(name))
        )
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
        self.markdown_hint = markdown_hint(self)
        self.status_hint = status_hint_label(self)
        self.notes_toggle = NotesToggle(self)
        self.preview_toggle = preview_toggle(self)
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
        self._author_shown: int | None = None  # what "New author…" goes back to if cancelled
        self.author_combo.currentIndexChanged.connect(self._author_chosen)
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
        # Markdown in the body: coloured paragraph by paragraph as typed, Ctrl+B/I/K on the
        # selection, and the preview scrolled along with it.
        self.highlighter = MarkdownHighlighter(self.body_edit)
        self.long_run_wrap = LongRunWrap(self.body_edit)  # 20,000 `>`: laid out in linear time
        self.markdown_keys = MarkdownKeys(self.body_edit)
        self.scroll_follower = ScrollFollower(self.body_edit, self.preview)
        self.notes_toggle.shownChanged.connect(self.set_notes_shown)
        self.preview_toggle.toggled.connect(self.set_preview_shown)
        self.text_splitter.foldedForRoomChanged.connect(self._preview_folded_for_room)

    def _lay_out(self) -> None:
        fields = QFormLayout()
        fields.addRow(self._buddy("&Title:", self.title_edit), self.title_edit)
        fields.addRow("", self.errors["title"])
        fields.addRow(self._buddy("&Author:", self.author_combo), self.author_combo)
        fields.addRow("", self.errors["author"])
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_combo)
        status_row.addWidget(self.status_hint, 1)
        fields.addRow(self._buddy("&Status:", self.status_combo), status_row)
        fields.addRow("", self.errors["status"])
        text = self.text_splitter = BodyPreviewSplitter(self.body_edit, self.preview, self)
        notes = self.notes_pane = QWidget(self)
        notes.setObjectName("articleNotesPane")
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
        layout.addWidget(self.markdown_hint)
        layout.addWidget(parts, 1)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.errors[""])
        bottom = QHBoxLayout()
        bottom.addWidget(self.notes_toggle)
        bottom.addWidget(self.stats_label, 1)
        bottom.addWidget(self.preview_toggle)
        layout.addLayout(bottom)

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

    def set_preview_shown(self, shown: bool) -> None:
        """Fold the preview away (the body gets its room) or bring it back beside the body."""
        self.text_splitter.set_preview_wanted(shown)
        # The window's View ▸ Preview action, where the button has it, is the one to set.
        toggle = self.preview_toggle.defaultAction() or self.preview_toggle
        if toggle.isChecked() != shown:
            toggle.setChecked(shown)  # reported back with the same value: no loop
        self.preview_toggle.setAccessibleName("Hide the preview" if shown else "Show the preview")

    def wanted_width(self) -> int:
        """The width that shows what the person asked for: body and preview, or the body."""
        text = self.text_splitter
        # The form's margins around the text, where it has been laid out (none so far).
        around = self.width() - text.width() if self.isVisible() and text.isVisible() else 0
        return text.wanted_width() + max(around, 0)

    @property
    def preview_shown(self) -> bool:
        """The person's choice; the preview may still be folded for want of room."""
        return self.text_splitter.preview_wanted

    def _preview_folded_for_room(self, folded: bool) -> None:
        # Said on the toggle's action when the window gave it one: a button takes its tip
        # from its action.
        target = self.preview_toggle.defaultAction() or self.preview_toggle
        target.setToolTip(PREVIEW_NO_ROOM_TIP if folded else PREVIEW_TOGGLE_TIP)

    def set_notes_shown(self, shown: bool) -> None:
        """Fold the editorial notes away (the text gets their room) or bring them back."""
        self.notes_pane.setVisible(shown)
        self.notes_toggle.setChecked(shown)  # when called from outside: the toggle says so too
        if not shown and self.notes_edit.hasFocus():
            self.body_edit.setFocus()

    @property
    def notes_shown(self) -> bool:
        return self.notes_toggle.isChecked()

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

    def show_holder(self, text: str, *, offers: bool = False) -> None:
        """Someone else is editing (text says who, since when): look but do not type.
        "" gives the article back to this desk. `offers`: they took it over from this desk,
        and the banner offers ways to keep the unsaved text (see PresenceBanner)."""
        self.banner.show_text(text, offers=offers)
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
            author_id=self._author_shown,
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
        # Why the list is short: the moves it does not offer, and the way to them.
        self.status_hint.setText(status_hint(current))
        explained = status_moves_explained(current)
        self.status_hint.setToolTip(explained)
        self.status_combo.setToolTip(explained)

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
            self.author_combo.insertSeparator(self.author_combo.count())
            self.author_combo.addItem(NEW_AUTHOR, _NEW_AUTHOR_ENTRY)
            self.author_combo.setItemData(
                self.author_combo.count() - 1,
                "Create an author by name; the bio can come later",
                Qt.ItemDataRole.ToolTipRole,
            )
            self.select_author(selected)

    def _author_index(self, author_id: int | None) -> int:
        for index in range(self.author_combo.count()):
            if self.author_combo.itemData(index) == author_id:
                return index
        return -1

    def select_author(self, author_id: int | None) -> None:
        with self.loading():
            self.author_combo.setCurrentIndex(max(self._author_index(author_id), 0))

    def _author_chosen(self, _index: int) -> None:
        data = self.author_combo.currentData()
        if data != _NEW_AUTHOR_ENTRY:
            self._author_shown = data if isinstance(data, int) else None
            self._edited()
            return
        # Not an author to keep: back to the one shown; the editor creates the new one and
        # selects it, or the person cancelled and nothing changed.
        self.select_author(self._author_shown)
        if not self._loading:
            self.newAuthorRequested.emit()

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

    def show_problem(self, field: str | None, message: str, *, warning: bool = False) -> QLabel:
        """Show `message` under the field it is about (in general if none); the label used.
        A `warning` did not stop the save: it says what is still missing (for export, say)."""
        label = self.errors.get(field or "", self.errors[""])
        label.setStyleSheet(_WARNING_STYLE if warning else _ERROR_STYLE)
        label.setProperty("warning", warning)
        label.setText(message)
        label.show()
        return label

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def problem(self, field: str) -> str:
        return self.errors[field].text()
