"""Who is editing what, between two desks: the editor's banner, taking over, the list's marker."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from database.engine import Database, open_database
from database.services.presence import PresenceMark, PresenceService
from database.statuses import ArticleStatus
from desktop import operations
from desktop.app import create_main_window
from desktop.articles import conflict_view
from desktop.articles.editor import ArticleEditor
from desktop.articles.list_model import EDITING_MARK, Column
from desktop.articles.list_panel import ArticleListPanel
from desktop.articles.recovery import RecoveryStore
from desktop.articles.takeover import TakeoverChoice, UnsavedTextView
from desktop.context import AppContext
from desktop.desk_runs import DeskRun
from desktop.live_updates import POLL_INTERVAL_MS, PresenceTracker, describe_presence
from desktop.main_window import MainWindow
from desktop.settings import Settings


class DeskSettings(Settings):
    """The desks of one test share the settings file: each keeps its own person's name."""

    def __init__(self, user: str) -> None:
        super().__init__()
        self._user = user

    @property  # type: ignore[override]
    def user_name(self) -> str:
        return self._user


class Desk:
    """One copy of Copydesk: its own database connections, presence marks, editor and list."""

    def __init__(self, qtbot: QtBot, url: str, user: str, folder: Path) -> None:
        self.database = open_database(url)
        self.context = AppContext(self.database, settings=DeskSettings(user))
        self.recovery = RecoveryStore(folder / user)
        self.presence = PresenceService(self.database.session_factory, user=user)
        self.editor = ArticleEditor(self.context, self.recovery, presence=self.presence)
        self.list = ArticleListPanel(self.context, presence=self.presence)
        for widget in (self.editor, self.list):
            qtbot.addWidget(widget)

    def close(self) -> None:
        self.editor.presence.release()
        operations.wait_until_idle()  # the release is written before the connections go
        self.database.dispose()


@pytest.fixture
def desks(qtbot: QtBot, database_url: str, database: Database, tmp_path: Path) -> Iterator:
    ann, bob = (Desk(qtbot, database_url, name, tmp_path) for name in ("ann", "bob"))
    yield ann, bob
    ann.close()
    bob.close()


@pytest.fixture
def article_id(context: AppContext) -> int:
    return context.articles.create("Harbour works", "Text.").id


@pytest.fixture
def take_over_answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    answers: list[bool] = []
    asked: list[str] = []

    def confirm(parent: QWidget | None, holder: str) -> bool:
        asked.append(holder)
        return answers.pop(0)

    monkeypatch.setattr(conflict_view, "confirm_take_over", confirm)
    return answers


def banner_text(desk: Desk) -> str:
    banner = desk.editor.form.banner
    return banner.label.text() if banner.isVisibleTo(desk.editor.form) else ""


def test_others_see_who_is_editing_in_the_editor_and_may_only_read(
    desks: tuple[Desk, Desk], article_id: int, settle
) -> None:
    ann, bob = desks
    ann.editor.open_article(article_id)
    settle()
    assert banner_text(ann) == ""
    bob.editor.open_article(article_id)
    settle()
    assert banner_text(bob).startswith("Being edited by ann since ")
    assert bob.editor.form.body_edit.isReadOnly() and bob.editor.form.title_edit.isReadOnly()
    assert not bob.editor.form.status_combo.isEnabled()
    assert not ann.editor.form.body_edit.isReadOnly()


def test_the_list_marks_articles_someone_else_is_editing(
    desks: tuple[Desk, Desk], article_id: int, settle
) -> None:
    ann, bob = desks
    ann.editor.open_article(article_id)
    settle()
    for desk in desks:
        desk.list.refresh()  # the article is newer than the lists
        desk.list.refresh_presence()
    settle()
    row = bob.list.model.row_of(article_id)
    assert row is not None
    title = bob.list.model.index(row, Column.TITLE)
    assert title.data() == f"{EDITING_MARK}Harbour works"
    tooltip = title.data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Harbour works\nBeing edited by ann since ")
    # Ann's own list does not tell her she is editing it.
    own = ann.list.model.index(row, Column.TITLE)
    assert own.data() == "Harbour works"
    ann.editor.close_article()
    settle()
    bob.list.refresh_presence()
    settle()
    assert title.data() == "Harbour works"


