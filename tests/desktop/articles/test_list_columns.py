from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView

from desktop.articles.list_columns import column_width, title_minimum_width
from desktop.articles.list_model import Column
from desktop.articles.list_panel import ArticleListPanel
from desktop.context import AppContext


@pytest.fixture
def panel(qtbot, context: AppContext, imported_samples: list[Path]) -> ArticleListPanel:
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def sizes(table: QTableView) -> dict[Column, int]:
    header = table.horizontalHeader()
    return {column: header.sectionSize(column) for column in Column}


def test_the_columns_fit_their_headers_and_the_title_takes_the_rest(
    panel: ArticleListPanel,
) -> None:
    table = panel.table
    header = table.horizontalHeader()
    for column in Column:
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
    assert sum(sizes(table).values()) == table.viewport().width()


def test_a_narrow_list_keeps_a_readable_title_and_scrolls(qtbot, panel: ArticleListPanel) -> None:
    table = panel.table
    panel.resize(320, 600)
    qtbot.waitUntil(lambda: table.viewport().width() < 320)
    assert sizes(table)[Column.TITLE] == title_minimum_width(table)
    assert sum(sizes(table).values()) > table.viewport().width()
    for column in Column:
        if column is not Column.TITLE:
            assert sizes(table)[column] == column_width(table, column)


def test_widening_a_column_narrows_the_title(panel: ArticleListPanel) -> None:
    table = panel.table
    header = table.horizontalHeader()
    title = header.sectionSize(Column.TITLE)
    header.resizeSection(Column.AUTHOR, header.sectionSize(Column.AUTHOR) + 40)
    assert header.sectionSize(Column.TITLE) == title - 40
    assert sum(sizes(table).values()) == table.viewport().width()


def test_the_list_asks_for_the_width_that_shows_every_column(panel: ArticleListPanel) -> None:
    table = panel.table
    others = sum(column_width(table, column) for column in Column if column is not Column.TITLE)
    assert panel.comfortable_width() >= others + title_minimum_width(table)
