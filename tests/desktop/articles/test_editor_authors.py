"""The editor's author list: "New author…", and what export will refuse told at save."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from database.services.authors import AuthorChanges
from desktop.articles.editor import ArticleEditor
from desktop.articles.editor_form import NEW_AUTHOR
from desktop.articles.recovery import RecoveryStore
from desktop.context import AppContext
from desktop.new_author_dialog import NewAuthorDialog


@pytest.fixture
def editor(
    qtbot: QtBot, context: AppContext, tmp_path: Path, settle: Callable[[], None]
) -> ArticleEditor:
    created = ArticleEditor(context, RecoveryStore(tmp_path / "recovery"))
    qtbot.addWidget(created)
    created.show()
    settle()  # the authors, read in the background
    return created


class NewAuthorAnswers:
    """Fills the "New author" dialog as a person would; None cancels it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[tuple[str, str] | None] = []
        self.problems: list[str] = []
        monkeypatch.setattr(NewAuthorDialog, "exec", lambda dialog: self._exec(dialog))

    def _exec(self, dialog: NewAuthorDialog) -> int:
        answer = self.answers.pop(0)
        if answer is None:
            dialog.reject()
            return dialog.result()
        dialog.name_edit.setText(answer[0])
        dialog.bio_edit.setText(answer[1])
        dialog.create_button.click()
        if dialog.result() != QDialog.DialogCode.Accepted:  # refused: what it said, then Cancel
            self.problems.append(dialog.problem.text())
            dialog.reject()
        return dialog.result()


@pytest.fixture
def new_author_answers(monkeypatch: pytest.MonkeyPatch) -> NewAuthorAnswers:
    return NewAuthorAnswers(monkeypatch)


def choose_new_author(editor: ArticleEditor) -> None:
    combo = editor.form.author_combo
    combo.setCurrentIndex(combo.findText(NEW_AUTHOR))


def test_new_author_creates_the_author_and_selects_it(
    editor: ArticleEditor,
    context: AppContext,
    new_author_answers: NewAuthorAnswers,
    settle: Callable[[], None],
) -> None:
    context.authors.create(AuthorChanges("Ann Other", "Ann writes."))
    editor.new_article()
    new_author_answers.answers.append(("Dana Reporter", "Dana covers the harbour."))
    choose_new_author(editor)
    dana = next(a for a in context.authors.list() if a.display_name == "Dana Reporter")
    assert context.authors.get(dana.id).bio == "Dana covers the harbour."
    # Chosen at once, by name, before the list is read again with Dana in it.
    assert editor.form.values().author_id == dana.id
    assert editor.form.author_combo.currentText() == "Dana Reporter"
    settle()
    assert editor.form.values().author_id == dana.id
    assert editor.form.author_combo.currentText() == "Dana Reporter"
    assert [editor.form.author_combo.itemText(i) for i in (1, 2)] == ["Ann Other", "Dana Reporter"]
    assert editor.is_dirty
    # Still on offer after the list was refilled with the new author in it.
    assert editor.form.author_combo.findText(NEW_AUTHOR) == editor.form.author_combo.count() - 1


def test_cancelling_or_a_refused_name_keeps_the_author_shown(
    editor: ArticleEditor, context: AppContext, new_author_answers: NewAuthorAnswers
) -> None:
    ann = context.authors.create(AuthorChanges("Ann Other", "Ann writes."))
    article = context.articles.create("Harbour", "Text.", author_id=ann.id)
    editor.open_article(article.id)
    new_author_answers.answers.append(None)
    choose_new_author(editor)
    assert editor.form.author_combo.currentText() == "Ann Other"
    assert editor.form.values().author_id == ann.id and not editor.is_dirty
    # A bio of two lines (pasted) is refused inside the dialog, which says why.
    new_author_answers.answers.append(("Bo", "Line one\nline two"))
    choose_new_author(editor)
    assert new_author_answers.problems == [
        "The bio is one paragraph: the article format keeps it on one line."
    ]
    assert [a.display_name for a in context.authors.list()] == ["Ann Other"]
    assert editor.form.values().author_id == ann.id and not editor.is_dirty