def test_taking_over_after_the_warning(
    desks: tuple[Desk, Desk],
    article_id: int,
    take_over_answers: list[bool],
    qtbot: QtBot,
    settle,
) -> None:
    ann, bob = desks
    ann.editor.open_article(article_id)
    settle()
    bob.editor.open_article(article_id)
    settle()
    take_over_answers.append(False)
    bob.editor.form.banner.take_over_button.click()
    assert banner_text(bob) and bob.editor.form.body_edit.isReadOnly()
    take_over_answers.append(True)
    bob.editor.form.banner.take_over_button.click()
    # Bob's at once: a take-over's claim cannot be refused.
    assert banner_text(bob) == "" and not bob.editor.form.body_edit.isReadOnly()
    settle()
    assert bob.presence.holder(article_id).user == "bob"  # type: ignore[union-attr]
    # Ann's next heartbeat (or live update) tells her; she had nothing unsaved to keep.
    with qtbot.waitSignal(ann.editor.presence.takenOver):
        ann.editor.presence.refresh()
    assert banner_text(ann).startswith("bob took over “Harbour works” at ")
    assert ann.editor.form.body_edit.isReadOnly()
    assert not ann.editor.form.banner.offers_shown


def test_closing_gives_the_article_to_the_next_heartbeat(
    desks: tuple[Desk, Desk], article_id: int, context: AppContext, settle
) -> None:
    ann, bob = desks
    other = context.articles.create("Other").id
    ann.editor.open_article(article_id)
    settle()
    bob.editor.open_article(article_id)
    settle()
    assert banner_text(bob)
    ann.editor.open_article(other)  # switching releases the first mark
    settle()
    bob.editor.presence.refresh()
    settle()
    assert banner_text(bob) == "" and not bob.editor.form.body_edit.isReadOnly()
    assert bob.presence.holder(article_id).user == "bob"  # type: ignore[union-attr]


def test_the_heartbeat_keeps_the_mark_fresh(
    qtbot: QtBot, database: Database, article_id: int, settle
) -> None:
    clock = [datetime(2026, 11, 22, 10, 2, tzinfo=UTC)]
    service = PresenceService(database.session_factory, user="ann", clock=lambda: clock[0])
    tracker = PresenceTracker(service, heartbeat_ms=20)
    tracker.follow(article_id)
    clock[0] += timedelta(seconds=40)

    def beaten() -> bool:
        mark = service.holder(article_id)
        return mark is not None and mark.heartbeat_at == clock[0]

    qtbot.waitUntil(beaten, timeout=2000)  # a beat at the new time, by the timer
    tracker.release()
    settle()
    assert service.holder(article_id) is None and not tracker.timer.isActive()


def test_a_mark_left_by_a_crashed_copy_expires(
    qtbot: QtBot, database: Database, article_id: int, tmp_path: Path, settle
) -> None:
    clock = [datetime(2026, 11, 22, 10, 2, tzinfo=UTC)]
    crashed = PresenceService(database.session_factory, user="cat", clock=lambda: clock[0])
    crashed.claim(article_id)  # then the app died: no heartbeat, no release
    watcher = PresenceService(database.session_factory, user="dan", clock=lambda: clock[0])
    context = AppContext(database)
    panel = ArticleListPanel(context, presence=watcher)
    qtbot.addWidget(panel)
    settle()  # who is editing what: read as the list opens
    row = panel.model.row_of(article_id)
    assert row is not None
    title = panel.model.index(row, Column.TITLE)
    assert title.data().startswith(EDITING_MARK)
    clock[0] += timedelta(seconds=46)
    with qtbot.waitSignal(panel.model.dataChanged):
        panel.refresh_presence()
    assert title.data() == "Harbour works"


def test_presence_is_described_in_local_time() -> None:
    since = datetime(2026, 11, 22, 10, 2, tzinfo=UTC)
    mark = PresenceMark(1, "ann", "x", since, since, mine=False)
    local = since.astimezone()
    assert describe_presence(mark, today=local) == (
        f"Being edited by ann since {local.strftime('%H:%M')}"
    )
    later = describe_presence(mark, today=local + timedelta(days=2))
    assert later == f"Being edited by ann since {local.strftime('%d %b %H:%M')}"


def test_presence_trouble_never_blocks_editing(
    qtbot: QtBot, context: AppContext, article_id: int, tmp_path: Path, monkeypatch
) -> None:
    from database.errors import DatabaseError

    service = PresenceService(context.database.session_factory, user="ann")

    def down(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError("the server is down")

    monkeypatch.setattr(service, "claim", down)
    editor = ArticleEditor(context, RecoveryStore(tmp_path / "r"), presence=service)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.statusMessage) as message:
        assert editor.open_article(article_id)
    assert "not known" in message.args[0]
    assert not editor.form.body_edit.isReadOnly() and banner_text_of(editor) == ""


