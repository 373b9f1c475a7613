"""Markdown in the article body, coloured as it is typed.

The body carries the Markdown the preview renders (desktop/articles/preview.py: Markdown with
sane lists, fenced code and tables, one paragraph per line). Each block is highlighted by
itself with a few regular expressions; the only state carried from block to block is
"inside a fenced code block", so a key press re-highlights one paragraph, not the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
)
from PySide6.QtWidgets import QPlainTextEdit

from desktop import theme

# Block states: -1 is Qt's "never highlighted", read as "not in code".
OUTSIDE_CODE = 0
INSIDE_CODE = 1

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+.*|$)")
SETEXT_RULE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
QUOTE = re.compile(r"^ {0,3}(>[ \t]?)+")
LIST_ITEM = re.compile(r"^[ \t]*([-*+]|\d{1,9}[.)])(?=[ \t]|$)")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Each pattern reads at most SPAN characters from where it starts (a link's text and target
# stop at a bracket): unbounded, a paragraph of 20,000 `[` or `*a ` took a second a key.
SPAN = 500
# Spans coloured in one paragraph at most: Qt lays out a paragraph of more format changes in
# superlinear time (5,000 code spans in a line: 0.7 s a key; 500: 20 ms).
MAX_SPANS = 400
_SPAN = f".{{1,{SPAN}}}?"  # what a pattern's lazy middle may take
INLINE_CODE = re.compile(rf"(`+)(?!`)({_SPAN})(?<!`)\1(?!`)")
LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^)\s\[\]]*)(?:\s+\"[^\"]*\")?\)")
AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]+>")
BOLD = re.compile(rf"(\*\*|__)(?=\S)({_SPAN})(?<=\S)\1")
ITALIC = re.compile(
    rf"(?<![*\w])\*(?=[^\s*])({_SPAN})(?<=[^\s*])\*(?!\*)"  # *one*, not **two**
    rf"|(?<![_\w])_(?=\S)({_SPAN})(?<=\S)_(?![_\w])"  # _one_, not snake_case_words
)


@dataclass(frozen=True)
class MarkdownColors:
    """Ink for each kind of Markdown, chosen to read on the editor's background."""

    heading: QColor
    marker: QColor  # the syntax itself: #, **, >, -, the brackets of a link
    link: QColor
    code: QColor
    quote: QColor
    list_marker: QColor
    misspelt: QColor  # the spell checker's underline


# Both tables keep 4.5:1 (WCAG AA) against the usual light and dark editor backgrounds:
# tests/desktop/articles/test_markdown_highlighter.py checks it.
_LIGHT = {
    "heading": "#0b4f8a",
    "link": "#0550ae",
    "code": "#8a3a00",
    "quote": "#4d5761",
    "list_marker": "#6f35c7",
    "misspelt": "#d0021b",
}
_DARK = {
    "heading": "#8cc8ff",
    "link": "#6cb6ff",
    "code": "#ffb77a",
    "quote": "#b4bcc5",
    "list_marker": "#d2a8ff",
    "misspelt": "#ff6b6b",
}


def markdown_colors(palette: QPalette) -> MarkdownColors:
    table = _DARK if theme.is_dark(palette) else _LIGHT
    # The markers take the palette's own muted ink: present, but quieter than the words.
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    return MarkdownColors(marker=muted, **{role: QColor(value) for role, value in table.items()})


class Formats:
    """The character formats of one palette, built once rather than per block."""

    def __init__(self, colors: MarkdownColors) -> None:
        self.marker = self._ink(colors.marker)
        self.heading = self._ink(colors.heading)
        self.heading.setFontWeight(QFont.Weight.Bold)
        self.heading_marker = self._ink(colors.marker)
        self.heading_marker.setFontWeight(QFont.Weight.Bold)
        self.bold = QTextCharFormat()
        self.bold.setFontWeight(QFont.Weight.Bold)
        self.italic = QTextCharFormat()
        self.italic.setFontItalic(True)
        self.link_text = self._ink(colors.link)
        self.link_text.setFontUnderline(True)
        self.link_target = self._ink(colors.marker)
        self.code = self._ink(colors.code)
        self.code.setFontFixedPitch(True)
        self.code.setFontFamilies(["monospace"])
        self.quote = self._ink(colors.quote)
        self.quote.setFontItalic(True)
        self.list_marker = self._ink(colors.list_marker)
        self.list_marker.setFontWeight(QFont.Weight.Bold)
        # Merged over the Markdown's formats: a misspelt word in a heading stays a heading.
        self.misspelt = QTextCharFormat()
        self.misspelt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.misspelt.setUnderlineColor(QColor(colors.misspelt))

    @staticmethod
    def _ink(color: QColor) -> QTextCharFormat:
        made = QTextCharFormat()
        made.setForeground(color)
        return made


