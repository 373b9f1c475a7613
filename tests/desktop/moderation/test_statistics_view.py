"""Moderation ▸ Moderation statistics…, through the window: read in the background, a period
chosen by key, a chart of the days, and a CSV export to a file chosen in a dialog."""

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QPushButton, QTableView

from database.statuses import CommentStatus
from desktop import dialogs
from desktop.main_window import MainWindow
from desktop.moderation.statistics_chart import DecisionsChart
from desktop.moderation.statistics_view import ModerationStatisticsView
from tests.database.services.moderation_data import add_comments as held_comments
from tests.desktop.moderation.conftest import add_comments


def open_statistics(qtbot, window: MainWindow, settle) -> ModerationStatisticsView:
    action = window.findChild(QAction, "actionModerationStatistics")
    assert action is not None
    action.trigger()
    settle()
    view = window.findChild(QDialog, "moderationStatistics")
    assert isinstance(view, ModerationStatisticsView)
    qtbot.waitUntil(lambda: view.figures is not None)
    return view


def cells(table: QTableView) -> list[list[str]]:
    """The rows as the table shows them, in its order."""
    model = table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_decisions_per_moderator_are_shown_charted_and_exported(
    qtbot, window: MainWindow, database, settle, monkeypatch, tmp_path: Path
) -> None:
    ids = add_comments(database, ["One", "Two", "Three", "Four"])
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    held_comments(database, ["Held"], held_reason="word: refund", received_at=ten_days_ago)
    comments = window.context.comments
    comments.set_status(ids[:2], CommentStatus.APPROVED, user="ann")
    comments.set_status(ids[2:3], CommentStatus.REJECTED, user="bob", reason="abuse")
    view = open_statistics(qtbot, window, settle)
    assert view.isVisible()
    summary = view.summary.text()
    assert summary.startswith("3 decisions by 2 moderators")
    assert "oldest pending comment has waited" in summary
    assert cells(view.moderators_table)[0][:5] == ["ann", "2", "2", "0", "0"]
    assert [row[0] for row in cells(view.reasons_table)] == ["abuse"]
    assert cells(view.held_table) == []  # it arrived ten days ago: not in the last 7 days
    # A click on a column's header sorts by it, a second click the other way round.
    header = view.moderators_table.horizontalHeader()
    for _click in range(2):
        qtbot.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionPosition(0) + 5, 5),
        )
        assert header.sortIndicatorSection() == 0
        ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
        names = [row[0] for row in cells(view.moderators_table)]
        assert names == (["ann", "bob"] if ascending else ["bob", "ann"])
    chart = view.findChild(DecisionsChart, "moderationStatisticsChart")
    assert chart is not None and chart.isVisible()
    assert chart.moderators == ("ann", "bob")
    assert chart.highest == 3
    assert len(chart.days) == 7

    view.period.setFocus()
    qtbot.waitUntil(view.period.hasFocus)
    with qtbot.waitSignal(view.figuresShown, timeout=10_000) as shown:
        qtbot.keyClick(view.period, Qt.Key.Key_Down)
    assert view.days == 30
    assert len(shown.args[0].days) == 30
    assert cells(view.held_table) == [["word: refund", "1"]]

    target = tmp_path / "figures.csv"
    asked: list[str] = []

    def choose(_parent, title, suggested):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(target)

    monkeypatch.setattr(dialogs, "choose_csv_file", choose)
    export = view.findChild(QPushButton, "moderationStatisticsExport")
    with qtbot.waitSignal(view.exported, timeout=5_000):
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("moderation-") and asked[0].endswith(".csv")
    with target.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:3] == ["section", "day", "moderator"]
    assert ["per day", rows[1][1], "ann", "2", "0", "0", "2", ""] in rows
    assert any(row[0] == "reason given" and row[-1] == "abuse: 1" for row in rows)


def test_a_name_that_looks_like_a_formula_is_exported_as_text(
    qtbot, window: MainWindow, database, settle, monkeypatch, tmp_path: Path
) -> None:
    [comment] = add_comments(database, ["One"])
    window.context.comments.set_status([comment], CommentStatus.SPAM, user="=HYPERLINK(1)")
    view = open_statistics(qtbot, window, settle)
    target = tmp_path / "names.csv"
    monkeypatch.setattr(dialogs, "choose_csv_file", lambda *_args: str(target))
    view.export_csv()
    text = target.read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text
    assert cells(view.moderators_table)[0][0] == "=HYPERLINK(1)"
