from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.importing.progress import TaskProgress


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    return window


def make(parent: QWidget) -> tuple[TaskProgress, list[str]]:
    cancelled: list[str] = []
    return TaskProgress(parent, "Importing", lambda: cancelled.append("cancel")), cancelled


def test_the_dialog_shows_only_for_a_job_that_takes_a_while(qtbot, parent: QWidget) -> None:
    progress, _ = make(parent)
    progress.begin("Importing 1 item(s)…")
    assert not progress.dialog.isVisible()
    progress.end()  # a quick job: no flash of a dialog
    qtbot.wait(400)
    assert not progress.dialog.isVisible()
    progress.begin("Importing 3 item(s)…")
    qtbot.waitUntil(progress.dialog.isVisible)
    progress.update(250, 1000, "/archive/0250.txt")
    assert progress.dialog.bar.value() == 250
    assert progress.dialog.bar.maximum() == 1000
    assert progress.dialog.label.text() == "250 of 1,000 done\n0250.txt"
    progress.end()
    assert not progress.dialog.isVisible()


def test_cancel_esc_and_closing_all_ask_once_and_keep_the_dialog(qtbot, parent: QWidget) -> None:
    progress, cancelled = make(parent)
    progress.begin("Importing…")
    qtbot.waitUntil(progress.dialog.isVisible)
    qtbot.keyClick(progress.dialog, Qt.Key.Key_Escape)
    assert cancelled == ["cancel"]
    assert progress.dialog.isVisible()  # until the job says it has stopped
    assert progress.dialog.label.text() == "Cancelling…"
    assert not progress.dialog.cancel_button.isEnabled()
    progress.dialog.close()
    progress.update(5, 10, "late.txt")  # reports still in flight do not undo "Cancelling…"
    assert progress.dialog.label.text() == "Cancelling…"
    assert cancelled == ["cancel"]
    progress.end()
    progress.begin("Importing again…")  # a new job may be cancelled again
    progress.dialog.cancel_button.click()
    assert cancelled == ["cancel", "cancel"]
    progress.end()
