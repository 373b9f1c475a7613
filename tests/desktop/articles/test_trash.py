"""The Trash through the window: Delete in the article list or on the editor's article, one
question for several, View ▸ Trash to restore, Empty Trash naming how many go forever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTableView, QWidget
from sqlalchemy import update

from database.engine import Database
from database.models import Article
from database.services.articles import ArticleService
from database.services.comments import CommentFilter
from database.services.trash import TrashCount, TrashService
from database.statuses import CommentStatus
from desktop import launch
from desktop.articles import editor as editor_module
from desktop.articles import trash_view
from desktop.articles.trash_view import TrashView
from desktop.main_window import MainWindow

ALL_COMMENTS = CommentFilter(status=None)


def focus(qtbot, window: MainWindow, widget: QWidget) -> None:
    """Offscreen too, a widget has the focus only in the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def press_delete(qtbot) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Delete)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[TrashCount]]:
    """The Trash's questions, answered Yes and recorded with the counts they named."""
    asked: dict[str, list[TrashCount]] = {"move": [], "forever": []}

    def answer(kind: str):  # type: ignore[no-untyped-def]
        def ask(_parent: object, count: TrashCount) -> bool:
            asked[kind].append(count)
            return True

        return ask

    monkeypatch.setattr(trash_view, "confirm_move_to_trash", answer("move"))
    monkeypatch.setattr(trash_view, "confirm_delete_forever", answer("forever"))
    return asked


@pytest.fixture
def desk(window: MainWindow, imported_samples, settle) -> MainWindow:
    window.article_list.refresh()
    settle()  # the list is read again in the background
    return window


def commented_article(window: MainWindow) -> int:
    """The sample article with the comments (both of the samples' two)."""
    comments = window.context.comments
    return comments.get(comments.ids()[0]).article_id


def open_trash(qtbot, window: MainWindow) -> TrashView:
    window.actions.show_trash.trigger()
    view = window.findChild(TrashView, "trashView")
    assert view is not None
    qtbot.waitExposed(view)
    return view


def test_the_delete_key_in_the_list_moves_the_article_and_its_comments_to_the_trash(
    qtbot, desk: MainWindow, questions, settle
) -> None:
    article_id = commented_article(desk)
    other = next(i for i in desk.context.articles.ids() if i != article_id)
    assert desk.article_list.select_article(article_id)
    focus(qtbot, desk, desk.article_list.table)
    press_delete(qtbot)
    settle()

    assert desk.context.articles.ids() == [other]
    assert desk.article_list.model.rowCount() == 1
    assert desk.context.comments.counts()[CommentStatus.PENDING] == 0
    assert desk.tabs.tabText(2) == "Moderation"  # no pending count left to show
    assert questions["move"] == []  # one article: the Trash is the way back, no question
    assert desk.editor.current_article_id is None  # it was open: the editor let it go
    assert "Moved 1 article and its 2 comments to the Trash" in desk.statusBar().currentMessage()
    listed = TrashService(desk.context.database.session_factory).list()
    assert [(a.id, a.deleted_by) for a in listed] == [(article_id, desk.context.user_name)]


def test_delete_in_a_text_field_deletes_text_not_articles(qtbot, desk: MainWindow) -> None:
    desk.article_list.select_article(desk.context.articles.ids()[0])
    search = desk.findChild(QWidget, "articleSearch")
    focus(qtbot, desk, search)
    press_delete(qtbot)
    body = desk.findChild(QWidget, "articleBodyEdit")
    focus(qtbot, desk, body)
    press_delete(qtbot)
    assert len(desk.context.articles.ids()) == 2


def test_several_at_once_ask_once_naming_how_many(
    qtbot, desk: MainWindow, questions, monkeypatch: pytest.MonkeyPatch
) -> None:
    focus(qtbot, desk, desk.article_list.table)
    desk.article_list.table.selectAll()
    monkeypatch.setattr(trash_view, "confirm_move_to_trash", lambda _parent, count: False)
    press_delete(qtbot)
    assert len(desk.context.articles.ids()) == 2  # cancelled: nothing moved

    monkeypatch.undo()
    monkeypatch.setattr(
        trash_view,
        "confirm_move_to_trash",
        lambda _parent, count: questions["move"].append(count) or True,
    )
    desk.article_list.table.selectAll()
    press_delete(qtbot)
    assert questions["move"] == [TrashCount(articles=2, comments=2)]
    assert questions["move"][0].describe() == "2 articles and their 2 comments"
    assert desk.context.articles.ids() == []
    assert desk.context.comments.count(ALL_COMMENTS) == 0


