"""Opening an article reads only its own row on the GUI thread; the author list comes later."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from database.services.authors import AuthorService, AuthorSummary
from desktop.main_window import MainWindow


@pytest.fixture
def author_lists_on_gui_thread(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each read of every author (it counts all their articles): on the GUI thread?"""
    calls: list[bool] = []
    original = AuthorService.list

    def spying(self: AuthorService, *args: object, **kwargs: object) -> list[AuthorSummary]:
        calls.append(threading.current_thread() is threading.main_thread())
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(AuthorService, "list", spying)
    return calls


def test_opening_articles_never_lists_the_authors_on_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    settle: Callable[[], None],
    author_lists_on_gui_thread: list[bool],
) -> None:
    ann = window.context.authors.create_named("Ann Other", "Ann writes.")
    first = window.context.articles.create("Harbour", "Text.", author_id=ann.id)
    window.editor.reload_authors()
    settle()
    del author_lists_on_gui_thread[:]
    # Bo comes from another desk, after the editor last read the authors.
    bo = window.context.authors.create_named("Bo Writer", "Bo writes.")
    second = window.context.articles.create("Ferry", "Text.", author_id=bo.id)

    window.open_article(first.id)
    assert author_lists_on_gui_thread == []  # Ann was known: no read at all
    window.open_article(second.id)
    combo = window.editor.form.author_combo
    assert combo.currentText() == "Bo Writer" and combo.currentData() == bo.id  # at once
    assert not window.editor.is_dirty

    settle()
    # Read again, in the background (and by live updates' news of Bo, if it came meanwhile).
    assert author_lists_on_gui_thread and not any(author_lists_on_gui_thread)
    names = [combo.itemText(index) for index in range(1, 3)]
    assert names == ["Ann Other", "Bo Writer"]
    assert combo.currentData() == bo.id and not window.editor.is_dirty


def test_an_author_chosen_while_the_list_is_read_stays_chosen(
    qtbot: QtBot, window: MainWindow, settle: Callable[[], None]
) -> None:
    ann = window.context.authors.create_named("Ann Other", "Ann writes.")
    bo = window.context.authors.create_named("Bo Writer", "Bo writes.")
    article = window.context.articles.create("Harbour", "Text.", author_id=ann.id)
    window.editor.reload_authors()
    settle()
    window.open_article(article.id)
    combo = window.editor.form.author_combo

    window.editor.reload_authors()  # authors changed elsewhere; meanwhile the person chooses
    combo.setCurrentIndex(combo.findData(bo.id))
    settle()

    assert combo.currentData() == bo.id and window.editor.is_dirty