def test_saving_without_an_author_warns_beside_the_author(
    editor: ArticleEditor, context: AppContext, settle: Callable[[], None]
) -> None:
    editor.new_article()
    editor.form.title_edit.setText("Harbour reopens")
    editor.form.body_edit.setPlainText("Boats are back.")
    assert editor.save()  # saving is allowed: it is only export that refuses
    warning = editor.form.errors["author"]
    assert warning.isVisibleTo(editor.form) and warning.property("warning")
    assert warning.text().startswith("Export needs an author with a bio")
    # An author with a bio, and the warning goes at the next save.
    eli = context.authors.create(AuthorChanges("Eli Writer", "Eli writes."))
    editor.reload_authors()
    settle()
    editor.form.author_combo.setCurrentIndex(editor.form.author_combo.findData(eli.id))
    assert editor.save()
    assert not warning.isVisibleTo(editor.form)
    assert context.articles.get(editor.current_article_id).author_id == eli.id  # type: ignore[arg-type]


def test_what_else_export_refuses_is_said_for_the_article(
    editor: ArticleEditor, context: AppContext, settle: Callable[[], None]
) -> None:
    eli = context.authors.create(AuthorChanges("Eli Writer", "Eli writes."))
    editor.reload_authors()  # what the window does when authors change
    settle()
    editor.new_article()
    editor.form.author_combo.setCurrentIndex(editor.form.author_combo.findData(eli.id))
    editor.form.title_edit.setText("Only a headline")
    assert editor.save()
    assert not editor.form.errors["author"].isVisibleTo(editor.form)
    general = editor.form.errors[""]
    assert general.isVisibleTo(editor.form) and general.property("warning")
    assert general.text() == (
        "Export will refuse this article: cannot write the article as text: the body has no text."
    )


def test_a_new_article_starts_with_the_profiles_author_while_it_exists(
    editor: ArticleEditor, context: AppContext, settle: Callable[[], None]
) -> None:
    dana = context.authors.create_named("Dana Reporter")
    context.settings.profile_author_id = dana.id
    editor.new_article()
    assert editor.form.values().author_id == dana.id and not editor.is_dirty
    assert editor.form.author_combo.currentText() == "Dana Reporter"  # before the list has her
    settle()
    assert editor.form.values().author_id == dana.id and not editor.is_dirty
    editor.discard_changes()
    context.authors.delete(dana.id, None)
    editor.new_article()
    assert editor.form.values().author_id is None
    assert editor.form.author_combo.findText(f"Author {dana.id}") < 0  # no ghost entry


def test_a_bio_added_in_authors_takes_the_export_warning_away(
    editor: ArticleEditor, context: AppContext, settle: Callable[[], None]
) -> None:
    dana = context.authors.create_named("Dana Reporter")
    editor.reload_authors()
    settle()
    editor.new_article()
    editor.form.author_combo.setCurrentIndex(editor.form.author_combo.findData(dana.id))
    editor.form.title_edit.setText("Harbour reopens")
    editor.form.body_edit.setPlainText("Boats are back.")
    assert editor.save()
    warning = editor.form.errors["author"]
    assert warning.isVisibleTo(editor.form)
    assert "add one for Dana Reporter" in warning.text()
    # Renamed, still no bio: the warning stays, with the new name.
    context.authors.update(dana.id, AuthorChanges("Dana Q. Reporter", ""))
    editor.reload_authors()  # what the window does when authors change
    settle()
    assert warning.isVisibleTo(editor.form) and "Dana Q. Reporter" in warning.text()
    context.authors.update(dana.id, AuthorChanges("Dana Q. Reporter", "Dana covers the port."))
    editor.reload_authors()
    settle()
    assert not warning.isVisibleTo(editor.form)
    assert not editor.is_dirty
