"""The Articles area on laptop screens: 1366 × 768, 1280 × 800 and 1024 × 700.

The real window, resized and shown: the search keeps its width, body and preview stay
readable, the find bar does not widen the window, the list's headers show whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTextBrowser

from database.services.authors import AuthorChanges
from desktop.app import create_main_window
from desktop.articles.list_model import Column
from desktop.articles.text_splitter import BODY_MINIMUM_WIDTH, PREVIEW_MINIMUM_WIDTH
from desktop.main_window import MainWindow
from desktop.settings import Settings

LONG_NAME = "Maximiliane Wilhelmina Featherstonehaugh-Cholmondeley of the Evening Gazette"
LAPTOPS = [(1366, 768), (1280, 800), (1024, 700)]


def search(window: MainWindow) -> QLineEdit:
    found = window.findChild(QLineEdit, "articleSearch")
    assert found is not None
    return found


def body(window: MainWindow) -> QPlainTextEdit:
    found = window.findChild(QPlainTextEdit, "articleBodyEdit")
    assert found is not None
    return found


def preview(window: MainWindow) -> QTextBrowser:
    found = window.findChild(QTextBrowser, "articlePreview")
    assert found is not None
    return found


def author_filter(window: MainWindow) -> QComboBox:
    found = window.findChild(QComboBox, "articleAuthorFilter")
    assert found is not None
    return found


def at_size(qtbot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    # The splitters share the width as the resize reaches them.
    qtbot.waitUntil(lambda: body(window).width() >= BODY_MINIMUM_WIDTH)


@pytest.fixture
def desk(qtbot, imported_samples: list[Path], window: MainWindow) -> MainWindow:
    """The window over the samples, an author with a very long name among them, an article
    open in the editor."""
    window.context.authors.create(AuthorChanges(display_name=LONG_NAME, bio="Writes at length."))
    window._authors_changed()
    window.article_list.refresh()
    first = window.article_list.model.article_id(0)
    window.open_article(first)
    qtbot.waitUntil(lambda: window.editor.current_article_id == first)
    return window


@pytest.mark.parametrize(("width", "height"), LAPTOPS)
def test_the_search_and_the_body_keep_their_room(qtbot, desk: MainWindow, width, height) -> None:
    at_size(qtbot, desk, width, height)
    assert search(desk).width() >= 200
    assert body(desk).width() >= BODY_MINIMUM_WIDTH


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 800)])
def test_body_and_preview_are_both_readable(qtbot, desk: MainWindow, width, height) -> None:
    at_size(qtbot, desk, width, height)
    assert preview(desk).isVisible()
    assert body(desk).width() >= BODY_MINIMUM_WIDTH
    assert preview(desk).width() >= PREVIEW_MINIMUM_WIDTH


def test_at_1024_the_list_gives_way_before_the_editor(qtbot, desk: MainWindow) -> None:
    at_size(qtbot, desk, 1024, 700)
    # Preview shown by default, and room for both: the list narrowed instead.
    assert preview(desk).isVisible() and preview(desk).width() >= PREVIEW_MINIMUM_WIDTH
    list_width, editor_width = desk.article_splitter.sizes()
    assert list_width >= desk.article_list.minimumSizeHint().width()
    assert list_width < editor_width


def test_the_find_bar_does_not_widen_the_window(qtbot, desk: MainWindow) -> None:
    at_size(qtbot, desk, 1280, 800)
    desk.actions.find.trigger()
    bar = desk.editor.form.find_bar
    qtbot.waitUntil(bar.isVisible)
    # A long report in the bar wraps rather than widening it.
    bar.status_label.setText("Continued from the top · 12,345 in all")
    for width, height in [(1280, 800), (1024, 700)]:
        desk.resize(width, height)
        qtbot.waitUntil(lambda w=width: desk.width() == w)
        assert desk.minimumSizeHint().width() <= 1024
        assert desk.minimumSize().width() <= 1024
        assert bar.width() <= desk.width()
    assert body(desk).width() >= BODY_MINIMUM_WIDTH


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1280, 800)])
def test_every_header_of_the_list_shows_whole(qtbot, desk: MainWindow, width, height) -> None:
    at_size(qtbot, desk, width, height)
    table = desk.article_list.table
    header = table.horizontalHeader()
    for column in Column:
        # sectionSizeFromContents: the header's text, margins and sort arrow.
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
        right_edge = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right_edge <= header.viewport().width(), column.name


def test_a_long_author_name_elides_in_the_filter(qtbot, desk: MainWindow) -> None:
    at_size(qtbot, desk, 1280, 800)
    combo = author_filter(desk)
    index = combo.findText(LONG_NAME)
    assert index > 0
    assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == LONG_NAME
    assert combo.width() < combo.fontMetrics().horizontalAdvance(LONG_NAME)
    combo.setCurrentIndex(index)
    assert combo.toolTip() == LONG_NAME
    assert search(desk).width() >= 200


def test_the_preview_folds_by_choice_and_the_choice_is_remembered(
    qtbot, desk: MainWindow, database_url: str
) -> None:
    at_size(qtbot, desk, 1024, 700)
    toggle = desk.actions.toggle_preview
    assert toggle.objectName() == "actionTogglePreview" and toggle.isChecked()
    before = body(desk).width()
    desk.editor.form.preview_toggle.click()  # the button in the editor is the same choice
    assert not toggle.isChecked()
    qtbot.waitUntil(lambda: not preview(desk).isVisible())
    qtbot.waitUntil(lambda: body(desk).width() > before)
    assert Settings().editor_preview_shown is False

    again = create_main_window(database_url)
    qtbot.addWidget(again)
    try:
        assert not again.actions.toggle_preview.isChecked()
        assert not again.editor.form.preview_shown
    finally:
        again.context.database.dispose()

    toggle.trigger()
    qtbot.waitUntil(lambda: preview(desk).isVisible())
    assert Settings().editor_preview_shown is True
    assert preview(desk).width() >= PREVIEW_MINIMUM_WIDTH


def test_the_preview_key_is_free(desk: MainWindow) -> None:
    keys = desk.actions.toggle_preview.shortcut()
    assert keys == QKeySequence("Ctrl+Shift+P")
    others = [action for action in desk.actions.all() if action is not desk.actions.toggle_preview]
    assert all(keys not in action.shortcuts() for action in others)
    from desktop.shortcuts_dialog import shortcuts_text

    assert "Preview beside the text" in shortcuts_text(desk.actions.all())


def test_the_preview_key_works_while_typing(qtbot, desk: MainWindow) -> None:
    at_size(qtbot, desk, 1280, 800)
    desk.activateWindow()
    body(desk).setFocus()
    qtbot.waitUntil(body(desk).hasFocus)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(body(desk), Qt.Key.Key_P, ctrl_shift)
    qtbot.waitUntil(lambda: not preview(desk).isVisible())
    assert not desk.actions.toggle_preview.isChecked()
    assert body(desk).hasFocus()  # the text keeps the focus
    qtbot.keyClick(body(desk), Qt.Key.Key_P, ctrl_shift)
    qtbot.waitUntil(lambda: preview(desk).isVisible())


def test_a_narrow_window_folds_the_preview_until_there_is_room(qtbot, desk: MainWindow) -> None:
    desk.resize(800, 600)
    qtbot.waitUntil(lambda: desk.width() == 800)
    qtbot.waitUntil(lambda: not preview(desk).isVisible())
    assert desk.editor.form.text_splitter.folded_for_room
    assert desk.actions.toggle_preview.isChecked()  # still the person's choice
    assert "room" in desk.actions.toggle_preview.toolTip()
    assert body(desk).width() >= BODY_MINIMUM_WIDTH
    at_size(qtbot, desk, 1280, 800)
    qtbot.waitUntil(lambda: preview(desk).isVisible())
    assert not desk.editor.form.text_splitter.folded_for_room
    assert preview(desk).width() >= PREVIEW_MINIMUM_WIDTH


def test_a_restored_cramped_split_is_shared_again(
    qtbot, imported_samples: list[Path], database_url: str
) -> None:
    first = create_main_window(database_url)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(1280, 800)
    qtbot.waitUntil(lambda: first.width() == 1280)
    # As a person might have left it with the old splitter: the editor squeezed shut.
    first.article_splitter.setChildrenCollapsible(True)
    first.article_splitter.setSizes([1276, 0])
    assert first.article_splitter.sizes()[1] == 0
    first.close()
    first.context.database.dispose()
    saved = Settings().window_state("articleSplitter")
    assert isinstance(saved, QByteArray)

    second = create_main_window(database_url)
    qtbot.addWidget(second)
    try:
        second.show()
        qtbot.waitExposed(second)
        second.open_article(second.article_list.model.article_id(0))
        at_size(qtbot, second, 1280, 800)
        qtbot.waitUntil(lambda: preview(second).width() >= PREVIEW_MINIMUM_WIDTH)
        assert body(second).width() >= BODY_MINIMUM_WIDTH
        assert not second.article_splitter.childrenCollapsible()
    finally:
        second.editor.maybe_save = lambda: True  # type: ignore[method-assign]
        second.close()
        second.context.database.dispose()
