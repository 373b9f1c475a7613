"""The body's Markdown colouring: what it marks, in which ink, and how little it redoes."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QColor, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.articles.markdown_highlighter import (
    INSIDE_CODE,
    OUTSIDE_CODE,
    MarkdownHighlighter,
    markdown_colors,
)

Role = QPalette.ColorRole


def make_palette(window: str, text: str, base: str, placeholder: str) -> QPalette:
    palette = QPalette()
    palette.setColor(Role.Window, QColor(window))
    for role in (Role.WindowText, Role.Text):
        palette.setColor(role, QColor(text))
    palette.setColor(Role.Base, QColor(base))
    palette.setColor(Role.PlaceholderText, QColor(placeholder))
    return palette


LIGHT = make_palette("#efefef", "#000000", "#ffffff", "#6d6d6d")
DARK = make_palette("#2b2b2b", "#e6e6e6", "#1e1e1e", "#9a9a9a")


def contrast(one: QColor, other: QColor) -> float:
    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(part) for part in color.getRgbF()[:3])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def edit(qtbot: QtBot) -> QPlainTextEdit:
    made = QPlainTextEdit()
    qtbot.addWidget(made)
    made.setPalette(LIGHT)
    return made


def highlighted(edit: QPlainTextEdit, text: str) -> MarkdownHighlighter:
    highlighter = MarkdownHighlighter(edit)
    edit.setPlainText(text)
    return highlighter


def format_at(edit: QPlainTextEdit, line: int, column: int) -> QTextCharFormat:
    """The highlighter's format for one character (line and column from 0)."""
    block = edit.document().findBlockByNumber(line)
    spans = block.layout().formats()
    for span in spans:
        if span.start <= column < span.start + span.length:
            return QTextCharFormat(span.format)  # a copy: the list's own goes with the list
    return QTextCharFormat()


def ink(edit: QPlainTextEdit, line: int, column: int) -> str:
    return format_at(edit, line, column).foreground().color().name()


def test_headings_are_bold_in_the_heading_colour(edit: QPlainTextEdit) -> None:
    highlighted(edit, "## A heading\nNot #a heading")
    colors = markdown_colors(LIGHT)
    assert format_at(edit, 0, 5).fontWeight() == QFont.Weight.Bold
    assert ink(edit, 0, 5) == colors.heading.name()
    assert ink(edit, 0, 0) == colors.marker.name()  # the hashes, quieter
    assert format_at(edit, 1, 5).fontWeight() != QFont.Weight.Bold


def test_bold_italic_and_their_markers(edit: QPlainTextEdit) -> None:
    text = "Some **strong** and *leaning* and _also_ words, snake_case_names too"
    highlighted(edit, text)
    marker = markdown_colors(LIGHT).marker.name()
    strong = text.index("strong")
    assert format_at(edit, 0, strong).fontWeight() == QFont.Weight.Bold
    assert ink(edit, 0, strong - 1) == marker  # the second star of **
    leaning = text.index("leaning")
    assert format_at(edit, 0, leaning).fontItalic()
    assert format_at(edit, 0, text.index("also")).fontItalic()
    assert not format_at(edit, 0, text.index("case")).fontItalic()
    assert not format_at(edit, 0, text.index("Some")).fontItalic()


def test_links_quotes_lists_and_code(edit: QPlainTextEdit) -> None:
    text = "\n".join(
        [
            "See [the council](https://example.org) now",
            "> A quoted line",
            "- an item",
            "12. a numbered item",
            "Use `**not bold**` here",
        ]
    )
    highlighted(edit, text)
    colors = markdown_colors(LIGHT)
    link = format_at(edit, 0, text.index("council"))
    assert link.fontUnderline() and link.foreground().color() == colors.link
    assert ink(edit, 0, text.index("example")) == colors.marker.name()  # the address, quieter
    assert format_at(edit, 1, 4).fontItalic() and ink(edit, 1, 4) == colors.quote.name()
    assert ink(edit, 2, 0) == colors.list_marker.name()
    assert ink(edit, 3, 1) == colors.list_marker.name()
    assert ink(edit, 3, 5) != colors.list_marker.name()
    inside = "Use `**not bold**` here".index("not")
    assert ink(edit, 4, inside) == colors.code.name()
    assert format_at(edit, 4, inside).fontWeight() != QFont.Weight.Bold  # code is not Markdown


def test_fenced_code_runs_until_its_closing_fence(edit: QPlainTextEdit) -> None:
    highlighted(edit, "Before\n```\n# not a heading\n```\nAfter **bold**")
    code = markdown_colors(LIGHT).code.name()
    document = edit.document()
    states = [document.findBlockByNumber(line).userState() for line in range(5)]
    assert states == [OUTSIDE_CODE, INSIDE_CODE, INSIDE_CODE, OUTSIDE_CODE, OUTSIDE_CODE]
    assert ink(edit, 2, 3) == code and format_at(edit, 2, 3).fontWeight() != QFont.Weight.Bold
    assert format_at(edit, 4, 9).fontWeight() == QFont.Weight.Bold


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_colours_read_on_the_editor_background(palette: QPalette) -> None:
    colors = markdown_colors(palette)
    base = palette.color(Role.Base)
    for name in ("heading", "link", "code", "quote", "list_marker"):
        ratio = contrast(getattr(colors, name), base)
        assert ratio >= 4.5, f"{name}: {ratio:.1f}:1"


def test_a_switch_to_dark_recolours_the_text(edit: QPlainTextEdit, qtbot: QtBot) -> None:
    highlighted(edit, "# Heading")
    assert ink(edit, 0, 3) == markdown_colors(LIGHT).heading.name()
    edit.setPalette(DARK)
    qtbot.waitUntil(lambda: ink(edit, 0, 3) == markdown_colors(DARK).heading.name())


def long_body(characters: int) -> str:
    line = (
        "A paragraph with **bold**, *italic*, a [link](https://example.org), `code` "
        "and plain words to make it as long as a real one."
    )
    lines = []
    while sum(map(len, lines)) < characters:
        number = len(lines)
        lines.append(f"## Part {number}" if number % 12 == 0 else line)
    return "\n".join(lines)


class CountingHighlighter(MarkdownHighlighter):
    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.blocks = 0

    def highlightBlock(self, text: str) -> None:
        self.blocks += 1
        super().highlightBlock(text)


def test_a_key_in_a_long_body_highlights_only_its_paragraph(edit: QPlainTextEdit) -> None:
    edit.setPlainText(long_body(100_000))
    highlighter = CountingHighlighter(edit)
    started = time.perf_counter()
    highlighter.rehighlight()
    took = time.perf_counter() - started
    assert highlighter.blocks == edit.document().blockCount()
    # About 35 ms on a laptop; generous for a busy test machine, but not for a whole-
    # document pass on every key.
    assert took < 1.5, f"rehighlight of 100,000 characters took {took * 1000:.0f} ms"
    highlighter.blocks = 0
    cursor = QTextCursor(edit.document().findBlockByNumber(400))
    cursor.insertText("x")
    assert highlighter.blocks == 1