def banner_text_of(editor: ArticleEditor) -> str:
    banner = editor.form.banner
    return banner.label.text() if banner.isVisibleTo(editor.form) else ""


def test_saving_is_refused_while_someone_else_holds_the_article(
    desks: tuple[Desk, Desk],
    article_id: int,
    take_over_answers: list[bool],
    context: AppContext,
    settle,
) -> None:
    ann, bob = desks
    bob.editor.open_article(article_id)
    settle()
    bob.editor.form.body_edit.setPlainText("Bob's text")
    ann.editor.open_article(article_id)
    settle()
    take_over_answers.append(True)
    ann.editor.form.banner.take_over_button.click()
    bob.editor.presence.refresh()  # Bob's heartbeat: Ann has it now
    settle()
    # Read-only, and saving says so instead of writing past Ann's editing.
    assert bob.editor.form.body_edit.isReadOnly() and bob.editor.is_dirty
    assert not bob.editor.can_save
    assert not bob.editor.save()
    assert bob.editor.form.problem("").startswith("Not saved: ann is editing “Harbour works” now.")
    assert context.articles.get(article_id).body == "Text."
    # Taking it back, Bob may save what he typed.
    take_over_answers.append(True)
    bob.editor.form.banner.take_over_button.click()
    assert bob.editor.can_save and bob.editor.save()
    settle()
    assert context.articles.get(article_id).body == "Bob's text"


def test_after_a_crash_the_desk_takes_its_own_marks_back(
    qtbot: QtBot, database_url: str, context: AppContext, article_id: int
) -> None:
    desk_id = Settings().desk_id
    crashed = PresenceService(
        context.database.session_factory, user="Dana Reporter", desk_id=desk_id
    )
    crashed.claim(article_id)  # and then the run died: no release
    window = create_main_window(database_url)
    try:
        window.show()
        # Released once the window is up: no list shows Dana as someone else editing it.
        qtbot.waitUntil(lambda: crashed.holder(article_id) is None)
        crashed.claim(article_id)  # a mark the window's start did not see: taken on opening
        window.open_article(article_id)
        qtbot.waitUntil(operations.idle)
        form = window.editor.form
        assert not form.is_held_elsewhere and not form.body_edit.isReadOnly()
        assert form.author_combo.isEnabled()
        mark = window.presence.holder(article_id)
        assert mark is not None and mark.mine
    finally:
        window.close()
        operations.wait_until_idle()
        window.context.database.dispose()
        window.deleteLater()


def test_a_second_running_copy_of_the_desk_keeps_its_mark(
    window: MainWindow, context: AppContext, article_id: int, settle
) -> None:
    second = DeskRun(window.context.settings.desk_id)
    service = second.presence(context)
    try:
        assert service.claim(article_id) is not None
        window.open_article(article_id)
        settle()
        form = window.editor.form
        assert form.is_held_elsewhere and form.body_edit.isReadOnly()
        assert form.banner.label.text().startswith("Being edited by ")
    finally:
        service.release()
        second.end()


# --- taken over while editing: said at once, the unsaved text kept and offered ------------------


def taken_over_while_typing(
    desks: tuple[Desk, Desk], article_id: int, take_over_answers: list[bool], qtbot: QtBot
) -> tuple[Desk, Desk]:
    """Ann types without saving; Bob takes the article over; Ann's desk hears of it (what
    the live update does when presence marks change)."""
    ann, bob = desks
    ann.editor.open_article(article_id)
    qtbot.waitUntil(operations.idle)
    ann.editor.form.notes_edit.setPlainText("Ann's notes")
    qtbot.keyClicks(ann.editor.form.body_edit, "Ann's unsaved line. ")
    assert ann.editor.is_dirty
    bob.editor.open_article(article_id)
    qtbot.waitUntil(operations.idle)
    take_over_answers.append(True)
    bob.editor.form.banner.take_over_button.click()
    with qtbot.waitSignal(ann.editor.presence.takenOver):
        ann.editor.presence.refresh()
    return ann, bob


ANN_TEXT = "Ann's unsaved line. Text."


