"""Bold, italic and link on the body's selection (Ctrl+B, Ctrl+I, Ctrl+K), as Markdown.

Each command wraps the selection in its markers, or takes them away when the selection is
already wrapped, as one step of the editor's undo history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

LINK_PLACEHOLDER = "url"
TEXT_PLACEHOLDER = "link text"
_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\n]*)\)")
_LINK_TAIL = re.compile(r"\]\([^)\n]*\)")
_WORD = re.compile(r"[\w'’-]+")
# The markers of bold (2) and of italic (1) inside a selection; a lone star is italic's.
_MARKERS = {2: re.compile(r"\*\*"), 1: re.compile(r"(?<!\*)\*(?!\*)")}


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] with `text`, then select text[select_start:select_end] of the
    result (positions in the whole text after the edit)."""

    start: int
    end: int
    text: str
    select_start: int
    select_end: int


def _stars_before(text: str, position: int, marker: str) -> int:
    count = 0
    while position - count > 0 and text[position - count - 1] == marker:
        count += 1
    return count


def _stars_after(text: str, position: int, marker: str) -> int:
    count = 0
    while position + count < len(text) and text[position + count] == marker:
        count += 1
    return count


def _wraps(run: int, width: int) -> bool:
    """Whether a run of `run` stars holds emphasis of `width` (2 bold, 1 italic): *** is both."""
    return run >= 2 if width == 2 else run in (1, 3)


def toggle_emphasis(text: str, start: int, end: int, width: int) -> Edit:
    """Bold (`width` 2) or italic (1) on text[start:end]: markers added, or taken away if the
    selection already has them (inside or just outside it). Nothing selected: the word at
    the cursor, or an empty pair of markers to type into."""
    marker = "*" * width
    if start == end:
        start, end = _word_at(text, start)
    selected = text[start:end]
    inner_before = _stars_after(selected, 0, "*")
    inner_after = _stars_before(selected, len(selected), "*")
    unwrapped = selected[width:-width]
    if len(selected) > 2 * width and _wraps(inner_before, width) and _wraps(inner_after, width):
        if not _MARKERS[width].search(unwrapped.strip("*")):
            return Edit(start, end, unwrapped, start, start + len(unwrapped))
        # "**a** and **b**": two bold words, not one span. Made one, as word processors do.
        joined = marker + _MARKERS[width].sub("", selected) + marker
        return Edit(start, end, joined, start + width, start + len(joined) - width)
    outer_before = _stars_before(text, start, "*")
    outer_after = _stars_after(text, end, "*")
    if start < end and _wraps(outer_before, width) and _wraps(outer_after, width):
        return Edit(start - width, end + width, selected, start - width, end - width)
    wrapped = f"{marker}{selected}{marker}"
    return Edit(start, end, wrapped, start + width, start + width + len(selected))


def toggle_link(text: str, start: int, end: int) -> Edit:
    """[selection](url) with "url" selected to type over; a selected address becomes the
    link's target instead. A selected link, or the text of one, loses its link."""
    if start == end:
        start, end = _word_at(text, start)
    selected = text[start:end]
    whole = _LINK.fullmatch(selected)
    if whole:
        label = whole.group(1)
        return Edit(start, end, label, start, start + len(label))
    tail = _LINK_TAIL.match(text, end)
    if start > 0 and text[start - 1] == "[" and tail and "]" not in selected:
        return Edit(start - 1, tail.end(), selected, start - 1, end - 1)
    if _URL.fullmatch(selected):
        made = f"[{TEXT_PLACEHOLDER}]({selected})"
        return Edit(start, end, made, start + 1, start + 1 + len(TEXT_PLACEHOLDER))
    made = f"[{selected}]({LINK_PLACEHOLDER})"
    target = start + len(selected) + 3
    if not selected:
        return Edit(start, end, made, start + 1, start + 1)
    return Edit(start, end, made, target, target + len(LINK_PLACEHOLDER))


def _word_at(text: str, position: int) -> tuple[int, int]:
    for word in _WORD.finditer(text):
        if word.start() <= position <= word.end():
            return word.span()
        if word.start() > position:
            break
    return position, position


def _block_bounds(edit: QPlainTextEdit) -> tuple[int, int, str]:
    """The paragraphs the selection touches: commands look no further (a 100,000-character
    body is not copied out on every key), and Markdown emphasis never spans paragraphs."""
    cursor = edit.textCursor()
    document = edit.document()
    first = document.findBlock(cursor.selectionStart())
    last = document.findBlock(cursor.selectionEnd())
    begin = first.position()
    finish = last.position() + last.length() - 1
    grab = QTextCursor(document)
    grab.setPosition(begin)
    grab.setPosition(finish, QTextCursor.MoveMode.KeepAnchor)
    # QTextCursor gives U+2029 between paragraphs; the text has newlines.
    return begin, finish, grab.selectedText().replace("\u2029", "\n")


def apply(edit: QPlainTextEdit, command: str) -> None:
    """Run "bold", "italic" or "link" on the editor's selection, as one undo step."""
    cursor = edit.textCursor()
    begin, _finish, text = _block_bounds(edit)
    start, end = cursor.selectionStart() - begin, cursor.selectionEnd() - begin
    if command == "link":
        change = toggle_link(text, start, end)
    else:
        change = toggle_emphasis(text, start, end, 2 if command == "bold" else 1)
    cursor.beginEditBlock()
    cursor.setPosition(begin + change.start)
    cursor.setPosition(begin + change.end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(change.text)
    cursor.endEditBlock()
    cursor.setPosition(begin + change.select_start)
    cursor.setPosition(begin + change.select_end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


# Ctrl+I is also the window's Import: in the body it means italic, as in every editor, and
# is claimed before the window's shortcuts are looked up. Everywhere else it still imports.
KEYS = {
    QKeySequence("Ctrl+B"): "bold",
    QKeySequence("Ctrl+I"): "italic",
    QKeySequence("Ctrl+K"): "link",
}


class MarkdownKeys(QObject):
    """Ctrl+B, Ctrl+I and Ctrl+K in a body editor; its event filter, owned by it."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.setObjectName("markdownKeys")
        self._edit = edit
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or self._edit.isReadOnly():
            return False
        command = KEYS.get(QKeySequence(event.keyCombination()))
        if command is None:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key is the editor's, not the window's Import
            return True
        if event.type() == QEvent.Type.KeyPress:
            apply(self._edit, command)
            return True
        return False
