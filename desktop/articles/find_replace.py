"""A find-and-replace bar for a plain-text editor, shown under it rather than as a dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop import theme

# Narrower, a search term of a few words would no longer show whole.
FIELD_MINIMUM_CHARACTERS = 14


class FindReplaceBar(QWidget):
    """Finds in and replaces text of `editor`; every action reports what it found."""

    searched = Signal(bool)  # whether the last search found something

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceBar")
        self._editor = editor
        self.find_field = self._field("findField", "Find", "Text to find")
        self.replace_field = self._field("replaceField", "Replace with", "Replacement text")
        self.match_case = self._check("findMatchCase", "Match &case")
        self.whole_words = self._check("findWholeWords", "&Whole words")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("findStatus")
        self.status_label.setAccessibleName("Search result")
        buttons = [
            self._button("findPrevious", "Previous", "Find previous", self.find_previous),
            self._button("findNext", "Next", "Find next", self.find_next),
            self._button("replaceOne", "Replace", "Replace this match", self.replace),
            self._button("replaceAll", "Replace all", "Replace every match", self.replace_all),
            self._button("findClose", "Close", "Close the find bar", self.hide),
        ]
        self._lay_out(*buttons)
        self.find_field.textChanged.connect(self._search_changed)
        self.match_case.toggled.connect(self._search_changed)
        self.whole_words.toggled.connect(self._search_changed)
        self.find_field.installEventFilter(self)
        self.replace_field.installEventFilter(self)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)

    def _lay_out(
        self,
        previous: QPushButton,
        next_: QPushButton,
        replace_one: QPushButton,
        replace_all: QPushButton,
        close: QPushButton,
    ) -> None:
        # Two rows, finding above replacing: in one row the bar needed 710 px, more than the
        # editor has beside the article list on a 1024 px screen, and widened the window.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find_field, 0, 0)
        layout.addWidget(previous, 0, 1)
        layout.addWidget(next_, 0, 2)
        layout.addWidget(self.match_case, 0, 3)
        layout.addWidget(self.whole_words, 0, 4)
        layout.addWidget(close, 0, 5, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.replace_field, 1, 0)
        layout.addWidget(replace_one, 1, 1)
        layout.addWidget(replace_all, 1, 2)
        layout.addWidget(self.status_label, 1, 3, 1, 3)
        layout.setColumnStretch(0, 1)
        # "Continued from the top · 1,234 in all" wraps rather than widening the bar.
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        field_width = self.fontMetrics().averageCharWidth() * FIELD_MINIMUM_CHARACTERS
        for field in (self.find_field, self.replace_field):
            field.setMinimumWidth(field_width)

    def _field(self, name: str, placeholder: str, accessible: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(accessible)
        field.setClearButtonEnabled(True)
        return field

    def _check(self, name: str, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setAccessibleName(text.replace("&", ""))
        return box

    def _button(
        self, name: str, text: str, accessible: str, slot: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: slot())
        return button

    # --- showing -------------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar, searching for the editor's selection if there is a short one."""
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:  # a paragraph separator: not a search term
            self.find_field.setText(selected)
        self.show()
        self.find_field.setFocus()
        self.find_field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter searches on; in the replace field it replaces, as in most editors.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if watched is self.replace_field and not backwards:
                self.replace()
            elif backwards:
                self.find_previous()
            else:
                self.find_next()
            return True
        return super().eventFilter(watched, event)

    # --- searching -----------------------------------------------------------------------

    def _flags(self, backwards: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.match_case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.whole_words.isChecked():
            flags |= QTextDocument.FindFlag.FindWholeWords
        if backwards:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _find(self, backwards: bool) -> bool:
        term = self.find_field.text()
        if not term:
            self._show_status("", found=True)
            return False
        document = self._editor.document()
        found = document.find(term, self._editor.textCursor(), self._flags(backwards))
        wrapped = found.isNull()
        if wrapped:
            # Round to the other end, as readers of a long article expect.
            start = QTextCursor(document)
            if backwards:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = document.find(term, start, self._flags(backwards))
        if found.isNull():
            self._show_status("Not found", found=False)
            self.searched.emit(False)
            return False
        self._editor.setTextCursor(found)
        where = ("Continued from the end" if backwards else "Continued from the top") + " · "
        self._show_status(f"{where if wrapped else ''}{self.count_matches():,} in all", found=True)
        self.searched.emit(True)
        return True

    def find_next(self) -> bool:
        return self._find(backwards=False)

    def find_previous(self) -> bool:
        return self._find(backwards=True)

    def count_matches(self) -> int:
        term = self.find_field.text()
        if not term:
            return 0
        document, flags = self._editor.document(), self._flags()
        count, cursor = 0, document.find(term, 0, flags)
        while not cursor.isNull():
            count += 1
            cursor = document.find(term, cursor, flags)
        return count

    def _selection_matches(self) -> bool:
        selected = self._editor.textCursor().selectedText()
        term = self.find_field.text()
        if not selected or not term:
            return False
        if self.match_case.isChecked():
            return selected == term
        return selected.casefold() == term.casefold()

    # --- replacing -----------------------------------------------------------------------

    def replace(self) -> bool:
        """Replace the selected match, if it is one, and move on to the next match."""
        replaced = False
        if self._selection_matches():
            self._editor.textCursor().insertText(self.replace_field.text())
            replaced = True
        self.find_next()
        return replaced

    def replace_all(self) -> int:
        """Replace every match as one undoable step; the number replaced."""
        term, replacement = self.find_field.text(), self.replace_field.text()
        if not term:
            self._show_status("", found=True)
            return 0
        document, flags = self._editor.document(), self._flags()
        count = 0
        editing = QTextCursor(document)
        editing.beginEditBlock()
        found = document.find(term, 0, flags)
        while not found.isNull():
            editing.setPosition(found.selectionStart())
            editing.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
            editing.insertText(replacement)
            count += 1
            # From after the replacement, so a replacement containing the term is not found.
            found = document.find(term, editing.position(), flags)
        editing.endEditBlock()
        self._show_status(f"Replaced {count:,}" if count else "Not found", found=bool(count))
        return count

    # --- reporting -----------------------------------------------------------------------

    def _search_changed(self) -> None:
        if not self.find_field.text():
            self._show_status("", found=True)
            return
        count = self.count_matches()
        self._show_status(
            f"{count:,} match{'' if count == 1 else 'es'}" if count else "Not found",
            found=bool(count),
        )

    def _show_status(self, text: str, *, found: bool) -> None:
        self.status_label.setText(text)
        background = theme.colors().not_found_background.name()
        self.find_field.setStyleSheet(
            "" if found else f"QLineEdit {{ background-color: {background}; }}"
        )
        self.find_field.setProperty("notFound", not found)

    @property
    def not_found(self) -> bool:
        return bool(self.find_field.property("notFound"))
