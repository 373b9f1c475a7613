"""Ctrl+B, Ctrl+I and Ctrl+K on the body's selection: wrap, unwrap, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.articles.markdown_format import Edit, MarkdownKeys, toggle_emphasis, toggle_link

CTRL = Qt.KeyboardModifier.ControlModifier


def applied(text: str, edit: Edit) -> tuple[str, str]:
    """The text after the edit, and what it leaves selected."""
    result = text[: edit.start] + edit.text + text[edit.end :]
    return result, result[edit.select_start : edit.select_end]


def test_bold_wraps_the_selection_and_keeps_it_selected() -> None:
    text = "The mayor said no."
    start = text.index("mayor")
    assert applied(text, toggle_emphasis(text, start, start + 5, 2)) == (
        "The **mayor** said no.",
        "mayor",
    )


@pytest.mark.parametrize(
    ("text", "selected"),
    [("The **mayor** said", "mayor"), ("The **mayor** said", "**mayor**")],
    ids=["inside the stars", "stars selected"],
)
def test_bold_again_takes_the_stars_away(text: str, selected: str) -> None:
    start = text.index(selected)
    assert applied(text, toggle_emphasis(text, start, start + len(selected), 2)) == (
        "The mayor said",
        "mayor",
    )


def test_italic_inside_bold_makes_both_and_comes_off_again() -> None:
    text = "a **word** b"
    start = text.index("word")
    both, selected = applied(text, toggle_emphasis(text, start, start + 4, 1))
    assert (both, selected) == ("a ***word*** b", "word")
    start = both.index("word")
    assert applied(both, toggle_emphasis(both, start, start + 4, 1))[0] == text
    # Bold comes off a bold italic word and leaves the italic.
    assert applied(both, toggle_emphasis(both, start, start + 4, 2))[0] == "a *word* b"


def test_two_bold_words_selected_together_become_one_bold_span() -> None:
    text = "**a** and **b**"
    assert applied(text, toggle_emphasis(text, 0, len(text), 2)) == ("**a and b**", "a and b")
    text = "*a* and *b*"
    assert applied(text, toggle_emphasis(text, 0, len(text), 1)) == ("*a and b*", "a and b")
    # A bold word inside an italic span does not make it two.
    text = "*a **b** c*"
    assert applied(text, toggle_emphasis(text, 0, len(text), 1))[0] == "a **b** c"


def test_without_a_selection_the_word_at_the_cursor_is_used() -> None:
    text = "one two three"
    assert applied(text, toggle_emphasis(text, 5, 5, 1)) == ("one *two* three", "two")
    assert applied("", toggle_emphasis("", 0, 0, 2)) == ("****", "")


def test_link_wraps_text_and_selects_the_address_to_type() -> None:
    text = "Read the report today"
    start = text.index("the report")
    result, selected = applied(text, toggle_link(text, start, start + 10))
    assert (result, selected) == ("Read [the report](url) today", "url")


def test_a_selected_address_becomes_the_target() -> None:
    text = "See https://example.org/a now"
    start = text.index("https")
    end = text.index(" now")
    result, selected = applied(text, toggle_link(text, start, end))
    assert (result, selected) == ("See [link text](https://example.org/a) now", "link text")


@pytest.mark.parametrize("selected", ["report", "[report](https://x.org)"])
def test_link_again_takes_the_link_away(selected: str) -> None:
    text = "A [report](https://x.org) here"
    start = text.index(selected)
    assert applied(text, toggle_link(text, start, start + len(selected))) == (
        "A report here",
        "report",
    )


# --- through the widget ----------------------------------------------------------------


@pytest.fixture
def body(qtbot: QtBot) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    MarkdownKeys(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.setFocus()
    return edit


def select(edit: QPlainTextEdit, line: int, start: int, end: int) -> None:
    block = edit.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + start)
    cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def test_keys_format_the_selection_as_one_undo_step(body: QPlainTextEdit, qtbot: QtBot) -> None:
    body.setPlainText("First line\nThe mayor said no.\nLast line")
    select(body, 1, 4, 9)
    qtbot.keyClick(body, Qt.Key.Key_B, CTRL)
    assert body.toPlainText() == "First line\nThe **mayor** said no.\nLast line"
    assert body.textCursor().selectedText() == "mayor"
    qtbot.keyClick(body, Qt.Key.Key_I, CTRL)
    assert body.toPlainText() == "First line\nThe ***mayor*** said no.\nLast line"
    qtbot.keyClick(body, Qt.Key.Key_K, CTRL)
    assert body.toPlainText() == "First line\nThe ***[mayor](url)*** said no.\nLast line"
    assert body.textCursor().selectedText() == "url"
    qtbot.keyClick(body, Qt.Key.Key_Z, CTRL)
    assert body.toPlainText() == "First line\nThe ***mayor*** said no.\nLast line"
    qtbot.keyClick(body, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(body, Qt.Key.Key_Z, CTRL)
    assert body.toPlainText() == "First line\nThe mayor said no.\nLast line"


def test_keys_do_nothing_in_a_read_only_body(body: QPlainTextEdit, qtbot: QtBot) -> None:
    body.setPlainText("The mayor")
    body.setReadOnly(True)
    select(body, 0, 4, 9)
    qtbot.keyClick(body, Qt.Key.Key_B, CTRL)
    assert body.toPlainText() == "The mayor"
