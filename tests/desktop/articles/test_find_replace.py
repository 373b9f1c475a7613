import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.articles.find_replace import FindReplaceBar

TEXT = "The council met. The Council agreed.\ncouncillors left the council chamber."


class Host(QWidget):
    """An editor with its find bar, as the article editor has them."""

    def __init__(self) -> None:
        super().__init__()
        self.editor = QPlainTextEdit(TEXT, self)
        self.bar = FindReplaceBar(self.editor, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.bar)


@pytest.fixture
def host(qtbot: QtBot) -> Host:
    widget = Host()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def bar(host: Host) -> FindReplaceBar:
    return host.bar


def editor_of(bar: FindReplaceBar) -> QPlainTextEdit:
    host = bar.parent()
    assert isinstance(host, Host)
    return host.editor


def selection(bar: FindReplaceBar) -> tuple[int, str]:
    cursor = editor_of(bar).textCursor()
    return cursor.selectionStart(), cursor.selectedText()


def test_find_next_and_previous_wrap_around(bar: FindReplaceBar) -> None:
    bar.find_field.setText("council")
    assert bar.status_label.text() == "4 matches"
    assert bar.find_next() and selection(bar) == (4, "council")
    assert bar.find_next() and selection(bar) == (21, "Council")
    assert bar.find_previous() and selection(bar) == (4, "council")
    assert bar.find_previous()  # round to the end
    assert selection(bar) == (TEXT.rindex("council"), "council")
    assert "Continued from the end" in bar.status_label.text()


def test_match_case_and_whole_words(bar: FindReplaceBar) -> None:
    bar.find_field.setText("council")
    bar.match_case.setChecked(True)
    assert bar.count_matches() == 3
    bar.whole_words.setChecked(True)
    assert bar.count_matches() == 2
    bar.match_case.setChecked(False)
    assert bar.count_matches() == 3  # not "Councillors"


def test_not_found_is_shown(bar: FindReplaceBar, qtbot: QtBot) -> None:
    bar.find_field.setText("mayor")
    assert bar.not_found and bar.status_label.text() == "Not found"
    with qtbot.waitSignal(bar.searched) as blocker:
        assert not bar.find_next()
    assert blocker.args == [False]
    bar.find_field.setText("met")
    assert not bar.not_found


def test_enter_finds_next_and_shift_enter_previous(bar: FindReplaceBar, qtbot: QtBot) -> None:
    bar.open_bar()
    bar.find_field.setText("the")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert selection(bar) == (0, "The")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert selection(bar) == (17, "The")
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert selection(bar) == (0, "The")


def test_escape_hides_the_bar(bar: FindReplaceBar, qtbot: QtBot) -> None:
    bar.open_bar()
    assert bar.isVisible()
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_opening_searches_for_the_selection(bar: FindReplaceBar) -> None:
    bar.hide()
    cursor = editor_of(bar).textCursor()
    cursor.setPosition(4)
    cursor.setPosition(11, cursor.MoveMode.KeepAnchor)
    editor_of(bar).setTextCursor(cursor)
    bar.open_bar()
    assert bar.isVisible() and bar.find_field.text() == "council"


def test_replace_replaces_the_current_match_and_moves_on(bar: FindReplaceBar) -> None:
    bar.find_field.setText("council")
    bar.replace_field.setText("board")
    assert not bar.replace()  # nothing selected yet: it only finds
    assert bar.replace()
    assert editor_of(bar).toPlainText().startswith("The board met. The Council")
    assert selection(bar) == (19, "Council")


def test_replace_all_is_one_undo_step(bar: FindReplaceBar) -> None:
    editor = editor_of(bar)
    bar.find_field.setText("council")
    bar.replace_field.setText("council of the council")  # contains the term: must not loop
    bar.whole_words.setChecked(True)
    assert bar.replace_all() == 3
    assert editor.toPlainText().count("council of the council") == 3
    assert "councillors left" in editor.toPlainText()
    assert bar.status_label.text() == "Replaced 3"
    editor.undo()
    assert editor.toPlainText() == TEXT
    editor.redo()
    assert editor.toPlainText().count("council of the council") == 3


def test_nothing_to_find_does_nothing(bar: FindReplaceBar) -> None:
    assert not bar.find_next()
    assert bar.replace_all() == 0
    assert editor_of(bar).toPlainText() == TEXT and not bar.not_found


def test_the_bar_fits_beside_the_article_list_on_a_small_screen(bar: FindReplaceBar) -> None:
    # In one row it needed 710 px and widened the window past a 1280 px screen.
    assert bar.minimumSizeHint().width() <= 600
    assert bar.replace_field.y() > bar.find_field.y()  # replacing on a row of its own
    bar.status_label.setText("Continued from the top · 12,345 in all")
    assert bar.minimumSizeHint().width() <= 600  # a long report wraps
