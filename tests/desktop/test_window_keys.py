"""Keys go where a person expects: real key presses on whatever widget has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from database.statuses import CommentStatus
from desktop import dialogs, operations
from desktop.main_window import ARTICLES_TAB, AUTHORS_TAB, MODERATION_TAB, MainWindow
from desktop.moderation import log_dialog, rules_dialog
from desktop.shortcuts_dialog import shortcuts_text

CTRL = Qt.KeyboardModifier.ControlModifier


def focus(qtbot, window: MainWindow, widget: QWidget) -> None:
    """Offscreen too, a widget has the focus only in the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """Press a key on the widget that has the focus, as a person does."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, modifier)


def focused_name() -> str:
    focused = QApplication.focusWidget()
    return focused.objectName() if focused is not None else ""


class ClaimsKey(QObject):
    """What a line edit does on Linux with Ctrl+E (end of line): it wants the key itself."""

    def __init__(self, key: Qt.Key) -> None:
        super().__init__()
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == self.key
        ):
            event.accept()
            return True
        return False


# --- the queue gets the keyboard -----------------------------------------------------------


def test_ctrl_3_from_the_article_search_lets_a_approve_at_once(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.article_list.refresh()
    focus(qtbot, window, window.findChild(QWidget, "articleSearch"))
    pending = window.context.comments.counts()[CommentStatus.PENDING]
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.tabs.currentIndex() == MODERATION_TAB
    assert focused_name() == "commentQueue"
    # The queue is read in the background; its first comment is made current when it comes.
    qtbot.waitUntil(lambda: window.moderation.triage.current_id() is not None)
    first = window.moderation.triage.current_id()
    press(qtbot, Qt.Key.Key_A)
    assert window.moderation.pending_count() == pending - 1  # at once, written behind
    qtbot.waitUntil(operations.idle)
    assert window.context.comments.get(first).status is CommentStatus.APPROVED
    assert window.context.comments.counts()[CommentStatus.PENDING] == pending - 1


def test_ctrl_3_again_brings_the_keyboard_back_from_the_comment_search(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.tabs.setCurrentIndex(MODERATION_TAB)
    focus(qtbot, window, window.findChild(QWidget, "commentSearch"))
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert focused_name() == "commentQueue"


def test_clicking_the_moderation_tab_gives_the_queue_the_focus(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.article_list.refresh()
    window.article_list.select_article(window.context.articles.ids()[0])
    qtbot.waitUntil(lambda: window.editor.is_open)
    focus(qtbot, window, window.findChild(QWidget, "articleTitleEdit"))
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(MODERATION_TAB).center())
    assert window.tabs.currentIndex() == MODERATION_TAB
    assert focused_name() == "commentQueue"


def test_arrow_keys_on_the_area_tabs_keep_the_focus_there_and_ctrl_3_leaves(
    qtbot, window: MainWindow, imported_samples
) -> None:
    bar = window.tabs.tabBar()
    focus(qtbot, window, bar)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    assert window.tabs.currentIndex() == MODERATION_TAB
    assert bar.hasFocus()
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert focused_name() == "commentQueue"


def test_closing_a_moderation_dialog_gives_the_queue_the_focus(
    qtbot, window: MainWindow, imported_samples, monkeypatch
) -> None:
    monkeypatch.setattr(rules_dialog, "edit_rules", lambda _parent, _rules: None)
    monkeypatch.setattr(log_dialog, "show_log", lambda _parent, _log: None)
    window.tabs.setCurrentIndex(MODERATION_TAB)
    search = window.findChild(QWidget, "commentSearch")
    actions = window.moderation.moderation_actions
    for action in (actions.rules, actions.log):
        focus(qtbot, window, search)
        action.trigger()
        assert focused_name() == "commentQueue", action.objectName()
    # The keys' list is not modal: it stays open beside the queue until closed.
    focus(qtbot, window, search)
    actions.keys.trigger()
    keys = window.findChild(QDialog, "moderationKeysDialog")
    assert keys is not None and keys.isVisible()
    keys.close()
    assert window.focusWidget() is window.moderation.view  # has it once the window is active
    window.activateWindow()
    qtbot.waitUntil(window.moderation.view.hasFocus)


def test_tab_through_the_filters_reaches_the_queue(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.tabs.setCurrentIndex(MODERATION_TAB)
    focus(qtbot, window, window.findChild(QWidget, "moderationQueues"))
    walked = [focused_name()]
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Tab)
        walked.append(focused_name())
    assert walked == [
        "moderationQueues",
        "commentArticleFilter",
        "commentReasonFilter",
        "commentSearch",
        "commentQueue",
    ]
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused_name() == "commentSearch"


def test_ctrl_1_and_ctrl_2_give_the_lists_the_focus(
    qtbot, window: MainWindow, imported_samples, settle
) -> None:
    window.article_list.refresh()
    window.authors.refresh()
    settle()  # the lists are read again in the background
    focus(qtbot, window, window.findChild(QWidget, "articleSearch"))
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert window.tabs.currentIndex() == AUTHORS_TAB
    assert focused_name() in {"authorList", "authorSearch"}
    press(qtbot, Qt.Key.Key_2, CTRL)  # again, already there: the list
    assert focused_name() == "authorList"
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.tabs.currentIndex() == ARTICLES_TAB
    assert focused_name() == "articleSearch"  # where the person left the articles
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert focused_name() == "articleList"
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert focused_name() == "authorList"


# --- Ctrl+S saves what the area edits ------------------------------------------------------


def test_ctrl_s_in_the_author_form_saves_the_profile(
    qtbot, window: MainWindow, imported_samples
) -> None:
    author = window.context.authors.list()[0]
    window.tabs.setCurrentIndex(AUTHORS_TAB)
    window.authors.select_author(author.id)
    name = window.findChild(QWidget, "authorNameEdit")
    focus(qtbot, window, name)
    assert not window.actions.save.isEnabled()
    name.selectAll()
    qtbot.keyClicks(name, "Ada Lovelace")
    assert window.actions.save.isEnabled()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert window.context.authors.get(author.id).display_name == "Ada Lovelace"
    assert window.statusBar().currentMessage() == "Saved profile of Ada Lovelace."
    assert not window.actions.save.isEnabled()
    assert "author profile" in window.actions.save.toolTip()


def test_ctrl_s_in_the_article_saves_it_and_save_follows_the_area(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.article_list.refresh()
    window.article_list.select_article(window.context.articles.ids()[0])
    qtbot.waitUntil(lambda: window.editor.is_open)
    title = window.findChild(QWidget, "articleTitleEdit")
    focus(qtbot, window, title)
    title.selectAll()
    qtbot.keyClicks(title, "Bins collected on Tuesdays")
    assert window.actions.save.isEnabled()
    window.tabs.setCurrentIndex(AUTHORS_TAB)  # nothing to save there
    assert not window.actions.save.isEnabled()
    window.tabs.setCurrentIndex(MODERATION_TAB)
    assert not window.actions.save.isEnabled()
    window.tabs.setCurrentIndex(ARTICLES_TAB)
    assert window.actions.save.isEnabled()
    focus(qtbot, window, title)
    press(qtbot, Qt.Key.Key_S, CTRL)
    article_id = window.editor.current_article_id
    assert window.context.articles.get(article_id).title == "Bins collected on Tuesdays"
    assert window.statusBar().currentMessage() == "Saved “Bins collected on Tuesdays”."


# --- the window's commands from any field --------------------------------------------------


def test_export_and_import_keys_work_from_fields_that_claim_them(
    qtbot, window: MainWindow, imported_samples, monkeypatch
) -> None:
    """On Linux a line edit takes Ctrl+E for itself (end of line); the command wins."""
    calls: list[str] = []
    monkeypatch.setattr(dialogs, "choose_import_files", lambda _p: calls.append("import") or [])
    monkeypatch.setattr(dialogs, "choose_export_folder", lambda _p: calls.append("export") or "")
    monkeypatch.setattr(dialogs, "choose_export_scope", lambda _p, _count: "all")
    window.article_list.refresh()
    window.article_list.select_article(window.context.articles.ids()[0])
    qtbot.waitUntil(lambda: window.editor.is_open)
    claims = [ClaimsKey(Qt.Key.Key_E), ClaimsKey(Qt.Key.Key_I)]
    for area, name in [
        (ARTICLES_TAB, "articleTitleEdit"),
        (ARTICLES_TAB, "articleSearch"),
        (AUTHORS_TAB, "authorSearch"),
        (MODERATION_TAB, "commentSearch"),
    ]:
        window.tabs.setCurrentIndex(area)
        field = window.findChild(QWidget, name)
        for claim in claims:
            field.installEventFilter(claim)
        focus(qtbot, window, field)
        calls.clear()
        press(qtbot, Qt.Key.Key_E, CTRL)
        press(qtbot, Qt.Key.Key_I, CTRL)
        assert calls == ["export", "import"], name


def test_a_text_editor_keeps_the_keys_it_claims(
    qtbot, window: MainWindow, imported_samples, monkeypatch
) -> None:
    """Multi-line editors have keys of their own on purpose (Ctrl+I is italic in the body)."""
    calls: list[str] = []
    monkeypatch.setattr(dialogs, "choose_import_files", lambda _p: calls.append("import") or [])
    window.article_list.refresh()
    window.article_list.select_article(window.context.articles.ids()[0])
    qtbot.waitUntil(lambda: window.editor.is_open)
    notes = window.findChild(QWidget, "articleNotesEdit")
    claim = ClaimsKey(Qt.Key.Key_I)
    notes.installEventFilter(claim)
    focus(qtbot, window, notes)
    press(qtbot, Qt.Key.Key_I, CTRL)
    assert calls == []
    notes.removeEventFilter(claim)
    press(qtbot, Qt.Key.Key_I, CTRL)
    assert calls == ["import"]


# --- Escape in a search field ---------------------------------------------------------------


def test_escape_clears_the_article_search_at_once(
    qtbot, window: MainWindow, imported_samples, settle
) -> None:
    window.article_list.refresh()
    settle()  # the list is read again in the background
    search = window.findChild(QWidget, "articleSearch")
    focus(qtbot, window, search)
    qtbot.keyClicks(search, "zzzz-nothing-matches")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    settle()
    assert window.article_list.model.rowCount() == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert search.text() == ""
    settle()  # the read asked for at once: no typing pause to wait out
    assert window.article_list.model.rowCount() == 2
    press(qtbot, Qt.Key.Key_Escape)  # on the empty field: nothing happens
    assert search.text() == "" and search.hasFocus()
    assert window.tabs.currentIndex() == ARTICLES_TAB
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the cleared search can be had back
    assert search.text() == "zzzz-nothing-matches"


def test_escape_clears_the_author_and_comment_searches(
    qtbot, window: MainWindow, imported_samples
) -> None:
    window.tabs.setCurrentIndex(AUTHORS_TAB)
    authors = window.findChild(QWidget, "authorSearch")
    focus(qtbot, window, authors)
    qtbot.keyClicks(authors, "nobody-by-this-name")
    assert window.authors.list_pane.model.rowCount() == 0
    press(qtbot, Qt.Key.Key_Escape)
    assert authors.text() == ""
    assert window.authors.list_pane.model.rowCount() > 0

    window.tabs.setCurrentIndex(MODERATION_TAB)
    comments = window.findChild(QWidget, "commentSearch")
    focus(qtbot, window, comments)
    qtbot.keyClicks(comments, "nothing-like-this")
    press(qtbot, Qt.Key.Key_Escape)
    assert comments.text() == ""
    qtbot.waitUntil(lambda: window.moderation.model.rowCount() > 0)  # read in the background
    assert focused_name() == "commentQueue"


def test_the_shortcuts_dialog_lists_the_new_keys(window: MainWindow) -> None:
    text = shortcuts_text(window.actions.all())
    assert "Clear the search" in text
    assert "Ctrl+3" in text and "to the queue" in text
