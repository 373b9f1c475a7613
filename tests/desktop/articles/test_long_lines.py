"""A text field holding a run of thousands of characters without a space wraps at spaces only."""

from __future__ import annotations

import time

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.articles.long_lines import LONG_RUN, LongRunWrap

USUAL = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def field(qtbot: QtBot) -> tuple[QPlainTextEdit, LongRunWrap]:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.resize(200, 300)
    edit.show()
    return edit, LongRunWrap(edit)


def test_an_article_with_a_long_run_wraps_at_spaces_and_the_next_one_as_usual(
    qtbot: QtBot,
) -> None:
    edit, wrap = field(qtbot)
    edit.setPlainText("Words and a link https://example.com/" + "p" * 200)
    assert edit.wordWrapMode() == USUAL and not wrap.spaces_only
    edit.setPlainText("First line\n" + ">" * 20_000)
    assert wrap.spaces_only
    edit.setPlainText("An ordinary article")
    assert edit.wordWrapMode() == USUAL


def test_typing_or_pasting_a_long_run_switches_too(qtbot: QtBot) -> None:
    edit, wrap = field(qtbot)
    edit.setPlainText("An ordinary article\nwith two lines")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText(" " + "[" * (LONG_RUN - 1))
    assert not wrap.spaces_only
    edit.insertPlainText("[")
    assert wrap.spaces_only


def test_a_long_run_is_laid_out_fast_in_a_narrow_field(qtbot: QtBot) -> None:
    edit, _wrap = field(qtbot)
    edit.resize(120, 300)
    start = time.perf_counter()
    edit.setPlainText("x" * 200_000)
    qtbot.wait(1)
    took = time.perf_counter() - start
    assert took < 0.25, f"{took:.2f} s"  # 4 s when broken anywhere
