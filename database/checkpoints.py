"""SQLite's write-ahead log, copied back into the database file on a thread of its own.

SQLite checkpoints automatically inside the COMMIT that takes the log past 1,000 pages: the
transaction that approves 10,000 comments dirties some 22,000 pages (the rows and three status
indexes, all over a million-comment table) and then, before it returns, also copies those
90 MB back into the database file and syncs it, 0.3 s of a 1.1 s action. With the automatic
checkpoint off on every connection (`wal_autocheckpoint = 0`), the same PASSIVE checkpoint runs
here once the database has been quiet for a moment, the way SQLite's documentation suggests
for applications with idle time: it blocks neither readers nor writers, the sqlite3 module
releases the interpreter lock while it works, and it does not compete for the disk with the
next action. A log that grows past LOG_LIMIT_BYTES (a long import commits every few hundred
milliseconds) is checkpointed without waiting for quiet.

The thread starts with the first commit and ends after a few idle seconds, so an engine that
is no longer used leaves nothing running. Whatever is left in the log when the last connection
closes, SQLite checkpoints itself.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from pathlib import Path

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

QUIET_SECONDS = 0.5
LOG_LIMIT_BYTES = 256 * 1024 * 1024
# After a checkpoint the log starts again from its beginning; SQLite truncates it to this.
LOG_KEPT_BYTES = 64 * 1024 * 1024
IDLE_SECONDS = 5.0
# A checkpoint that could not copy everything (a reader holds old pages) is tried again.
RETRIES = 5

_checkpointers: weakref.WeakKeyDictionary[Engine, WalCheckpointer] = weakref.WeakKeyDictionary()


class WalCheckpointer:
    """Checkpoints one SQLite database file when its commits pause."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.log_path = path.with_name(path.name + "-wal")
        self.checkpoints = 0  # done so far, for tests and curiosity
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._last_commit = 0.0
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._last_commit = time.monotonic()
            self._wake.set()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="copydesk-wal-checkpoint", daemon=True
                )
                self._thread.start()

    def close(self) -> None:
        """Stop the thread (after the checkpoint it may be doing); no more checkpoints."""
        with self._lock:
            self._closed = True
            thread = self._thread
            self._wake.set()
        if thread is not None:
            thread.join(timeout=30)

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while self._next_quiet_moment():
                if connection is None:
                    # mode=rw: a database deleted meanwhile is not created again, empty.
                    connection = sqlite3.connect(
                        f"{self.path.resolve().as_uri()}?mode=rw", uri=True, timeout=10
                    )
                self._checkpoint(connection)
        except sqlite3.Error as error:
            # Nothing is lost: the log stays valid and the next connection to close copies it.
            log.warning("checkpoint of %s failed: %s", self.path, error)
            with self._lock:
                self._thread = None
        finally:
            if connection is not None:
                connection.close()

    def _next_quiet_moment(self) -> bool:
        """Wait for a commit, then for quiet after it (or a log too long to wait); False when
        closed, or idle long enough to end the thread."""
        while not self._wake.wait(IDLE_SECONDS):
            with self._lock:
                if not self._wake.is_set():
                    self._thread = None
                    return False
        while True:
            with self._lock:
                if self._closed:
                    self._thread = None
                    return False
                self._wake.clear()
                quiet_for = time.monotonic() - self._last_commit
            if quiet_for >= QUIET_SECONDS or self._log_size() > LOG_LIMIT_BYTES:
                return True
            self._wake.wait(QUIET_SECONDS - quiet_for)

    def _log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        for _attempt in range(RETRIES):
            _busy, in_log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.checkpoints += 1
            if copied >= in_log or self._wake.wait(QUIET_SECONDS):
                return  # all of it, or new commits: the next quiet moment does the rest


def checkpoint_in_background(engine: Engine) -> None:
    """For a SQLite file database: every connection leaves checkpoints to a WalCheckpointer."""
    database = engine.url.database
    if database in (None, "", ":memory:"):
        return
    checkpointer = WalCheckpointer(Path(database).expanduser())
    _checkpointers[engine] = checkpointer

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
        dbapi_connection.execute(f"PRAGMA journal_size_limit = {LOG_KEPT_BYTES}")

    @event.listens_for(engine, "commit")
    def _on_commit(_connection) -> None:  # type: ignore[no-untyped-def]
        checkpointer.committed()


def checkpointer_of(engine: Engine) -> WalCheckpointer | None:
    return _checkpointers.get(engine)


def stop_checkpoints(engine: Engine) -> None:
    checkpointer = _checkpointers.pop(engine, None)
    if checkpointer is not None:
        checkpointer.close()
