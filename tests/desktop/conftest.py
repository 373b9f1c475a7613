"""GUI test guards (a modal dialog nobody replaced fails the test instead of hanging the run),
the main window the window tests share, and every closed widget destroyed after its test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox

from desktop import operations
from desktop.app import create_main_window
from desktop.main_window import MainWindow


def _refuse(name: str):  # type: ignore[no-untyped-def]
    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError(f"a real modal dialog ({name}) opened; replace it in the test")

    return refuse


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QDialog, "exec", _refuse("QDialog.exec"))
    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, _refuse(f"QMessageBox.{name}"))
    monkeypatch.setattr(QMessageBox, "exec", _refuse("QMessageBox.exec"))
    for name in ("getOpenFileName", "getOpenFileNames", "getExistingDirectory", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, _refuse(f"QFileDialog.{name}"))
    for name in ("getText", "getItem", "getInt"):
        monkeypatch.setattr(QInputDialog, name, _refuse(f"QInputDialog.{name}"))


@pytest.fixture
def settle(qtbot) -> Callable[[], None]:
    """Wait until every op (desktop.operations) has run and delivered its outcome."""

    def wait() -> None:
        qtbot.waitUntil(operations.idle, timeout=15_000)

    return wait


@pytest.fixture
def window(qtbot, database_url: str) -> Iterator[MainWindow]:
    """The main window on the test's database, shown; afterwards closed without asking and
    destroyed, so that no test's window (its event filter, its timers) outlives the test."""
    created = create_main_window(database_url)
    # Not qtbot.addWidget: pytest-qt would close it before the database is disposed below.
    created.show()
    qtbot.waitExposed(created)
    yield created
    # Whatever a test left unsaved is not the subject of the test: close without asking.
    created.editor.maybe_save = lambda: True  # type: ignore[method-assign]
    created.authors.maybe_save = lambda: True  # type: ignore[method-assign]
    created.close()
    operations.wait_until_idle()  # no op of this test may use its database once disposed
    created.context.database.dispose()
    created.deleteLater()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Destroy the widgets the test closed (pytest-qt's and the fixtures' deleteLater).

    Posted outside any event loop, Qt carries out a deleteLater only when control comes back
    to that level, which in a test run is never: each test's windows lived on, their event
    filters and timers running in every later test."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
