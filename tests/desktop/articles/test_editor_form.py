"""The editor a journalist expects: Markdown keys and hint, notes that fold away, the status
list that says why, and a preview that scrolls along with the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from database.statuses import ArticleStatus
from desktop import dialogs
from desktop.articles.editor import ArticleEditor
from desktop.articles.recovery import RecoveryStore
from desktop.context import AppContext
from desktop.main_window import MainWindow
from desktop.shortcuts_dialog import shortcuts_text

CTRL = Qt.KeyboardModifier.ControlModifier


def make_editor(qtbot: QtBot, context: AppContext, tmp_path: Path) -> ArticleEditor:
    made = ArticleEditor(context, RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(made)
    made.resize(1000, 700)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def editor(qtbot: QtBot, context: AppContext, tmp_path: Path) -> ArticleEditor:
    made = make_editor(qtbot, context, tmp_path)
    made.new_article()
    return made


def select_words(editor: ArticleEditor, words: str) -> None:
    body = editor.form.body_edit
    start = body.toPlainText().index(words)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)


# --- Ctrl+I: italic in the body, Import everywhere else ---------------------------------


def test_ctrl_i_is_italic_in_the_body_and_import_elsewhere(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    imports: list[str] = []
    monkeypatch.setattr(dialogs, "choose_import_files", lambda _parent: imports.append("") or [])
    window.editor.new_article()
    form = window.editor.form
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form.body_edit.setFocus()
    qtbot.keyClicks(form.body_edit, "The mayor said no")
    select_words(window.editor, "mayor")
    qtbot.keyClick(form.body_edit, Qt.Key.Key_I, CTRL)
    assert form.body_edit.toPlainText() == "The *mayor* said no"
    assert imports == []
    qtbot.keyClick(form.body_edit, Qt.Key.Key_B, CTRL)
    assert form.body_edit.toPlainText() == "The ***mayor*** said no"
    form.title_edit.setFocus()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_I, CTRL)
    assert imports == [""]  # the window's Import, as before
    assert form.body_edit.toPlainText() == "The ***mayor*** said no"


def test_the_shortcuts_dialog_tells_the_body_keys(window: MainWindow) -> None:
    text = shortcuts_text(window.actions.all())
    for key in ("Ctrl+B", "Ctrl+K"):
        assert key in text
    assert "Italic" in text and "Import elsewhere" in text


def test_undo_takes_back_a_formatting_key_in_one_step(editor: ArticleEditor, qtbot: QtBot) -> None:
    body = editor.form.body_edit
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    body.setFocus()
    qtbot.keyClicks(body, "Read the report")
    select_words(editor, "report")
    qtbot.keyClick(body, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(body, "https://example.org")
    assert body.toPlainText() == "Read the [report](https://example.org)"
    editor.undo()  # the typed address
    editor.undo()  # the link, at once
    assert body.toPlainText() == "Read the report"


# --- the Markdown hint ------------------------------------------------------------------


def test_the_body_says_it_is_markdown(editor: ArticleEditor) -> None:
    hint = editor.findChild(QLabel, "articleMarkdownHint")
    assert hint is not None and hint.isVisible()
    assert "**bold**" in hint.text() and "[link](url)" in hint.text()
    assert hint.textFormat() == Qt.TextFormat.PlainText
    assert "Ctrl+B" in hint.toolTip()


def test_the_markdown_hint_is_whole_at_1024(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1024, 700)
    window.editor.new_article()
    hint = window.findChild(QLabel, "articleMarkdownHint")
    assert hint is not None
    qtbot.waitUntil(lambda: hint.isVisible())
    assert hint.width() >= hint.fontMetrics().horizontalAdvance(hint.text())


# --- the notes fold -----------------------------------------------------------------------


def test_notes_fold_away_and_the_choice_is_remembered(
    editor: ArticleEditor, qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    toggle = editor.findChild(QToolButton, "articleNotesToggle")
    pane = editor.findChild(QWidget, "articleNotesPane")
    assert toggle is not None and pane is not None
    assert pane.isVisible() and toggle.text() == "Notes ▾"
    body_height = editor.form.body_edit.height()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not pane.isVisible() and toggle.text() == "Notes ▸"
    qtbot.waitUntil(lambda: editor.form.body_edit.height() > body_height)  # the text gets it
    assert context.settings.editor_notes_shown is False
    later = make_editor(qtbot, context, tmp_path)
    later.new_article()
    assert not later.findChild(QWidget, "articleNotesPane").isVisible()
    qtbot.mouseClick(later.findChild(QToolButton, "articleNotesToggle"), Qt.MouseButton.LeftButton)
    assert later.findChild(QWidget, "articleNotesPane").isVisible()
    assert context.settings.editor_notes_shown is True


# --- the status list ----------------------------------------------------------------------


def test_the_status_list_explains_the_way_to_published(
    editor: ArticleEditor, context: AppContext
) -> None:
    hint = editor.findChild(QLabel, "articleStatusHint")
    assert hint is not None and hint.isVisible()
    assert hint.text() == "Publishing needs a review first: Draft → In review → Published"
    tip = editor.form.status_combo.toolTip()
    assert "Published is not offered" in tip and "Archived is not offered" in tip
    editor.form.title_edit.setText("Council budget")
    editor.form.status_combo.setCurrentIndex(1)  # In review
    assert editor.save()
    assert editor.loaded_article is not None
    assert editor.loaded_article.status is ArticleStatus.IN_REVIEW
    assert hint.text().startswith("Only a published article is archived")
    assert "Published is not offered" not in editor.form.status_combo.toolTip()


# --- the preview follows the body's scrolling -------------------------------------------


def test_the_preview_scrolls_with_the_body(editor: ArticleEditor, qtbot: QtBot) -> None:
    form = editor.form
    form.body_edit.setPlainText(
        "\n".join(f"Paragraph {number} of a long article." for number in range(300))
    )
    form.render_preview()
    preview_bar = form.preview.verticalScrollBar()
    qtbot.waitUntil(lambda: not form.preview.rendering and preview_bar.maximum() > 0)
    body_bar = form.body_edit.verticalScrollBar()
    body_bar.setValue(body_bar.maximum())
    assert preview_bar.value() == preview_bar.maximum()
    body_bar.setValue(body_bar.maximum() // 2)
    assert abs(preview_bar.value() / preview_bar.maximum() - 0.5) < 0.02
    # Re-rendered after typing (off the GUI thread), the preview stays at the body's place.
    form.body_edit.appendPlainText("\n".join(f"More {number}." for number in range(300)))
    body_bar.setValue(body_bar.maximum() // 4)
    form.render_preview()
    qtbot.waitUntil(lambda: "More 299." in form.preview.toPlainText())
    qtbot.waitUntil(lambda: abs(preview_bar.value() / preview_bar.maximum() - 0.25) < 0.02)
