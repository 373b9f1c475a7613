"""Two copies of Copydesk on one database: a stale save opens the conflict view, not overwrites."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from database.engine import Database, open_database
from database.errors import DatabaseError
from database.services.articles import ArticleDetail, ArticleService
from database.statuses import ArticleStatus
from desktop.articles import conflict_view
from desktop.articles import editor as editor_module
from desktop.articles.conflict_view import ConflictChoice, ConflictView
from desktop.articles.editor import ArticleEditor
from desktop.articles.editor_state import FormValues, merged_values
from desktop.articles.recovery import RecoveryStore, article_key
from desktop.context import AppContext


class Choices:
    """Stands in for the conflict view and the retry question, recording what was shown."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[ConflictChoice | None] = []
        self.shown: list[tuple[ArticleDetail, ArticleDetail, FormValues]] = []
        self.retries: list[bool] = []
        self.retry_texts: list[str] = []
        self.during_dialog: list = []  # called while the "dialog" is open
        monkeypatch.setattr(ConflictView, "choose", self._choose)
        monkeypatch.setattr(conflict_view, "ask_retry", self._retry)
        monkeypatch.setattr(editor_module, "show_error", self._unexpected)
        monkeypatch.setattr(conflict_view, "show_problem", self._unexpected)

    def _choose(self, parent, mine_from, theirs, mine):  # type: ignore[no-untyped-def]
        self.shown.append((mine_from, theirs, mine))
        if self.during_dialog:
            self.during_dialog.pop(0)()
        return self.answers.pop(0)

    def _retry(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.retry_texts.append(text)
        return self.retries.pop(0)

    def _unexpected(self, parent: QWidget | None, title: str, text: str) -> None:
        raise AssertionError(f"unexpected error box: {title}: {text}")


@pytest.fixture
def choices(monkeypatch: pytest.MonkeyPatch) -> Choices:
    return Choices(monkeypatch)


@pytest.fixture
def other(database_url: str, database: Database) -> Iterator[ArticleService]:
    """The other desk: its own connections to the same database file."""
    opened = open_database(database_url)
    yield ArticleService(opened.session_factory)
    opened.dispose()


@pytest.fixture
def store(tmp_path: Path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "recovery")


@pytest.fixture
def editor(qtbot: QtBot, context: AppContext, store: RecoveryStore) -> ArticleEditor:
    created = ArticleEditor(context, store, autosave_delay_ms=50)
    qtbot.addWidget(created)
    created.resize(1000, 700)
    created.show()
    return created


@pytest.fixture
def article_id(context: AppContext) -> int:
    return context.articles.create("Council budget", "The first paragraph.").id


def their_save(other: ArticleService, article_id: int, body: str, **changes: object) -> None:
    found = other.get(article_id)
    fields = {
        "title": found.title,
        "body": body,
        "status": found.status,
        "author_id": found.author_id,
        "notes": found.notes,
    }
    fields.update(changes)
    other.save(article_id, **fields, expected_version=found.version, user="bob")  # type: ignore[arg-type]


def type_mine(editor: ArticleEditor, text: str) -> None:
    editor.form.body_edit.setPlainText(text)


def test_a_stale_save_shows_theirs_and_mine_and_keeping_mine_puts_it_on_top(
    editor: ArticleEditor, article_id: int, other: ArticleService, choices: Choices
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    choices.answers = [ConflictChoice.KEEP_MINE]
    assert editor.save()
    mine_from, theirs, mine = choices.shown[0]
    assert (mine_from.version, theirs.version) == (1, 2)
    assert theirs.body == "Their paragraph." and theirs.updated_by == "bob"
    assert mine.body == "My paragraph."
    stored = other.get(article_id)
    assert (stored.body, stored.version) == ("My paragraph.", 3)
    history = [revision.body for revision in other.revisions(article_id)]
    assert history == ["Their paragraph.", "The first paragraph."]  # nothing lost
    assert not editor.is_dirty and editor.loaded_article == stored


def test_taking_theirs_shows_their_version(
    editor: ArticleEditor, article_id: int, other: ArticleService, choices: Choices
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    choices.answers = [ConflictChoice.TAKE_THEIRS]
    assert editor.save()
    assert editor.form.body_edit.toPlainText() == "Their paragraph." and not editor.is_dirty
    assert other.get(article_id).version == 2


def test_saving_mine_as_a_copy_leaves_theirs_alone(
    editor: ArticleEditor,
    article_id: int,
    other: ArticleService,
    choices: Choices,
    store: RecoveryStore,
    qtbot: QtBot,
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    editor.keep_recovery_copy()
    choices.answers = [ConflictChoice.SAVE_COPY]
    with qtbot.waitSignal(editor.saved) as saved:
        assert editor.save()
    copy = other.get(saved.args[0])
    assert copy.id != article_id and copy.title == "Council budget (copy)"
    assert copy.body == "My paragraph." and copy.status is ArticleStatus.DRAFT
    assert other.get(article_id).body == "Their paragraph."
    assert editor.current_article_id == copy.id and not editor.is_dirty
    assert store.load(article_key(article_id)) is None


def test_going_back_to_editing_saves_nothing_and_keeps_the_text(
    editor: ArticleEditor,
    article_id: int,
    other: ArticleService,
    choices: Choices,
    store: RecoveryStore,
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    choices.answers = [None]
    assert not editor.save()
    assert editor.is_dirty and editor.form.body_edit.toPlainText() == "My paragraph."
    kept = store.load(article_key(article_id))
    assert kept is not None and kept.body == "My paragraph."
    assert other.get(article_id).body == "Their paragraph."


def test_a_save_landing_while_the_view_is_open_is_shown_next(
    editor: ArticleEditor, article_id: int, other: ArticleService, choices: Choices
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    choices.during_dialog = [lambda: their_save(other, article_id, "A third desk's paragraph.")]
    choices.answers = [ConflictChoice.KEEP_MINE, ConflictChoice.KEEP_MINE]
    assert editor.save()
    assert [theirs.version for _, theirs, _ in choices.shown] == [2, 3]
    history = [revision.body for revision in other.revisions(article_id)]
    assert history[:2] == ["A third desk's paragraph.", "Their paragraph."]
    assert other.get(article_id).body == "My paragraph."


def test_switching_articles_with_a_conflict_asks_first(
    editor: ArticleEditor,
    article_id: int,
    other: ArticleService,
    choices: Choices,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    second = context.articles.create("Second").id
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    type_mine(editor, "My paragraph.")
    monkeypatch.setattr(editor_module, "ask_save_changes", lambda parent, title: "save")
    choices.answers = [None]
    assert not editor.open_article(second)  # still on the first, text kept
    assert editor.current_article_id == article_id and editor.is_dirty
    choices.answers = [ConflictChoice.KEEP_MINE]
    assert editor.open_article(second)
    assert other.get(article_id).body == "My paragraph."


def test_a_lost_connection_offers_a_retry_and_keeps_the_text(
    editor: ArticleEditor,
    article_id: int,
    choices: Choices,
    context: AppContext,
    store: RecoveryStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor.open_article(article_id)
    type_mine(editor, "Typed while the network was down.")
    real_save = context.articles.save
    failures = [DatabaseError("the connection to the database server x was lost")] * 2

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failures:
            raise failures.pop()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(context.articles, "save", flaky)
    choices.retries = [False]
    assert not editor.save()
    assert "was lost" in choices.retry_texts[0] and "recovery copy" in choices.retry_texts[0]
    kept = store.load(article_key(article_id))
    assert kept is not None and kept.body == "Typed while the network was down."
    assert editor.is_dirty
    choices.retries = [True]  # down once more, then back
    assert editor.save()
    assert context.articles.get(article_id).body == "Typed while the network was down."
    assert store.load(article_key(article_id)) is None


def test_a_saved_article_shown_here_follows_saves_made_elsewhere(
    editor: ArticleEditor, article_id: int, other: ArticleService
) -> None:
    editor.open_article(article_id)
    their_save(other, article_id, "Their paragraph.")
    assert editor.refresh_from_database()
    assert editor.form.body_edit.toPlainText() == "Their paragraph."
    assert editor.loaded_article is not None and editor.loaded_article.version == 2
    type_mine(editor, "Mine, unsaved.")
    their_save(other, article_id, "Theirs again.")
    assert not editor.refresh_from_database()  # unsaved text here is never replaced
    assert editor.form.body_edit.toPlainText() == "Mine, unsaved."


def test_the_view_shows_theirs_mine_and_the_difference(qtbot: QtBot, context: AppContext) -> None:
    base = context.articles.create("Ferry", "Old timetable.")
    theirs = ArticleDetail(**{**base.__dict__, "body": "New timetable.", "version": 2})
    mine = FormValues("Ferry", "Old timetable, checked.", "", base.status, None)
    view = ConflictView(base, theirs, mine)
    qtbot.addWidget(view)
    texts = {edit.objectName(): edit.toPlainText() for edit in view.findChildren(QPlainTextEdit)}
    assert "New timetable." in texts["conflictTheirs"]
    assert "Old timetable, checked." in texts["conflictMine"]
    difference = view.findChild(QTextBrowser, "conflictDifference")
    assert difference is not None and "checked" in difference.toPlainText()
    assert "version 1" in view.findChild(QWidget, "conflictSummary").text()  # type: ignore[union-attr]
    for choice, button in view.buttons.items():
        view.choice = None
        button.click()
        assert view.choice is choice and view.result() == QDialog.DialogCode.Accepted


def test_choose_returns_none_when_closed(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = context.articles.create("Ferry", "Old.")
    monkeypatch.setattr(ConflictView, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ConflictView.choose(None, base, base, FormValues.of(base)) is None

    def pick(self: ConflictView) -> QDialog.DialogCode:
        self.buttons[ConflictChoice.SAVE_COPY].click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictView, "exec", pick)
    assert ConflictView.choose(None, base, base, FormValues.of(base)) is ConflictChoice.SAVE_COPY


def test_keeping_mine_keeps_their_status_and_author_unless_i_changed_them(
    context: AppContext,
) -> None:
    base = context.articles.create("Ferry", "Text.")
    theirs = ArticleDetail(
        **{**base.__dict__, "status": ArticleStatus.IN_REVIEW, "author_id": 7, "version": 2}
    )
    untouched = FormValues("Ferry", "Mine.", "", base.status, None)
    assert merged_values(base, theirs, untouched) == FormValues(
        "Ferry", "Mine.", "", ArticleStatus.IN_REVIEW, 7
    )
    moved = FormValues("Ferry", "Mine.", "", ArticleStatus.IN_REVIEW, 3)
    assert merged_values(base, theirs, moved).author_id == 3
    published = ArticleDetail(**{**base.__dict__, "status": ArticleStatus.ARCHIVED})
    wants_review = FormValues("Ferry", "Mine.", "", ArticleStatus.IN_REVIEW, None)
    # Archived cannot go to review: theirs stays rather than the save being refused.
    assert merged_values(base, published, wants_review).status is ArticleStatus.ARCHIVED
