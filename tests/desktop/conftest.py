"""GUI test guards: a modal dialog nobody replaced fails the test instead of hanging the run."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox


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
