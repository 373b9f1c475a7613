"""Bounds on the preview's work, so that no article text can freeze the window.

Articles come from outside, and some text costs far more than its length: Python-Markdown
reads 20,000 `[` in a paragraph in quadratic time (40 s), a line of `>` nests block quotes
until it fails, and Qt lays out a long unbroken word in a narrow, deeply nested column in
quadratic time (96 KB of `>` stalled the window 138 s). Measured on that text, Markdown's own
regular expressions also hold the GIL, so a slow render stalls the GUI thread even though it
runs on a worker. Each bound below cuts one of these costs down to linear, and every change
it makes is said in a notice above the preview. No Qt here: these are plain functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_PREVIEW_CHARACTERS = 100_000  # the archive's articles: 4-6 KB; Qt lays this out in 0.1 s
NESTING_LIMIT = 8  # quotes and list items within each other, on one line
INDENT_LIMIT = 4 * (NESTING_LIMIT + 1)  # columns of leading white space: lists nest by them
# One kind of mark, counted in a paragraph, times the paragraph's length: Markdown tries each
# unmatched `[`, `<`, `*`… against the rest of the paragraph. 2,000,000 is 100 marks in a
# paragraph of 20,000 characters, about 0.3 s of Markdown; past it the paragraph is plain text.
MARKUP_BUDGET = 2_000_000
# What Qt lays out in about 20 ms; its time grows faster than the count past these.
HTML_DEPTH_LIMIT = 32  # elements within each other
TABLE_CELLS_LIMIT = 400  # a table of 10,000 cells: 1.5 s
LIST_ITEMS_LIMIT = 500  # a list of 20,000 items: 28 s
# A run of non-space characters longer than LONG_WORD (a URL, 20,000 `>`) may break after
# every WORD_PIECE of them; shorter words break only at spaces, as always.
LONG_WORD = 30
WORD_PIECE = 10

_MARKS = "[<*_`!&"  # the characters that start Markdown's inline patterns
_ESCAPED = "\\`*_{}[]()<>!&"  # those plain text must have escaped not to be read as Markdown

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
# One container on a line: a quote marker, or a list item's marker followed by a blank.
_CONTAINER = re.compile(r"[ \t]*(?:(>)|([-*+])(?=[ \t])|\d{1,9}([.)])(?=[ \t]))[ \t]?")
_LEADING_BLANKS = re.compile(r"[ \t]*")
# "<" and a letter that no ">" closes before the next "<": Python-Markdown's search for raw
# HTML blocks (html.parser) reads on from each one to the end of the text, across lines.
_UNCLOSED_TAG = re.compile(r"<[A-Za-z][^<>]*+(?!>)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*>")
_VOID_TAGS = frozenset({"br", "hr", "img", "wbr", "col", "input", "meta", "link", "area"})
_TAG_OR_LONG_WORD = re.compile(
    # nh3 escapes < and > everywhere but in tags, so a tag runs from < to the next >. A
    # character reference counts as one character: a break never falls inside one.
    rf"<[^>]*>|(?:&[^;\s<&]{{1,32}};|[^\s<&\u200b]){{{LONG_WORD + 1},}}"
)
_WORD_CHARACTER = re.compile(r"&[^;\s<&]{1,32};|.", re.DOTALL)
BREAK = "\u200b"  # zero-width space: where Qt may break a line, never shown


class Cut(Enum):
    """A bound an article reached, as the notice above the preview says it."""

    NESTING = "it has more nesting than the preview can lay out"
    MARKUP = "a paragraph has more Markdown marks than the preview can read"
    TABLE = "a table has more cells than the preview can lay out, so its rows are lines of text"
    LIST = "a list has more items than the preview can lay out, so the rest are paragraphs"
    LENGTH = f"only its first {MAX_PREVIEW_CHARACTERS:,} characters are shown"


OVERDUE_NOTICE = "The preview shows plain text: this article is taking too long to lay out."
FAILED_NOTICE = "The preview shows plain text: this article could not be laid out."


def notice_for(cuts: Iterable[Cut]) -> str:
    """The sentence above a preview that was bounded; "" when nothing was cut."""
    reached = [cut for cut in Cut if cut in set(cuts)]
    if not reached:
        return ""
    if reached == [Cut.LENGTH]:
        return f"This article is long: {Cut.LENGTH.value}."
    return (
        "Part of this article is shown as plain text: " + "; ".join(c.value for c in reached) + "."
    )


@dataclass(frozen=True)
class BoundedText:
    """Markdown the renderer can read in bounded time, and what was given up for it."""

    text: str
    cuts: frozenset[Cut]
    # Whether Markdown may look for raw HTML blocks in it within MARKUP_BUDGET; if not, tags
    # are read where they stand in a paragraph, which nh3 makes the same HTML of.
    html_blocks: bool = True


def bound_markdown(text: str) -> BoundedText:
    """`text` cut to MAX_PREVIEW_CHARACTERS, with nesting on each line beyond NESTING_LIMIT
    (and leading blanks beyond INDENT_LIMIT) shown as plain text. Fenced code is left alone:
    Markdown reads nothing in it."""
    cuts: set[Cut] = set()
    if len(text) > MAX_PREVIEW_CHARACTERS:
        text = text[:MAX_PREVIEW_CHARACTERS]
        cuts.add(Cut.LENGTH)
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        bounded = _bounded_line(line)
        if bounded is not line:
            lines[index] = bounded
            cuts.add(Cut.NESTING)
    text = "\n".join(lines)
    unclosed = sum(1 for _tag in _UNCLOSED_TAG.finditer(text))
    return BoundedText(text, frozenset(cuts), html_blocks=unclosed * len(text) <= MARKUP_BUDGET)


def _bounded_line(line: str) -> str:
    """`line` itself if it nests within bounds, else a copy that does."""
    blanks = _LEADING_BLANKS.match(line)
    assert blanks is not None  # matches the empty string too
    if len(blanks.group(0).expandtabs(4)) > INDENT_LIMIT:
        line = " " * INDENT_LIMIT + line[blanks.end() :]
    if _RULE.fullmatch(line):  # "- - - - - - - - - -" is a rule, not ten lists
        return line
    position = 0
    for _depth in range(NESTING_LIMIT):
        container = _CONTAINER.match(line, position)
        if container is None:
            return line
        position = container.end()
    container = _CONTAINER.match(line, position)
    if container is None:
        return line
    # The marker one too deep is escaped: from there on the line is text.
    group = next(number for number in (1, 2, 3) if container.group(number))
    marker = container.start(group)
    return line[:marker] + "\\" + line[marker:]


class MarkupGuard:
    """A Markdown tree processor, run before the inline patterns: a paragraph (any text the
    inline patterns would read) with more marks than MARKUP_BUDGET allows has all its marks
    escaped, so that it is shown as plain text, as typed, in linear time."""

    def __init__(self) -> None:
        from markdown import util  # imported with Markdown itself, when the first article opens

        self._atomic = util.AtomicString
        # Markdown's own escapes: its unescape step after the inline patterns restores them.
        self._escapes = {ord(char): f"{util.STX}{ord(char)}{util.ETX}" for char in _ESCAPED}
        self.reached = False  # since the last reset: a paragraph was shown as plain text

    def reset(self) -> None:
        self.reached = False

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.text:
                element.text = self._guarded(element.text)
            if element.tail:
                element.tail = self._guarded(element.tail)

    def _guarded(self, text: str) -> str:
        if isinstance(text, self._atomic):  # code: the inline patterns skip it anyway
            return text
        length = len(text)
        if all(text.count(mark) * length <= MARKUP_BUDGET for mark in _MARKS):
            return text
        self.reached = True
        return text.translate(self._escapes)


def bound_html(sanitized_html: str) -> tuple[str, frozenset[Cut]]:
    """`sanitized_html` as Qt lays it out in bounded time, and what that gave up: elements
    deeper than HTML_DEPTH_LIMIT unwrapped (their text kept), a table of more than
    TABLE_CELLS_LIMIT cells as a paragraph a row, list items past LIST_ITEMS_LIMIT as
    paragraphs. Expects nh3's output: every element closed, in order."""
    if "<" not in sanitized_html:
        return sanitized_html, frozenset()
    return _HtmlBounds(sanitized_html).bounded()


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "th", "td"})
_CELLS = frozenset({"th", "td"})
_LISTS = frozenset({"ul", "ol"})


