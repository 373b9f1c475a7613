"""Author panel fixtures: no real dialog ever opens; a test that expects one replaces it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage

from database.services.authors import AuthorChanges, AuthorDetail
from desktop.authors import prompts
from desktop.authors.delete_dialog import DeleteAuthorDialog
from desktop.authors.merge_dialog import MergeAuthorsDialog
from desktop.authors.panel import AuthorsPanel


def _unexpected(name: str) -> Callable[..., object]:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise AssertionError(f"{name} was not expected in this test")

    return fail


@pytest.fixture(autouse=True)
def no_real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ask_unsaved_changes",
        "confirm_delete",
        "show_error",
        "show_photo_problem",
        "choose_photo_file",
    ):
        monkeypatch.setattr(prompts, name, _unexpected(name))
    monkeypatch.setattr(MergeAuthorsDialog, "choose", _unexpected("MergeAuthorsDialog.choose"))
    monkeypatch.setattr(
        DeleteAuthorDialog,
        "choose_successor",
        _unexpected("DeleteAuthorDialog.choose_successor"),
    )


@pytest.fixture
def panel(qtbot, context) -> AuthorsPanel:
    widget = AuthorsPanel(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def make_author(context) -> Callable[..., AuthorDetail]:
    def make(name: str, bio: str | None = None, **fields: str) -> AuthorDetail:
        changes = AuthorChanges(name, bio or f"{name} writes for us.", **fields)
        return context.authors.create(changes)

    return make


class ListDriver:
    """What a person does with the author list, for tests."""

    def __init__(self, qtbot, panel: AuthorsPanel) -> None:
        self._qtbot = qtbot
        self._panel = panel

    def names(self) -> list[str]:
        model = self._panel.list_view.model()
        return [str(model.index(row, 0).data()) for row in range(model.rowCount())]

    def index(self, name: str, column: int = 0) -> QModelIndex:
        model = self._panel.list_view.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data() == name:
                return model.index(row, column)
        raise AssertionError(f"{name} is not in the list")

    def click(self, name: str) -> None:
        view = self._panel.list_view
        rect = view.visualRect(self.index(name))
        self._qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def current_name(self) -> str | None:
        index = self._panel.list_view.currentIndex()
        return str(index.siblingAtColumn(0).data()) if index.isValid() else None


@pytest.fixture
def author_list(qtbot, panel: AuthorsPanel) -> ListDriver:
    return ListDriver(qtbot, panel)


@pytest.fixture
def image_file(tmp_path: Path) -> Callable[..., Path]:
    """Writes a one-colour image of the given size; the suffix decides the format."""

    def write(name: str, width: int, height: int, color: str = "#3366cc") -> Path:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        path = tmp_path / name
        assert image.save(str(path))
        return path

    return write