def test_a_takeover_says_so_and_keeps_the_unsaved_text(
    desks: tuple[Desk, Desk], article_id: int, take_over_answers: list[bool], qtbot: QtBot
) -> None:
    ann, _bob = taken_over_while_typing(desks, article_id, take_over_answers, qtbot)
    text = banner_text(ann)
    assert text.startswith("bob took over “Harbour works” at ")
    assert text.endswith(". Your unsaved changes are kept:")
    form = ann.editor.form
    assert form.banner.offers_shown and form.body_edit.isReadOnly()
    for name in ("takeoverKeepRevision", "takeoverSaveCopy", "takeoverShowUnsaved"):
        assert form.banner.findChild(QPushButton, name).isVisibleTo(form)
    # Still on screen, and on disk already: nothing waits for the autosave.
    assert form.body_edit.toPlainText() == ANN_TEXT and ann.editor.is_dirty
    copy = ann.recovery.load(ann.editor.recovery_key)
    assert copy is not None and (copy.body, copy.notes) == (ANN_TEXT, "Ann's notes")


def test_the_unsaved_text_kept_as_a_revision_replaces_nothing(
    desks: tuple[Desk, Desk],
    article_id: int,
    take_over_answers: list[bool],
    qtbot: QtBot,
    context: AppContext,
) -> None:
    ann, bob = taken_over_while_typing(desks, article_id, take_over_answers, qtbot)
    qtbot.mouseClick(ann.editor.form.banner.keep_revision_button, Qt.MouseButton.LeftButton)
    [revision] = context.articles.revisions(article_id)
    assert (revision.body, revision.notes, revision.saved_by) == (ANN_TEXT, "Ann's notes", "ann")
    article = context.articles.get(article_id)
    assert (article.body, article.version) == ("Text.", 1)  # Bob's article is as it was
    # Ann's editor shows the article as saved, still Bob's; her copy on disk is not needed.
    assert ann.editor.form.body_edit.toPlainText() == "Text." and not ann.editor.is_dirty
    assert banner_text(ann).startswith("Being edited by bob since ")
    assert not ann.editor.form.banner.offers_shown
    assert ann.recovery.load(ann.editor.recovery_key) is None
    # Bob's save afterwards keeps the history in order: Ann's text stays where it is.
    qtbot.keyClicks(bob.editor.form.body_edit, "Bob. ")
    assert bob.editor.save()
    assert [r.saved_by for r in context.articles.revisions(article_id)] == ["", "ann"]


def test_the_unsaved_text_saved_as_a_new_article(
    desks: tuple[Desk, Desk],
    article_id: int,
    take_over_answers: list[bool],
    qtbot: QtBot,
    context: AppContext,
) -> None:
    ann, bob = taken_over_while_typing(desks, article_id, take_over_answers, qtbot)
    with qtbot.waitSignal(ann.editor.saved) as saved:
        qtbot.mouseClick(ann.editor.form.banner.save_copy_button, Qt.MouseButton.LeftButton)
    copy = context.articles.get(saved.args[0])
    assert copy.id != article_id and copy.title == "Harbour works (copy)"
    assert copy.body == ANN_TEXT and copy.updated_by == "ann"
    assert "when bob took over “Harbour works”" in copy.notes
    assert copy.status is ArticleStatus.DRAFT
    # Ann edits her copy, hers to edit; the original is Bob's and unchanged.
    assert ann.editor.current_article_id == copy.id and not ann.editor.is_dirty
    assert banner_text(ann) == "" and not ann.editor.form.body_edit.isReadOnly()
    assert context.articles.get(article_id).body == "Text."
    assert bob.presence.holder(article_id).user == "bob"  # type: ignore[union-attr]


@pytest.mark.parametrize("choice", [None, TakeoverChoice.KEEP_AS_REVISION])
def test_show_them_shows_the_unsaved_text_beside_the_saved_one(
    desks: tuple[Desk, Desk],
    article_id: int,
    take_over_answers: list[bool],
    qtbot: QtBot,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    choice: TakeoverChoice | None,
) -> None:
    ann, _bob = taken_over_while_typing(desks, article_id, take_over_answers, qtbot)
    seen: dict[str, str] = {}

    def look(view: UnsavedTextView) -> int:
        seen["mine"] = view.mine.toPlainText()
        seen["difference"] = view.difference.toPlainText()
        if choice is None:
            view.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
        else:
            view.findChild(QPushButton, "unsavedKeepRevision").click()
        return view.result()

    monkeypatch.setattr(UnsavedTextView, "exec", look)
    qtbot.mouseClick(ann.editor.form.banner.show_unsaved_button, Qt.MouseButton.LeftButton)
    assert seen["mine"].startswith(f"Harbour works\n\n{ANN_TEXT}")
    assert "Ann's unsaved line." in seen["difference"]
    kept = [revision.body for revision in context.articles.revisions(article_id)]
    if choice is None:  # closed: nothing saved, and nothing lost
        assert kept == [] and ann.editor.is_dirty and ann.editor.form.banner.offers_shown
        assert ann.recovery.load(ann.editor.recovery_key) is not None
    else:
        assert kept == [ANN_TEXT] and not ann.editor.is_dirty


