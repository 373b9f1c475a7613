"""Which runs of this desk are going: the presence marks of those that ended are left over.

Each run holds a lock file named after its run id in the settings folder while it goes. A run
that crashed leaves its file behind, but nobody holds it any more (QLockFile knows by the
process id), so the next run can tell its marks from a second copy's that still runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

from database.services.presence import RUN_ID, PresenceService, new_client_id, run_of
from desktop.context import AppContext
from desktop.settings import settings_path

log = logging.getLogger(__name__)


def runs_folder() -> Path:
    return Path(settings_path()).parent / "runs"


def _lock_file(folder: Path, run: str) -> QLockFile:
    lock = QLockFile(str(folder / f"{run}.lock"))
    # Only a dead process makes a lock stale: a run holds it for days, if it likes.
    lock.setStaleLockTime(0)
    return lock


class DeskRun:
    """This run of the desk: its client id for presence marks, and the lock that says it goes."""

    def __init__(self, desk_id: str, folder: Path | None = None) -> None:
        self.desk_id = desk_id
        self.client_id = new_client_id(desk_id)
        run = run_of(self.client_id, desk_id)
        assert run is not None
        self.run_id = run
        self._folder = folder or runs_folder()
        self._lock: QLockFile | None = None
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("cannot keep run locks in %s: %s", self._folder, error)
            return
        lock = _lock_file(self._folder, run)
        if lock.tryLock(0):
            self._lock = lock
        else:
            log.warning("cannot lock %s: %s", self._folder, lock.error())

    def is_alive(self, run: str) -> bool:
        """Whether the run `run` of this desk still goes (this one does)."""
        if run == self.run_id:
            return True
        if not RUN_ID.fullmatch(run):
            return False
        lock = _lock_file(self._folder, run)
        if lock.tryLock(0):
            lock.unlock()  # and the file a crashed run left goes with it
            return False
        return True  # held, or not to be read: better a mark kept than another copy's taken

    def end(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def presence(self, context: AppContext) -> PresenceService:
        """This run's presence marks on the context's database."""
        return PresenceService(
            context.database.session_factory,
            user=lambda: context.user_name,
            client_id=self.client_id,
            desk_id=self.desk_id,
            run_is_alive=self.is_alive,
        )