class _HtmlBounds:
    """One pass over the tags, after one that counts each table's cells."""

    def __init__(self, sanitized_html: str) -> None:
        self._html = sanitized_html
        self._tags = [tag for tag in _TAG.finditer(sanitized_html) if _name(tag) not in _VOID_TAGS]
        self._cuts: set[Cut] = set()
        self._parts: list[str] = []
        self._position = 0

    def bounded(self) -> tuple[str, frozenset[Cut]]:
        cells = self._cells_per_table()
        open_tags: list[str | None] = []  # what each open element's end tag becomes; None: kept
        tables: list[bool] = []  # for each open table: whether it is laid out as lines
        items: list[int] = []  # for each open list: its items so far
        depth = 0  # elements kept, within each other
        table_number = 0
        for tag in self._tags:
            name = _name(tag)
            if tag.group(1) == "/":
                if not open_tags:
                    continue  # not nh3's output: left as it is
                if name == "table":
                    tables.pop()
                elif name in _LISTS:
                    items.pop()
                end = open_tags.pop()
                if end is None:
                    depth -= 1
                else:
                    self._replace(tag, end)
                continue
            if name == "table":
                tables.append(cells[table_number] > TABLE_CELLS_LIMIT)
                table_number += 1
                if tables[-1]:
                    self._cuts.add(Cut.TABLE)
                    open_tags.append(self._replace(tag, "", ""))
                    continue
            elif name in _LISTS:
                items.append(0)
            if name in _TABLE_PARTS and tables and tables[-1]:
                # A row becomes a paragraph; its cells, words in it.
                opening, end = (
                    ("<p>", "</p>") if name == "tr" else ("", " " if name in _CELLS else "")
                )
                open_tags.append(self._replace(tag, opening, end))
            elif name == "li" and items and items[-1] >= LIST_ITEMS_LIMIT:
                self._cuts.add(Cut.LIST)
                open_tags.append(self._replace(tag, "<p>", "</p>"))
            elif depth >= HTML_DEPTH_LIMIT:
                self._cuts.add(Cut.NESTING)
                open_tags.append(self._replace(tag, "", ""))
            else:
                open_tags.append(None)
                depth += 1
            if name == "li" and items:
                items[-1] += 1
        if not self._parts:
            return self._html, frozenset(self._cuts)
        self._parts.append(self._html[self._position :])
        return "".join(self._parts), frozenset(self._cuts)

    def _cells_per_table(self) -> list[int]:
        """The cells of each table (not those of tables within it), in order of opening."""
        counts: list[int] = []
        open_tables: list[int] = []
        for tag in self._tags:
            name = _name(tag)
            if name == "table":
                if tag.group(1) == "/":
                    if open_tables:
                        open_tables.pop()
                else:
                    open_tables.append(len(counts))
                    counts.append(0)
            elif name in _CELLS and tag.group(1) != "/" and open_tables:
                counts[open_tables[-1]] += 1
        return counts

    def _replace(self, tag: re.Match[str], text: str, end: str | None = None) -> str | None:
        """Put `text` where `tag` is; returns `end`, what its end tag is to become."""
        self._parts.append(self._html[self._position : tag.start()])
        self._parts.append(text)
        self._position = tag.end()
        return end


