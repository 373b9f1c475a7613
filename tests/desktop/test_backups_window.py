"""The window's backups: the daily copy off the GUI thread, a failure that stays in sight,
File ▸ Restore from backup… (choose, confirm, restore, close), and PostgreSQL said plainly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from database.backups import Reason, back_up, list_backups, sqlite_file_of
from desktop import dialogs
from desktop.backups_controller import BackupController
from desktop.main_window import MainWindow
from desktop.restore_dialog import RestoreDialog
from desktop.settings import Settings


def _file(window: MainWindow) -> Path:
    return sqlite_file_of(window.context.database.url)


def _titles(window: MainWindow) -> list[str]:
    articles = window.context.articles
    return [a.title for a in articles.summaries(articles.ids())]


def test_the_daily_copy_is_made_off_the_gui_thread_once_a_day(qtbot, window: MainWindow) -> None:
    window.context.articles.create("Kept", "in the daily copy")
    with qtbot.waitSignal(window.backups.backupMade, timeout=10_000) as made:
        window.backups.start()
    [daily] = list_backups(_file(window))
    assert made.args[0] == daily and daily.reason is Reason.DAILY
    # `finished` follows the result: until it comes, "busy" is still the copy just made.
    qtbot.waitUntil(lambda: not window.backups.busy)
    window.backups.back_up_on_close()  # today's is there: nothing more to do
    assert not window.backups.busy
    assert window.findChild(type(window.backups.warning), "backupWarning").isHidden()


def test_a_failed_backup_is_said_and_stays_until_one_succeeds(qtbot, window: MainWindow) -> None:
    blocker = _file(window).parent / "backups"
    blocker.write_text("a file where the backups folder should be")
    with qtbot.waitSignal(window.backups.backupFailed, timeout=10_000):
        window.backups.start()
    warning = window.backups.warning
    assert warning.isVisible()
    assert warning.text() == "⚠ The database was not backed up"
    assert str(blocker) in warning.toolTip() and "Back up now" in warning.toolTip()
    window.statusBar().showMessage("something else", 10)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "")
    assert warning.isVisible()  # a permanent widget: no later message takes its place

    blocker.unlink()
    with qtbot.waitSignal(window.backups.backupMade, timeout=10_000):
        window.actions.back_up_now.trigger()
    assert warning.isHidden()
    assert [b.reason for b in list_backups(_file(window))] == [Reason.MANUAL]


def test_restore_lists_the_copies_confirms_what_is_replaced_and_closes(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.context.articles.create("Kept", "in the copy")
    copy = back_up(_file(window), Reason.DAILY)
    window.context.articles.create("Later", "after the copy")
    offered: list[list[object]] = []
    questions: list[str] = []
    told: list[str] = []

    def choose(_parent, copies, _folder):  # type: ignore[no-untyped-def]
        offered.append(copies)
        return copies[0]

    def confirm(_parent, question: str) -> bool:
        questions.append(question)
        return True

    monkeypatch.setattr(dialogs, "choose_backup", choose)
    monkeypatch.setattr(dialogs, "confirm_restore", confirm)
    monkeypatch.setattr(dialogs, "show_information", lambda _p, _t, text: told.append(text))
    window.actions.restore_backup.trigger()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)

    assert offered == [[copy]]
    assert str(_file(window)) in questions[0]
    assert "Copydesk then closes" in questions[0]
    assert _titles(window) == ["Kept"]
    [kept] = [b for b in list_backups(_file(window)) if b.reason is Reason.BEFORE_RESTORE]
    assert f"kept in {kept.path}" in told[0] and "start it again" in told[0]


def test_a_damaged_copy_is_refused_and_the_window_goes_on(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.context.articles.create("Ours", "stays")
    copy = back_up(_file(window), Reason.DAILY)
    data = bytearray(copy.path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = b"\xa5" * 8192
    copy.path.write_bytes(bytes(data))
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "choose_backup", lambda _p, copies, _f: copies[0])
    monkeypatch.setattr(dialogs, "confirm_restore", lambda _p, _q: True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: errors.append(text))
    window.actions.restore_backup.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "fails its check" in errors[0]
    assert window.isVisible() and window.isEnabled()
    assert _titles(window) == ["Ours"]


def test_the_restore_dialog_offers_the_copies_newest_first(qtbot, window: MainWindow) -> None:
    from datetime import datetime

    older = back_up(_file(window), Reason.BEFORE_MIGRATION, lambda: datetime(2026, 2, 1, 8, 0))
    newer = back_up(_file(window), Reason.DAILY, lambda: datetime(2026, 2, 2, 9, 15))
    dialog = RestoreDialog(list_backups(_file(window)), "the folder", window)
    qtbot.addWidget(dialog)
    texts = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert texts[0].startswith("2026-02-02 09:15 · daily · ")
    assert texts[1].startswith("2026-02-01 08:00 · before-migration · ")
    assert dialog.chosen() == newer
    dialog.list.setCurrentRow(1)
    assert dialog.chosen() == older
    assert dialog.details.text() == str(older.path)
    empty = RestoreDialog([], "the folder", window)
    qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled() and empty.chosen() is None


def test_on_postgresql_the_menu_items_say_how_the_newsroom_backs_up(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.actions import WindowActions

    host = QMainWindow()
    qtbot.addWidget(host)
    actions = WindowActions.create(host)
    controller = BackupController(
        host, "postgresql+psycopg://editor:secret@db/newsroom", Settings(), can_leave=lambda: True
    )
    controller.connect_actions(actions.back_up_now, actions.restore_backup)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_information", lambda _p, _t, text: told.append(text))
    actions.restore_backup.trigger()
    actions.back_up_now.trigger()
    assert len(told) == 2 and all("pg_dump" in text for text in told)
    assert "pg_dump" in actions.restore_backup.statusTip()
    controller.start()
    assert not controller.busy  # nothing pretends to copy a server's database


def test_the_days_kept_is_a_setting() -> None:
    settings = Settings()
    assert settings.backup_keep_days == 14
    settings.backup_keep_days = 30
    assert Settings().backup_keep_days == 30
    settings.backup_keep_days = 0
    assert Settings().backup_keep_days == 1
