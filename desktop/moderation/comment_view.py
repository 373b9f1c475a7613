"""One comment, whole, with its article for context and what the rules matched highlighted.

Comments are written by strangers: the text goes into the document only through
QTextCursor.insertText, which never interprets markup, and the browser loads nothing, so a
comment can neither run anything nor make Copydesk fetch a file or a web address.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from database.services.comments import CommentDetail
from database.services.moderation_rules import Highlight, MatchKind
from desktop import theme


def highlight_colour(kind: MatchKind) -> QColor:
    """The marker for a matched link or word, readable in light and dark palettes."""
    found = theme.colors()
    return {
        MatchKind.LINK: found.link_match,
        MatchKind.HOLD_WORD: found.hold_match,
        MatchKind.SPAM_WORD: found.spam_match,
    }[kind]


HIGHLIGHT_NAMES = {
    MatchKind.LINK: "link",
    MatchKind.HOLD_WORD: "word that holds",
    MatchKind.SPAM_WORD: "spam word",
}


def _format(*, bold: bool = False, italic: bool = False, grey: bool = False) -> QTextCharFormat:
    char_format = QTextCharFormat()
    if bold:
        char_format.setFontWeight(QFont.Weight.Bold)
    char_format.setFontItalic(italic)
    if grey:
        char_format.setForeground(theme.colors().muted_text)
    return char_format


class CommentView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentView")
        self.setAccessibleName("Comment")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        # What the document asked to load, refused: kept so that tests can see it was asked.
        self.refused_resources: list[QUrl] = []
        self.shown_id: int | None = None
        self.clear_comment()

    def loadResource(self, kind: int, name: QUrl) -> object:
        self.refused_resources.append(QUrl(name))
        # Not None: given None, QTextDocument goes and reads local files by itself.
        return QByteArray()

    def clear_comment(self, message: str = "No comment selected.") -> None:
        self.shown_id = None
        self.clear()
        QTextCursor(self.document()).insertText(message, _format(italic=True, grey=True))

    def show_comment(self, detail: CommentDetail, spans: list[Highlight]) -> None:
        self.shown_id = detail.id
        self.clear()
        cursor = QTextCursor(self.document())
        cursor.insertText(detail.article_title, _format(bold=True))
        cursor.insertBlock()
        cursor.insertText(detail.article_opening, _format(italic=True, grey=True))
        cursor.insertBlock()
        cursor.insertBlock()
        received = detail.received_at.astimezone().strftime("%d %b %Y %H:%M")
        facts = f"Comment {detail.position} · {detail.status.value} · received {received}"
        if detail.held_reason:
            facts += f" · held because: {detail.held_reason}"
        cursor.insertText(facts, _format(grey=True))
        cursor.insertBlock()
        cursor.insertBlock()
        self._insert_body(cursor, detail.body, spans)
        if spans:
            cursor.insertBlock()
            cursor.insertBlock()
            present = {span.kind for span in spans}
            kinds = [kind for kind in MatchKind if kind in present]
            cursor.insertText("Highlighted: ", _format(grey=True))
            for number, kind in enumerate(kinds):
                if number:
                    cursor.insertText(", ", _format(grey=True))
                marked = _format()
                marked.setBackground(highlight_colour(kind))
                cursor.insertText(HIGHLIGHT_NAMES[kind], marked)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    @staticmethod
    def _insert_body(cursor: QTextCursor, body: str, spans: list[Highlight]) -> None:
        plain = QTextCharFormat()
        position = 0
        for span in spans:
            _insert_lines(cursor, body[position : span.start], plain)
            marked = QTextCharFormat()
            marked.setBackground(highlight_colour(span.kind))
            marked.setToolTip(HIGHLIGHT_NAMES[span.kind])
            _insert_lines(cursor, body[span.start : span.end], marked)
            position = span.end
        _insert_lines(cursor, body[position:], plain)


def _insert_lines(cursor: QTextCursor, text: str, char_format: QTextCharFormat) -> None:
    # insertText turns "\n" into a paragraph break itself, but says so nowhere; explicit
    # blocks keep the comment's paragraphs whatever Qt version.
    for number, line in enumerate(text.split("\n")):
        if number:
            cursor.insertBlock()
        if line:
            cursor.insertText(line, char_format)