def _name(tag: re.Match[str]) -> str:
    return tag.group(2).lower()


def break_long_words(sanitized_html: str) -> str:
    """`sanitized_html` with a zero-width space after every WORD_PIECE characters of a word
    longer than LONG_WORD: laid out as words, a line of 20,000 `>` costs Qt linear time,
    not quadratic."""
    return _TAG_OR_LONG_WORD.sub(_broken, sanitized_html)


def _broken(found: re.Match[str]) -> str:
    text = found.group(0)
    if text.startswith("<"):
        return text
    characters = _WORD_CHARACTER.findall(text)
    pieces = (
        "".join(characters[at : at + WORD_PIECE]) for at in range(0, len(characters), WORD_PIECE)
    )
    return BREAK.join(pieces)


def notice_html(notice: str) -> str:
    """The notice as the first paragraph of the preview; "" for none."""
    return f"<p><em>{html.escape(notice)}</em></p>\n" if notice else ""


def plain_text_html(text: str, notice: str) -> str:
    """The article as plain text, one paragraph per line, under `notice`: what the preview
    shows when the render failed or ran out of time. Linear in the text's length."""
    shown = text[:MAX_PREVIEW_CHARACTERS]
    paragraphs = "\n".join(
        f"<p>{html.escape(line)}</p>" for line in shown.split("\n") if line.strip()
    )
    return notice_html(notice) + break_long_words(paragraphs)
