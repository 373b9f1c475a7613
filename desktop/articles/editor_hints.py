"""Small aids around the article editor: what the body's syntax is, the notes' fold button,
and the line that tells why a status is not offered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from desktop import theme

MARKDOWN_HINT = "Markdown: **bold**, *italic*, [link](url), # heading"
MARKDOWN_HINT_TIP = (
    "The text is Markdown, one paragraph per line.\n"
    "**bold** (Ctrl+B), *italic* (Ctrl+I), [link text](https://…) (Ctrl+K),\n"
    "# Heading, ## Smaller heading, > quotation, - list item, 1. numbered item, `code`."
)
NOTES_SHOWN_TEXT = "Notes ▾"
NOTES_FOLDED_TEXT = "Notes ▸"


def small_muted_label(text: str, name: str, parent: QWidget) -> QLabel:
    """Quiet text in a slightly smaller font, in the palette's muted ink (light or dark)."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    theme.tint(label, "muted_text")
    return label


def markdown_hint(parent: QWidget) -> QLabel:
    label = small_muted_label(MARKDOWN_HINT, "articleMarkdownHint", parent)
    label.setAccessibleName("The text is Markdown")
    label.setToolTip(MARKDOWN_HINT_TIP)
    return label


def status_hint_label(parent: QWidget) -> QLabel:
    label = small_muted_label("", "articleStatusHint", parent)
    label.setAccessibleName("Why some statuses are not offered")
    label.setWordWrap(True)
    return label


class NotesToggle(QToolButton):
    """Folds the editorial notes away and back; `shownChanged` tells the person's choice."""

    shownChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleNotesToggle")
        self.setCheckable(True)
        self.setChecked(True)
        self.setAutoRaise(True)
        self.setToolTip("Show or hide the editorial notes (internal, never published)")
        self._show_state(True)
        self.toggled.connect(self._toggled)

    def _toggled(self, shown: bool) -> None:
        self._show_state(shown)
        self.shownChanged.emit(shown)

    def _show_state(self, shown: bool) -> None:
        self.setText(NOTES_SHOWN_TEXT if shown else NOTES_FOLDED_TEXT)
        self.setAccessibleName("Hide the editorial notes" if shown else "Show the editorial notes")