def test_the_window_says_so_within_the_live_update_poll(
    window: MainWindow, context: AppContext, article_id: int, qtbot: QtBot
) -> None:
    window.open_article(article_id)
    qtbot.keyClicks(window.editor.form.body_edit, "Mine. ")
    bob = PresenceService(context.database.session_factory, user="bob")
    try:
        assert bob.claim(article_id, take_over=True).mine  # type: ignore[union-attr]
        # The presence change reaches the window by its live update (a poll a second on
        # SQLite), long before the next heartbeat.
        assert window.editor.presence.timer.interval() >= 10 * POLL_INTERVAL_MS
        form = window.editor.form
        qtbot.waitUntil(lambda: form.banner.offers_shown, timeout=3 * POLL_INTERVAL_MS)
        assert form.banner.label.text().startswith("bob took over “Harbour works” at ")
        assert not window.actions.save.isEnabled()
        assert window.editor.form.body_edit.toPlainText() == "Mine. Text."
    finally:
        bob.release()


# --- marks written in the background ---------------------------------------------------------


class RecordingPresence(PresenceService):
    """The real service, noting each claim and release and the thread it ran on."""

    def __init__(self, database: Database, user: str) -> None:
        super().__init__(database.session_factory, user=user)
        self.calls: list[tuple[str, int | None, threading.Thread]] = []

    def claim(self, article_id: int, *, take_over: bool = False) -> PresenceMark | None:
        self.calls.append(("claim", article_id, threading.current_thread()))
        return super().claim(article_id, take_over=take_over)

    def release(self, article_id: int | None = None) -> None:
        self.calls.append(("release", article_id, threading.current_thread()))
        super().release(article_id)


def writer_thread(qtbot: QtBot) -> threading.Thread:
    owner = QObject()
    found: list[threading.Thread] = []
    operations.op(owner, threading.current_thread, write=True).success(found.append).run()
    qtbot.waitUntil(lambda: bool(found))
    return found[0]


def test_marks_are_claimed_and_released_on_the_writer_in_order(
    qtbot: QtBot, database: Database, context: AppContext, article_id: int, settle
) -> None:
    other = context.articles.create("Other").id
    service = RecordingPresence(database, "ann")
    tracker = PresenceTracker(service)
    tracker.follow(article_id)
    tracker.follow(other)  # the first released before the second is claimed
    tracker.release()
    settle()
    assert [(what, which) for what, which, _ in service.calls] == [
        ("claim", article_id),
        ("release", article_id),
        ("claim", other),
        ("release", other),
    ]
    assert {thread for _, _, thread in service.calls} == {writer_thread(qtbot)}
    assert service.holder(article_id) is None and service.holder(other) is None


def test_only_the_newest_claims_answer_counts(
    qtbot: QtBot, database: Database, article_id: int, settle
) -> None:
    ann = RecordingPresence(database, "ann")
    bob = PresenceService(database.session_factory, user="bob")
    bob.claim(article_id)
    tracker = PresenceTracker(ann)
    holders: list[PresenceMark | None] = []
    tracker.holderChanged.connect(holders.append)
    tracker.follow(article_id)  # its answer will say bob holds it
    tracker.take_over()  # asked before that answer came
    assert tracker.blocked_by is None and tracker.claiming
    with qtbot.assertNotEmitted(tracker.takenOver):
        settle()
    assert tracker.blocked_by is None and holders == []
    assert ann.holder(article_id).user == "ann"  # type: ignore[union-attr]
    tracker.release()
    settle()


def test_the_answer_for_an_article_no_longer_open_is_dropped(
    qtbot: QtBot, database: Database, article_id: int, settle
) -> None:
    bob = PresenceService(database.session_factory, user="bob")
    bob.claim(article_id)
    tracker = PresenceTracker(PresenceService(database.session_factory, user="ann"))
    tracker.follow(article_id)
    tracker.follow(None)  # closed before the claim was answered
    settle()
    assert tracker.blocked_by is None
