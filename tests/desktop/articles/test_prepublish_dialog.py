"""The pre-publish checklist, through the window: a save that publishes an article failing a
check shows `prePublishChecklist`; cancelled, nothing is published; an item clicked (or
Enter on it) goes there; publishing anyway needs a reason, kept in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from database.services.prepublish import CheckKey
from database.statuses import ArticleStatus, CommentStatus
from desktop.articles.prepublish_dialog import PrePublishChecklist
from desktop.main_window import ARTICLES_TAB, MODERATION_TAB, MainWindow


def test_the_checklist_takes_the_previews_link_schemes() -> None:
    from database.services.prepublish import LINK_SCHEMES
    from desktop.articles.preview import LINK_SCHEMES as previews

    assert previews == LINK_SCHEMES  # the default, for callers without a preview


def checklist_shown(qtbot: QtBot) -> PrePublishChecklist:
    """The checklist as a person (or a test harness) finds it: a visible top-level window."""
    found: list[PrePublishChecklist] = []

    def up() -> bool:
        found[:] = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.objectName() == "prePublishChecklist" and widget.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(up)
    (dialog,) = found
    assert isinstance(dialog, PrePublishChecklist)
    return dialog


def no_checklist() -> bool:
    return not any(
        widget.objectName() == "prePublishChecklist" and widget.isVisible()
        for widget in QApplication.topLevelWidgets()
    )


def choose_status(window: MainWindow, status: ArticleStatus) -> None:
    combo = window.editor.form.status_combo
    assert combo.objectName() == "articleStatus"
    index = combo.findData(status.value)
    assert index >= 0, f"{status} not offered"
    combo.setCurrentIndex(index)


def save(window: MainWindow) -> None:
    action = window.actions.save
    assert action.objectName() == "actionSave" and action.isEnabled()
    action.trigger()


def stored_status(window: MainWindow, article_id: int) -> ArticleStatus:
    return window.context.articles.get(article_id).status


@pytest.fixture
def sample_in_review(window: MainWindow, imported_samples: list[Path], qtbot: QtBot) -> int:
    """A sample article (imported Published, by a provisional author, with comments
    waiting), taken back to In review and open: the next move is to Published."""
    article_id = window.context.articles.ids()[0]
    window.article_list.refresh()
    window.open_article(article_id)
    assert window.context.authors.get(window.editor.loaded_article.author_id).needs_name  # type: ignore[union-attr]
    choose_status(window, ArticleStatus.IN_REVIEW)
    save(window)  # moving away from Published: no checklist
    assert no_checklist()
    assert stored_status(window, article_id) is ArticleStatus.IN_REVIEW
    return article_id


def test_publishing_a_provisional_authors_article_shows_the_checklist_and_cancel_publishes_nothing(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    body = window.editor.form.body_edit
    body.appendPlainText("A line added before publishing.")
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    assert dialog.isModal() and dialog.parent() is not None
    checks = [item.check for item in dialog.items]
    assert checks[0] is CheckKey.AUTHOR and CheckKey.PENDING_COMMENTS in checks
    assert stored_status(window, sample_in_review) is ArticleStatus.IN_REVIEW  # not yet
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(no_checklist)
    assert stored_status(window, sample_in_review) is ArticleStatus.IN_REVIEW
    # The status list says so too; the line typed is still there, unsaved.
    assert window.editor.form.status_combo.currentText() == "In review"
    assert body.toPlainText().endswith("A line added before publishing.")
    assert window.editor.is_dirty
    assert "A line added" not in window.context.articles.get(sample_in_review).body


def test_escape_cancels_too(window: MainWindow, sample_in_review: int, qtbot: QtBot) -> None:
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(no_checklist)
    assert stored_status(window, sample_in_review) is ArticleStatus.IN_REVIEW
    assert not window.editor.is_dirty  # only the status had changed, and it went back


def test_publishing_anyway_needs_a_reason_which_the_history_keeps(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    assert not dialog.publish_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.publish_button.isEnabled()  # spaces are no reason
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, "Council deadline; byline follows")
    assert dialog.publish_button.isEnabled()
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(no_checklist)
    assert stored_status(window, sample_in_review) is ArticleStatus.PUBLISHED
    newest = window.context.articles.revisions(sample_in_review)[0]
    assert newest.status is ArticleStatus.IN_REVIEW  # the version it replaced
    assert newest.reason == "Council deadline; byline follows"
    assert not window.editor.is_dirty


def test_enter_in_the_reason_publishes_and_without_one_does_not(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible()  # no reason yet: nothing happens
    qtbot.keyClicks(dialog.reason, "Agreed with the editor")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(no_checklist)
    assert stored_status(window, sample_in_review) is ArticleStatus.PUBLISHED


def test_a_click_on_an_item_goes_to_its_line(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    body = window.editor.form.body_edit
    body.setPlainText("First paragraph.\nSecond paragraph.\nSee [the file](ftp://example.org/x).")
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    (row,) = [n for n, item in enumerate(dialog.items) if item.check is CheckKey.LINKS]
    assert dialog.items[row].where == "Text, line 3"
    list_item = dialog.list.item(row)
    assert "Text, line 3" in list_item.text()
    rect = dialog.list.visualItemRect(list_item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(no_checklist)
    window.activateWindow()
    qtbot.waitUntil(body.hasFocus)
    cursor = body.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (2, len("See "))
    # Nothing saved; Published stays chosen, for the Save after the fix.
    assert stored_status(window, sample_in_review) is ArticleStatus.IN_REVIEW
    assert window.editor.form.status_combo.currentText() == "Published"
    assert window.editor.is_dirty


def test_enter_on_an_item_goes_to_the_field(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    assert dialog.list.hasFocus() or dialog.focusWidget() is dialog.list
    assert dialog.list.currentRow() == 0  # the author: fields come first
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(no_checklist)
    window.activateWindow()
    qtbot.waitUntil(window.editor.form.author_combo.hasFocus)
    assert stored_status(window, sample_in_review) is ArticleStatus.IN_REVIEW


def test_the_comments_item_goes_to_them_in_moderation(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    dialog = checklist_shown(qtbot)
    (row,) = [n for n, i in enumerate(dialog.items) if i.check is CheckKey.PENDING_COMMENTS]
    dialog.list.setCurrentRow(row)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == MODERATION_TAB)
    filters = window.moderation.filter_bar.filters()
    assert (filters.status, filters.article_id) == (CommentStatus.PENDING, sample_in_review)


def test_nothing_failing_publishes_without_a_dialog(window: MainWindow, qtbot: QtBot) -> None:
    context = window.context
    author = context.authors.create_named("Jo Bloggs", "Jo covers the harbour.")
    created = context.articles.create(
        "Harbour reopens", "Ships are back.\nThe quay is mended.", author_id=author.id
    )
    window.editor.reload_authors()
    window.open_article(created.id)
    choose_status(window, ArticleStatus.IN_REVIEW)
    save(window)
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    assert no_checklist()
    assert stored_status(window, created.id) is ArticleStatus.PUBLISHED


def test_a_published_article_saved_again_is_not_checked(
    window: MainWindow, imported_samples: list[Path], qtbot: QtBot
) -> None:
    article_id = window.context.articles.ids()[0]
    window.open_article(article_id)
    window.editor.form.body_edit.appendPlainText("A correction.")
    save(window)
    assert no_checklist()
    assert window.context.articles.get(article_id).body.endswith("A correction.")


def test_the_newsroom_switches_checks_off(
    window: MainWindow, sample_in_review: int, qtbot: QtBot
) -> None:
    action = window.findChild(type(window.actions.save), "actionChecklistSettings")
    assert action is not None
    action.trigger()
    found = [
        w for w in QApplication.topLevelWidgets() if w.objectName() == "checklistSettingsDialog"
    ]
    qtbot.waitUntil(lambda: any(w.isVisible() for w in found))
    (settings,) = found
    assert isinstance(settings, QDialog)
    for key in (CheckKey.AUTHOR, CheckKey.PENDING_COMMENTS):
        box = settings.findChild(QCheckBox, f"checklistItem_{key.value}")
        assert box is not None and box.isChecked()
        box.setChecked(False)
    buttons = settings.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not settings.isVisible())
    assert window.editor.publish_gate.service.enabled_checks() == frozenset(CheckKey) - {
        CheckKey.AUTHOR,
        CheckKey.PENDING_COMMENTS,
    }
    # The sample fails nothing else: it publishes at once.
    window.tabs.setCurrentIndex(ARTICLES_TAB)
    choose_status(window, ArticleStatus.PUBLISHED)
    save(window)
    assert no_checklist()
    assert stored_status(window, sample_in_review) is ArticleStatus.PUBLISHED
