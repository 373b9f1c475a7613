"""View ▸ Desk figures… through the window: words this desk filed, articles waiting in review
(opened from the list), the period and the newsroom's daily word goal."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from database.services.desk_figures import DeskFiguresService
from database.statuses import ArticleStatus
from desktop.articles.desk_figures_view import DeskFiguresView, waited_text
from desktop.main_window import MainWindow


def open_figures(window: MainWindow, qtbot: QtBot) -> DeskFiguresView:
    action = window.findChild(QAction, "actionDeskFigures")
    assert action is not None
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert action in view_menu.actions()
    action.trigger()
    (view,) = [w for w in QApplication.topLevelWidgets() if w.objectName() == "deskFiguresView"]
    assert isinstance(view, DeskFiguresView) and view.isVisible()
    qtbot.waitUntil(lambda: view.figures is not None and not view.counting)
    return view


def cells(view: DeskFiguresView, table_name: str) -> list[list[str]]:
    table = {
        "words": view.words_table,
        "people": view.people_table,
        "review": view.review_table,
    }[table_name]
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def write_and_send_to_review(window: MainWindow, qtbot: QtBot) -> int:
    """A new article typed at this desk (five words, then two more), sent to review."""
    window.actions.new_article.trigger()
    form = window.editor.form
    qtbot.keyClicks(form.title_edit, "Harbour reopens")
    form.body_edit.setPlainText("Ships are back this week.")
    window.actions.save.trigger()
    article_id = window.editor.current_article_id
    assert article_id is not None
    form.body_edit.appendPlainText("Quay mended.")
    form.status_combo.setCurrentIndex(form.status_combo.findData(ArticleStatus.IN_REVIEW.value))
    window.actions.save.trigger()
    assert window.context.articles.get(article_id).status is ArticleStatus.IN_REVIEW
    return article_id


def test_words_filed_at_this_desk_and_the_article_waiting(window: MainWindow, qtbot: QtBot) -> None:
    article_id = write_and_send_to_review(window, qtbot)
    view = open_figures(window, qtbot)
    user = window.context.user_name
    assert [row[1:] for row in cells(view, "words")] == [[user, "7", "1"]]
    assert cells(view, "people")[0][:4] == [user, "7", "1", "7"]
    (waiting,) = cells(view, "review")
    assert waiting[1:4] == ["Harbour reopens", "(no author)", user]
    assert "1 article waiting in review" in view.summary.text()
    assert view.figures is not None and view.figures.waiting[0].article_id == article_id


def test_a_waiting_article_opens_from_the_list(window: MainWindow, qtbot: QtBot) -> None:
    article_id = write_and_send_to_review(window, qtbot)
    window.actions.new_article.trigger()  # something else in the editor meanwhile
    view = open_figures(window, qtbot)
    view.tabs.setCurrentWidget(view.review_table)
    view.review_table.setFocus()
    view.review_table.setCurrentCell(0, 1)
    qtbot.keyClick(view.review_table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.editor.current_article_id == article_id)


def test_the_period_and_the_daily_goal(window: MainWindow, qtbot: QtBot) -> None:
    write_and_send_to_review(window, qtbot)
    view = open_figures(window, qtbot)
    assert view.figures is not None
    assert view.figures.last_day - view.figures.first_day == timedelta(days=6)
    view.period.setCurrentIndex(view.period.findData(30))
    qtbot.waitUntil(
        lambda: (
            view.figures is not None
            and view.figures.last_day - view.figures.first_day == timedelta(days=29)
        )
    )
    assert cells(view, "people")[0][4] == "—"  # no goal, no days at it
    view.goal.setFocus()
    view.goal.selectAll()
    qtbot.keyClicks(view.goal, "5")
    qtbot.keyClick(view.goal, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.daily_goal == 5)
    assert DeskFiguresService(window.context.database.session_factory).daily_goal() == 5
    qtbot.waitUntil(lambda: cells(view, "people")[0][4] == "1")


def test_waits_read_in_days_hours_minutes() -> None:
    assert waited_text(timedelta(days=3, hours=5)) == "3 days"
    assert waited_text(timedelta(hours=1, minutes=59)) == "1 hour"
    assert waited_text(timedelta(minutes=7), known=False) == "7 min or more"
