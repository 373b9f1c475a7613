"""An import the database stops (a full disk): the window says so in words, with what was
stored, and shows the articles that were."""

from __future__ import annotations

from pathlib import Path

import pytest

from database.textformat import ParsedArticle, write_bytes
from desktop import dialogs
from desktop.main_window import MainWindow


def story_files(folder: Path, count: int) -> Path:
    folder.mkdir()
    for number in range(count):
        article = ParsedArticle(title=f"Wire {number}", body=f"Story {number}.", bio="Wire desk.")
        (folder / f"{number:04}.txt").write_bytes(write_bytes(article))
    return folder


def test_a_full_disk_is_said_in_words_with_what_was_stored(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_disk
) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: errors.append((title, text)))
    database = window.context.database
    full_disk(Path(database.location), 120)  # a batch of 500 or two, not three
    database.engine.dispose()
    folder = story_files(tmp_path / "wire", 1500)
    with qtbot.waitSignal(window.imports.failed, timeout=30_000):
        window.import_paths([folder])
    qtbot.waitUntil(lambda: bool(errors))
    [(title, text)] = errors
    stored = window.context.articles.count()
    assert stored in (500, 1000)
    assert title == "Import stopped"
    assert text.startswith("The import did not finish.\n\nThe disk is full: ")
    assert f"(database file {database.location})" in text
    assert f"The import stopped after {stored:,} of 1,500 files" in text
    assert "Traceback" not in text and "[SQL:" not in text
    qtbot.waitUntil(lambda: not window.imports.busy)
    qtbot.waitUntil(lambda: window.article_list.model.rowCount() == stored)