def test_from_the_editor_unsaved_changes_are_saved_and_go_to_the_trash_with_it(
    qtbot, desk: MainWindow, questions, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    article_id = commented_article(desk)
    desk.open_article(article_id)
    body = desk.editor.form.body_edit
    focus(qtbot, desk, body)
    body.setPlainText("An edited body, saved before it went.")
    monkeypatch.setattr(editor_module, "ask_save_changes", lambda _parent, _title: "save")
    assert desk.actions.delete_article.isEnabled()
    desk.actions.delete_article.trigger()  # Edit ▸ Delete article, the editor's article

    assert article_id not in desk.context.articles.ids()
    assert desk.editor.current_article_id is None
    view = open_trash(qtbot, desk)
    view.select_all()
    view.restore_button.click()
    settle()  # the list, read again, selects it when it arrives
    restored = desk.context.articles.get(article_id)
    assert restored.body == "An edited body, saved before it went."
    assert desk.editor.current_article_id == article_id  # the list selects it, and opens it


def test_the_trash_view_restores_articles_as_they_were(qtbot, desk: MainWindow, settle) -> None:
    article_id = commented_article(desk)
    comments = desk.context.comments
    first, second = comments.ids()
    comments.set_status([first], CommentStatus.APPROVED, user="mod")
    title = desk.context.articles.get(article_id).title
    trash = TrashService(desk.context.database.session_factory)
    trash.trash([article_id], by="bob")

    view = open_trash(qtbot, desk)
    table = view.findChild(QTableView, "trashList")
    assert table is not None and table.model().rowCount() == 1
    row = [table.model().index(0, column).data() for column in range(7)]
    assert (row[0], row[3], row[5]) == (title, "2", "bob")
    assert view.count_label.text() == "1 article and its 2 comments in the Trash"
    restore = view.findChild(QPushButton, "trashRestore")
    assert restore is not None and not restore.isEnabled()  # nothing chosen yet
    table.selectRow(0)
    assert restore.isEnabled()
    restore.click()
    settle()

    assert article_id in desk.context.articles.ids()
    assert desk.article_list.current_id() == article_id
    assert comments.get(first).status is CommentStatus.APPROVED
    assert comments.get(second).status is CommentStatus.PENDING
    assert desk.context.comments.counts()[CommentStatus.PENDING] == 1
    assert view.model.rowCount() == 0
    assert view.empty_state.isVisible()
    assert "Restored 1 article and its 2 comments" in desk.statusBar().currentMessage()


def test_empty_trash_says_how_many_go_forever_and_does_so_only_when_told(
    qtbot, desk: MainWindow, questions, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = desk.context.articles.ids()
    TrashService(desk.context.database.session_factory).trash(ids, by="bob")
    view = open_trash(qtbot, desk)
    told: list[str] = []

    def refuse(_parent: object, count: TrashCount) -> bool:
        told.append(f"Delete {count.describe()} forever? This cannot be undone.")
        return False

    monkeypatch.setattr(trash_view, "confirm_delete_forever", refuse)
    empty = view.findChild(QPushButton, "trashEmpty")
    assert empty is not None and empty.isEnabled()
    empty.click()
    assert told == ["Delete 2 articles and their 2 comments forever? This cannot be undone."]
    assert view.model.rowCount() == 2  # refused: all still there

    monkeypatch.setattr(trash_view, "confirm_delete_forever", lambda _p, count: True)
    empty.click()
    assert view.model.rowCount() == 0
    assert not empty.isEnabled()
    assert TrashService(desk.context.database.session_factory).count() == TrashCount()
    assert desk.context.comments.count(ALL_COMMENTS) == 0
    assert "Deleted 2 articles and their 2 comments forever" in desk.statusBar().currentMessage()


def test_another_desk_trashing_an_article_takes_it_out_of_this_list_and_queue(
    qtbot, desk: MainWindow
) -> None:
    article_id = commented_article(desk)
    view = open_trash(qtbot, desk)
    other_desk = TrashService(desk.context.database.session_factory)
    other_desk.trash([article_id], by="bob")
    qtbot.waitUntil(lambda: desk.article_list.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: desk.tabs.tabText(2) == "Moderation", timeout=5000)


def test_the_start_deletes_for_good_what_was_trashed_over_30_days_ago(
    database: Database, database_url: str
) -> None:
    articles = ArticleService(database.session_factory)
    old, recent = articles.create("Old news").id, articles.create("Last week").id
    TrashService(database.session_factory).trash([old, recent], by="bob")
    with database.session_factory.begin() as session:
        for article_id, days in ((old, 31), (recent, 29)):
            session.execute(
                update(Article)
                .where(Article.id == article_id)
                .values(deleted_at=datetime.now(UTC) - timedelta(days=days))
            )
    opened = launch._open_database(database_url)  # the start's work, off the GUI thread
    assert isinstance(opened, Database)
    try:
        launch.purge_old_trash(opened)  # once the main window shows, on the writer thread
        assert [a.id for a in TrashService(opened.session_factory).list()] == [recent]
    finally:
        opened.dispose()
