"""A save while another program holds the write lock (an import's batch): it waits, and past
the wait the editor says so and offers to try again; it never fails silently."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from desktop.articles import conflict_view
from desktop.articles import editor as editor_module
from desktop.articles.editor import ArticleEditor
from desktop.articles.recovery import RecoveryStore
from desktop.context import AppContext


@pytest.fixture
def impatient_context(context: AppContext) -> AppContext:
    """The window's database, waiting 100 ms for the lock instead of ten seconds."""

    @event.listens_for(context.database.engine, "connect")
    def _wait_briefly(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout = 100")

    context.database.engine.dispose()
    return context


@pytest.fixture
def lock_holder(impatient_context: AppContext) -> Iterator[sqlite3.Connection]:
    holder = sqlite3.connect(Path(impatient_context.database.location), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE change_counters SET serial = serial")
    yield holder
    if holder.in_transaction:
        holder.rollback()
    holder.close()


@pytest.fixture
def editor(qtbot: QtBot, impatient_context: AppContext, tmp_path: Path) -> ArticleEditor:
    created = ArticleEditor(impatient_context, RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(created)
    created.show()
    return created


def test_a_new_article_saved_while_the_lock_is_held_asks_to_retry_and_then_saves(
    editor: ArticleEditor,
    impatient_context: AppContext,
    lock_holder: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def retry_once_the_import_is_done(_parent: QWidget | None, _title: str, text: str) -> bool:
        asked.append(text)
        lock_holder.commit()  # the other program's batch ends
        return True

    monkeypatch.setattr(conflict_view, "ask_retry", retry_once_the_import_is_done)
    monkeypatch.setattr(editor_module, "show_error", lambda *args: pytest.fail(f"{args}"))
    editor.new_article()
    editor.form.title_edit.setText("Written during an import")
    editor.form.body_edit.setPlainText("Text.")
    assert editor.save()
    [text] = asked
    assert text.startswith("cannot create the article: database is locked")
    assert "recovery copy" in text
    assert not editor.is_dirty
    assert impatient_context.articles.count() == 1