class MisspeltWord(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


class MisspeltWords(Protocol):
    def misspelt_in(self, text: str) -> Sequence[MisspeltWord]: ...


# Underlined words in one paragraph at most, for the reason of MAX_SPANS: a paragraph of
# thousands of them (a pasted table, a foreign text) would make every key slow.
MAX_MISSPELT = 300


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours headings, bold, italic, links, code, quotes and list markers in `editor`.

    Follows the editor's palette: a switch between light and dark re-colours the text.
    """

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor.document())
        self.setObjectName("markdownHighlighter")
        self._editor = editor
        self._dark = theme.is_dark(editor.palette())
        self.formats = Formats(markdown_colors(editor.palette()))
        # Spell checking, when the editor has it (desktop/articles/spelling_fields.py): a
        # document takes one highlighter, so this one underlines what it says is misspelt.
        self.spelling: MisspeltWords | None = None
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            palette = self._editor.palette()
            if theme.is_dark(palette) != self._dark:  # a real switch, not a repaint
                self._dark = theme.is_dark(palette)
                self.formats = Formats(markdown_colors(palette))
                self.rehighlight()
        return False

    # --- one block -----------------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        in_code = self.previousBlockState() == INSIDE_CODE or FENCE.match(text) is not None
        self._markdown(text)
        if self.spelling is not None and not in_code:
            for word in self.spelling.misspelt_in(text)[:MAX_MISSPELT]:
                self._merge(word.start, word.end - word.start, self.formats.misspelt)

    def _markdown(self, text: str) -> None:
        formats = self.formats
        in_code = self.previousBlockState() == INSIDE_CODE
        fence = FENCE.match(text)
        if in_code or fence:
            self.setFormat(0, len(text), formats.code)
            # An opening fence starts code; inside code, a fence closes it.
            self.setCurrentBlockState(OUTSIDE_CODE if in_code and fence else INSIDE_CODE)
            return
        self.setCurrentBlockState(OUTSIDE_CODE)
        if heading := HEADING.match(text):
            self.setFormat(0, len(text), formats.heading)
            self.setFormat(heading.start(1), len(heading.group(1)), formats.heading_marker)
            self._inline(text, len(heading.group(0)) - len(heading.group(0).lstrip()))
            return
        if RULE.match(text) or SETEXT_RULE.match(text):
            self.setFormat(0, len(text), formats.heading_marker)
            return
        start = 0
        if quote := QUOTE.match(text):
            self.setFormat(0, len(text), formats.quote)
            self.setFormat(0, quote.end(), formats.marker)
            start = quote.end()
        if item := LIST_ITEM.match(text, start):
            self.setFormat(item.start(1), len(item.group(1)), formats.list_marker)
            start = item.end()
        self._inline(text, start)

    def _inline(self, text: str, start: int) -> None:
        formats = self.formats
        left = MAX_SPANS

        def found(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
            nonlocal left
            for match in pattern.finditer(text, start):
                if left <= 0:
                    return
                left -= 1
                yield match

        # Code spans first: what is inside them is not Markdown, so nothing else colours it.
        starts: list[int] = []  # of the code spans, which follow each other without overlap
        ends: list[int] = []
        for code in found(INLINE_CODE):
            self.setFormat(code.start(), code.end() - code.start(), formats.code)
            starts.append(code.start())
            ends.append(code.end())

        def free(match: re.Match[str]) -> bool:
            # Only the last code span that starts before the match ends can overlap it.
            before = bisect.bisect_left(starts, match.end()) - 1
            return before < 0 or ends[before] <= match.start()

        for link in found(LINK):
            if free(link):
                self.setFormat(link.start(), link.end() - link.start(), formats.link_target)
                self._merge(link.start(1), len(link.group(1)), formats.link_text)
        for link in found(AUTOLINK):
            if free(link):
                self._merge(link.start(), link.end() - link.start(), formats.link_text)
        for strong in found(BOLD):
            if free(strong):
                self._emphasis(strong, formats.bold, 2)
        for emphasis in found(ITALIC):
            if free(emphasis):
                self._emphasis(emphasis, formats.italic, 1)

    def _emphasis(self, match: re.Match[str], style: QTextCharFormat, marker: int) -> None:
        start, end = match.span()
        self._merge(start, end - start, style)
        for at in (start, end - marker):
            self._merge(at, marker, self.formats.marker)

    def _merge(self, start: int, length: int, extra: QTextCharFormat) -> None:
        """Add `extra` to what is already there, character by character (bold in a link, a
        heading's italic word): setFormat alone would replace the heading's colour."""
        position = start
        while position < start + length:
            current = self.format(position)
            run = 1
            while position + run < start + length and self.format(position + run) == current:
                run += 1
            merged = QTextCharFormat(current)
            merged.merge(extra)
            self.setFormat(position, run, merged)
            position += run
