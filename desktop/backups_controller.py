"""The window's backups: a copy a day off the GUI thread, Back up now, Restore from backup.

A backup that fails is said in the status bar by a warning that stays until a later backup
succeeds; nothing fails quietly. On PostgreSQL both menu items say how the newsroom backs up
(pg_dump on the server) instead of pretending.

After a restore the window closes and asks to be started again, rather than reloading in
place: every panel, open editor, undo stack, presence mark and cached id then comes from the
restored database through the one path that is always tested, the start (which also
upgrades a copy of an older schema). The restore itself goes into the same file through
SQLite's backup API, so other desks on it see the restored database at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from database.backups import (
    Backup,
    BackupsElsewhereError,
    DailyOutcome,
    Reason,
    RestoreOutcome,
    back_up,
    back_up_daily,
    backup_folder,
    daily_backup_due,
    list_backups,
    restore,
    sqlite_file_of,
)
from database.errors import CopydeskError
from desktop import dialogs
from desktop.plain_text import plain_label, tooltip_text
from desktop.settings import Settings
from desktop.workers import Job, Worker

log = logging.getLogger(__name__)


def _restore_and_upgrade(copy: Path, database_file: Path, url: str) -> RestoreOutcome:
    from database.engine import open_database

    outcome = restore(copy, database_file)
    open_database(url).dispose()  # a copy of an older schema is upgraded now, for every desk
    return outcome


class BackupController(QObject):
    """Backups of the window's database. `start()` (at start-up) begins the daily copies."""

    backupMade = Signal(object)  # Backup
    backupFailed = Signal(str)
    restored = Signal(object)  # RestoreOutcome

    def __init__(
        self,
        window: QMainWindow,
        url: str,
        settings: Settings,
        *,
        can_leave: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._url = url
        self._settings = settings
        self._can_leave = can_leave
        self._workers: set[Worker] = set()
        self.started = False
        self.restoring = False
        try:
            self.database_file: Path | None = sqlite_file_of(url)
            self.elsewhere = ""
        except BackupsElsewhereError as error:
            self.database_file, self.elsewhere = None, str(error)
        self.warning = plain_label("", window, "backupWarning")
        self.warning.hide()
        window.statusBar().addPermanentWidget(self.warning)

    def connect_actions(self, back_up_now: QAction, restore_backup: QAction) -> None:
        """File ▸ Back up now and Restore from backup…; on a server, they say it is backed up
        there (pg_dump) in their tips as well as when chosen."""
        back_up_now.triggered.connect(self.back_up_now)
        restore_backup.triggered.connect(self.restore_from_backup)
        if self.elsewhere:
            for action in (back_up_now, restore_backup):
                action.setStatusTip(self.elsewhere)
                action.setToolTip(tooltip_text(self.elsewhere))

    # --- making copies -----------------------------------------------------------------

    def start(self) -> None:
        """Today's copy unless there is one, on a worker; old ones deleted after it."""
        self.started = True
        if self.database_file is not None:
            keep_days = self._settings.backup_keep_days
            file = self.database_file
            self._run(lambda _job: back_up_daily(file, keep_days), self._daily_done)

    def back_up_on_close(self) -> None:
        """Open past midnight: the new day's copy as the window closes (the launch waits for
        the worker before it ends); a failure is logged and the next start tries again."""
        file = self.database_file
        if not self.started or self.busy or file is None or not daily_backup_due(file):
            return
        keep_days = self._settings.backup_keep_days
        self._run(lambda _job: back_up_daily(file, keep_days), self._daily_done)

    def back_up_now(self) -> None:
        if self.database_file is None:
            dialogs.show_information(self._window, "Back up now", self.elsewhere)
            return
        file = self.database_file
        self._window.statusBar().showMessage("Backing up…")
        self._run(lambda _job: back_up(file, Reason.MANUAL), self._made_now)

    def _run(self, work: Callable[[Job], object], done: Callable[[object], None]) -> None:
        worker = Worker(work)
        worker.signals.result.connect(done)
        worker.signals.failed.connect(self._failed)
        worker.signals.finished.connect(lambda: self._workers.discard(worker))
        self._workers.add(worker)
        worker.start()

    @property
    def busy(self) -> bool:
        return bool(self._workers)

    def _daily_done(self, outcome: object) -> None:
        assert isinstance(outcome, DailyOutcome)
        if outcome.made is not None:
            log.info("daily backup written to %s", outcome.made.path)
            self._succeeded(outcome.made)
        if outcome.deleted:
            log.info("deleted %d backups older than the days kept", len(outcome.deleted))

    def _made_now(self, made: object) -> None:
        assert isinstance(made, Backup)
        self._succeeded(made)
        self._window.statusBar().showMessage(f"Backed up to {made.path}", 10_000)

    def _succeeded(self, made: Backup) -> None:
        self.warning.hide()
        self.warning.clear()
        self.backupMade.emit(made)

    def _failed(self, message: str) -> None:
        log.error("backup failed: %s", message)
        self.warning.setText("⚠ The database was not backed up")
        self.warning.setToolTip(tooltip_text(f"{message}\n\nFile ▸ Back up now tries again."))
        # White on red reads on a light and on a dark desktop alike.
        self.warning.setStyleSheet("color: white; background: #b3261e; padding: 0 6px")
        self.warning.show()
        self._window.statusBar().showMessage(f"Backup failed: {message}")
        self.backupFailed.emit(message)

    # --- restoring ---------------------------------------------------------------------

    def restore_from_backup(self) -> None:
        """Choose a copy, confirm what it replaces, restore it, close the window."""
        title = "Restore from backup"
        if self.database_file is None:
            dialogs.show_information(self._window, title, self.elsewhere)
            return
        folder = backup_folder(self.database_file)
        try:
            copies = list_backups(self.database_file)
        except CopydeskError as error:
            dialogs.show_error(self._window, title, str(error))
            return
        if not copies:
            dialogs.show_information(
                self._window,
                title,
                f"There are no backups of {self.database_file} in {folder} yet. Copydesk "
                "makes one each day it starts and one before every schema upgrade; "
                "File ▸ Back up now makes one at once.",
            )
            return
        chosen = dialogs.choose_backup(self._window, copies, str(folder))
        if chosen is None or not dialogs.confirm_restore(self._window, self._question(chosen)):
            return
        if not self._can_leave():  # unsaved work: saved, discarded or the restore called off
            return
        self.restoring = True
        self._window.setEnabled(False)
        self._window.statusBar().showMessage(f"Restoring the copy of {chosen.describe()}…")
        file, url = self.database_file, self._url
        worker = Worker(lambda _job: _restore_and_upgrade(chosen.path, file, url))
        worker.signals.result.connect(self._restored)
        worker.signals.failed.connect(self._restore_failed)
        worker.signals.finished.connect(lambda: self._workers.discard(worker))
        self._workers.add(worker)
        worker.start()

    def _question(self, chosen: Backup) -> str:
        return (
            f"Replace the database {self.database_file} with the copy made "
            f"{chosen.made_at:%A %d %B %Y at %H:%M} ({chosen.reason.value})?\n\n"
            "Everything saved since then — articles, authors, comments, moderation — is "
            "replaced by the copy, at every desk working on this database. The database as it "
            f"is now is kept first, in {chosen.path.parent}.\n\n"
            "Copydesk then closes; start it again to work on the restored database."
        )

    def _restored(self, outcome: object) -> None:
        assert isinstance(outcome, RestoreOutcome)
        self.restoring = False
        self._window.setEnabled(True)
        kept = f" The database as it was is kept in {outcome.kept.path}." if outcome.kept else ""
        log.info("restored %s from %s", outcome.database_file, outcome.restored_from)
        self.restored.emit(outcome)
        dialogs.show_information(
            self._window,
            "Backup restored",
            f"{outcome.database_file} was restored from {outcome.restored_from}.{kept}\n\n"
            "Copydesk closes now: start it again to work on the restored database.",
        )
        self._window.close()

    def _restore_failed(self, message: str) -> None:
        self.restoring = False
        self._window.setEnabled(True)
        self._window.statusBar().clearMessage()
        log.error("restore failed: %s", message)
        dialogs.show_error(self._window, "Restore failed", message)
