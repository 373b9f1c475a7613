"""Fixtures shared by every test: a private data folder and a migrated temporary database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from database.engine import ENVIRONMENT_VARIABLE, Database, open_database

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


@pytest.fixture(autouse=True)
def data_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and settings folders: nothing touches the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    return home


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'copydesk-test.sqlite3'}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def context(database: Database):
    """The services of a migrated temporary database, as the GUI's panels get them."""
    from desktop.context import AppContext

    return AppContext(database)


@pytest.fixture
def imported_samples(database: Database, samples: list[Path]) -> list[Path]:
    """The sample articles, imported (comments pending)."""
    from database.services.importing import Importer

    Importer(database.session_factory).run(samples)
    return samples


def drag_event(kind: type, mime: object, position: object = None) -> object:
    """A QDragEnterEvent/QDragMoveEvent/QDropEvent, whichever point type the binding wants.

    PySide6 6.11 takes a QPoint for drag-enter events, 6.12 a QPointF.
    """
    from PySide6.QtCore import QPoint, QPointF, Qt

    point = position if position is not None else QPointF(10, 10)
    arguments = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return kind(point, *arguments)
    except TypeError:
        return kind(QPoint(int(point.x()), int(point.y())), *arguments)


@pytest.fixture
def drag_and_drop():
    """Drag URLs from outside the app onto a widget and drop them, as a file manager does.

    Returns whether the drag's entry and the drop were accepted. Qt delivers a drop only to
    the widget that accepted the entry, so both are sent, in that order.
    """
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    keep_alive: list[object] = []

    def perform(target, items, position=None) -> tuple[bool, bool]:
        mime = QMimeData()  # events only point at it: it must outlive them
        keep_alive.append(mime)
        mime.setUrls(
            [item if isinstance(item, QUrl) else QUrl.fromLocalFile(str(item)) for item in items]
        )
        where = position if position is not None else QPointF(target.rect().center())
        enter = drag_event(QDragEnterEvent, mime, where)
        QApplication.sendEvent(target, enter)
        if not enter.isAccepted():
            return False, False
        drop = drag_event(QDropEvent, mime, where)
        QApplication.sendEvent(target, drop)
        return True, drop.isAccepted()

    return perform
