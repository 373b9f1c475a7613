"""Dragging over the window says where the files will go; the report finds hidden imports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton, QWidget

from desktop import operations
from desktop.importing.drop_filter import CANNOT_DROP, drop_hint
from desktop.main_window import ARTICLES_TAB, AUTHORS_TAB, MainWindow
from tests.conftest import drag_event


def file_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def enter_and_move(target: QWidget, mime: QMimeData) -> bool:
    where = QPointF(target.rect().center())
    enter = drag_event(QDragEnterEvent, mime, where)
    QApplication.sendEvent(target, enter)
    move = drag_event(QDragMoveEvent, mime, where)
    QApplication.sendEvent(target, move)
    return enter.isAccepted()


def test_the_hint_counts_files_and_folders(tmp_path: Path, samples: list[Path]) -> None:
    assert drop_hint(samples[:1]) == "Drop to import 1 file into the articles"
    assert drop_hint(samples) == "Drop to import 2 files into the articles"
    assert drop_hint([*samples, tmp_path]) == (
        "Drop to import 2 files and 1 folder into the articles"
    )
    assert drop_hint([tmp_path]) == "Drop to import 1 folder into the articles"


def test_dragging_files_over_the_window_says_where_they_go_until_they_leave(
    qtbot, window: MainWindow, samples: list[Path]
) -> None:
    mime = file_mime(samples)
    body = window.findChild(QPlainTextEdit, "articleBodyEdit")
    assert enter_and_move(body.viewport(), mime)
    assert window.statusBar().currentMessage() == "Drop to import 2 files into the articles"
    QApplication.sendEvent(body.viewport(), QDragLeaveEvent())
    assert window.statusBar().currentMessage() == ""


def test_a_drop_clears_the_hint_and_imports(
    qtbot, window: MainWindow, samples: list[Path], drag_and_drop
) -> None:
    assert drag_and_drop(window.article_list, samples) == (True, True)
    assert "Drop to import" not in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=10_000)


def test_something_that_is_not_a_file_cannot_be_dropped_and_says_so(
    qtbot, window: MainWindow
) -> None:
    mime = QMimeData()
    mime.setText("a few words from a web page")
    assert not enter_and_move(window, mime)
    assert window.statusBar().currentMessage() == CANNOT_DROP
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert window.statusBar().currentMessage() == ""


def test_the_hint_leaves_other_messages_alone(qtbot, window: MainWindow) -> None:
    window.show_status("Connected to the database again.")
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert window.statusBar().currentMessage() == "Connected to the database again."


def test_a_dropped_article_hidden_by_the_search_is_offered_in_the_report(
    qtbot, window: MainWindow, samples: list[Path], drag_and_drop
) -> None:
    search = window.findChild(QWidget, "articleSearch")
    search.setText("zzzz-matches-nothing")
    qtbot.waitUntil(lambda: window.article_list.model.filter().search != "")
    assert drag_and_drop(window, samples[:1]) == (True, True)
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=10_000)
    report = window.import_report
    # Offered once the list, read again in the background, shows the import.
    qtbot.waitUntil(lambda: report.findChild(QWidget, "importHiddenNotice") is not None)
    notice = report.findChild(QWidget, "importHiddenNotice")
    assert notice is not None and notice.isVisibleTo(report)
    text = report.findChild(QLabel, "importHiddenText").text()
    assert text == (
        "1 article of this import is hidden by the article list's search “zzzz-matches-nothing”."
    )
    assert report.model.rowCount() == 1  # the file itself is in the report's list
    window.tabs.setCurrentIndex(AUTHORS_TAB)
    report.findChild(QPushButton, "importShowInList").click()
    assert search.text() == ""
    assert window.tabs.currentIndex() == ARTICLES_TAB
    (imported,) = window.context.articles.ids()
    qtbot.waitUntil(operations.idle)  # every article again, read in the background
    assert window.article_list.current_id() == imported
    assert not notice.isVisibleTo(report)


def test_nothing_is_offered_when_the_list_shows_the_imports(
    qtbot, window: MainWindow, samples: list[Path], drag_and_drop
) -> None:
    assert drag_and_drop(window, samples) == (True, True)
    qtbot.waitUntil(lambda: window.import_report is not None, timeout=10_000)
    notice = window.import_report.findChild(QWidget, "importHiddenNotice")
    assert notice is None or not notice.isVisibleTo(window.import_report)
