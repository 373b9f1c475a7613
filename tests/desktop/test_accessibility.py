"""Every control a person uses can be named by a screen reader and found by scripts."""

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from desktop.app import create_main_window

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractItemView)


@pytest.mark.parametrize("area", [0, 1, 2], ids=["articles", "authors", "moderation"])
def test_every_visible_control_has_a_name(
    qtbot, database_url: str, imported_samples, area: int
) -> None:
    window = create_main_window(database_url)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(area)
    window.article_list.select_article(window.context.articles.ids()[0])
    unnamed = [
        f"{type(control).__name__} {control.objectName()!r} in {control.parent().objectName()!r}"
        for kind in CONTROLS
        for control in window.findChildren(kind)
        if control.isVisibleTo(window)
        and not isinstance(control.parent(), QComboBox)  # a combo box's own popup list
        and not isinstance(control, QHeaderView)  # read as part of its table
        and not control.accessibleName()
        and not (isinstance(control, QAbstractButton) and control.text())
    ]
    window.context.database.dispose()
    assert unnamed == []
