"""Working side by side: other desks' changes as signals, and this desk's presence mark.

`LiveUpdates` watches the database's change feed: on SQLite a timer reads four counters every
second; on PostgreSQL a thread listens for the server's notifications. `PresenceTracker` keeps
the mark on the article open in the editor, and says when someone else holds it.

Neither waits for the database on the GUI thread: the poll is an op (desktop.operations), one
at a time, and the marks are claimed, kept fresh and released by ops on the writer thread, in
the order asked: a release before the next article's claim, and the close's release before
the database is disposed (the window's closing waits for ops: operations.wait_until_idle).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from database.engine import Database
from database.errors import CopydeskError
from database.services.changes import (
    ChangeCounter,
    ChangeKind,
    ChangeListener,
    uses_notify,
)
from database.services.presence import HEARTBEAT_SECONDS, PresenceMark, PresenceService
from desktop.operations import Newest, op

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 1000


def describe_presence(mark: PresenceMark, today: datetime | None = None) -> str:
    """ "Being edited by ann since 10:02" (with the date when it is not today)."""
    since = mark.since.astimezone()
    today = (today or datetime.now()).astimezone()
    when = since.strftime("%H:%M")
    if since.date() != today.date():
        when = since.strftime("%d %b %H:%M")
    return f"Being edited by {mark.user or 'someone'} since {when}"


class _Bridge(QObject):
    """Lives in the GUI thread; the listening thread emits through it (queued)."""

    changes = Signal(object)
    connection = Signal(bool, str)


class LiveUpdates(QObject):
    """Signals when anyone (another desk, or this one) changed data of each kind."""

    changed = Signal(object)  # frozenset[ChangeKind]
    articlesChanged = Signal()
    commentsChanged = Signal()
    authorsChanged = Signal()
    presenceChanged = Signal()
    connectionChanged = Signal(bool, str)  # up?, and why not

    def __init__(
        self,
        database: Database,
        parent: QObject | None = None,
        *,
        poll_interval_ms: int = POLL_INTERVAL_MS,
        listener: ChangeListener | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._notified = uses_notify(database.session_factory)
        self._counter: ChangeCounter | None = None
        self._listener = listener
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected: bool | None = None
        self._polling = False  # a poll is on its way: the timer's next one is skipped
        self._watching = False
        self._bridge = _Bridge(self)
        self._bridge.changes.connect(self._report)
        self._bridge.connection.connect(self._connection)
        self.timer = QTimer(self)
        self.timer.setInterval(poll_interval_ms)
        self.timer.timeout.connect(self.poll)

    @property
    def uses_notifications(self) -> bool:
        return self._notified

    @property
    def is_connected(self) -> bool:
        """Whether changes are being heard now (False before the first poll or connection)."""
        return bool(self._connected)

    def start(self) -> None:
        if self._notified:
            if self._thread is not None:
                return
            listener = self._listener or ChangeListener(self._database.session_factory)
            self._stop.clear()
            self._thread = threading.Thread(
                target=listener.run,
                args=(self._stop, self._from_thread, self._connection_from_thread),
                name="copydesk-changes",
                daemon=True,
            )
            self._thread.start()
        else:
            self._counter = ChangeCounter(self._database.session_factory)
            self._watching = True
            self.poll()  # the starting point: reports nothing
            self.timer.start()

    def stop(self) -> None:
        """Stop watching; waits briefly for the listening thread. A poll on its way is not
        reported."""
        self.timer.stop()
        self._watching = False
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def poll(self) -> None:
        """SQLite: one query for the four counters, in the background; a signal per kind
        that moved. While a poll is on its way (the database is busy), none is added."""
        counter = self._counter
        if counter is None or self._polling:
            return
        self._polling = True
        op(self, counter.changes).success(self._polled).failure(self._poll_failed).run()

    @property
    def polling(self) -> bool:
        """Whether a poll is on its way."""
        return self._polling

    def _polled(self, kinds: frozenset[ChangeKind]) -> None:
        self._polling = False
        if self._watching:
            self._connection(True, "")
            self._report(kinds)

    def _poll_failed(self, error: Exception) -> None:
        self._polling = False
        if not isinstance(error, CopydeskError):
            log.error("reading the change counters failed", exc_info=error)
        if self._watching:
            self._connection(False, str(error) or type(error).__name__)

    def _from_thread(self, kinds: frozenset[ChangeKind]) -> None:
        if not self._stop.is_set():
            self._bridge.changes.emit(kinds)

    def _connection_from_thread(self, up: bool, why: str) -> None:
        if not self._stop.is_set():
            self._bridge.connection.emit(up, why)

    def _connection(self, up: bool, why: str) -> None:
        if up != self._connected:
            first = self._connected is None
            self._connected = up
            if not (first and up):
                self.connectionChanged.emit(up, why)

    def _report(self, kinds: frozenset[ChangeKind]) -> None:
        if not kinds:
            return
        self.changed.emit(kinds)
        for kind, signal in (
            (ChangeKind.ARTICLES, self.articlesChanged),
            (ChangeKind.COMMENTS, self.commentsChanged),
            (ChangeKind.AUTHORS, self.authorsChanged),
            (ChangeKind.PRESENCE, self.presenceChanged),
        ):
            if kind in kinds:
                signal.emit()


class PresenceTracker(QObject):
    """The presence mark of the article open in the editor: claimed when it is opened, kept
    fresh by a heartbeat, released when another is opened or the editor closes.

    Every claim and release is a write on the writer thread, in the order asked; only the
    newest claim's answer counts (an older heartbeat's would say who held the article before
    a take-over). Taking over shows the article as this desk's at once: the claim that
    replaces any other mark cannot be refused, only find the article gone."""

    # The mark of whoever else holds the open article; None when this desk may edit it.
    holderChanged = Signal(object)
    # Their mark, when someone else now holds the open article this desk held: taken over
    # (or claimed after this desk's mark expired). After holderChanged.
    takenOver = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        presence: PresenceService,
        parent: QObject | None = None,
        *,
        heartbeat_ms: int = HEARTBEAT_SECONDS * 1000,
    ) -> None:
        super().__init__(parent)
        self.service = presence
        self._article_id: int | None = None
        self._blocked_by: PresenceMark | None = None
        self._held = False  # whether this desk's last claim on the open article held
        self._claims = Newest()
        self.timer = QTimer(self)
        self.timer.setInterval(heartbeat_ms)
        self.timer.timeout.connect(self.refresh)

    @property
    def article_id(self) -> int | None:
        return self._article_id

    @property
    def blocked_by(self) -> PresenceMark | None:
        """Who else is editing the open article, if anyone (as of the last claim answered)."""
        return self._blocked_by

    @property
    def claiming(self) -> bool:
        """Whether a claim's answer is still to come."""
        return self._claims.busy

    def follow(self, article_id: int | None) -> None:
        """The editor now shows `article_id` (None: nothing, or an unsaved new article)."""
        if article_id == self._article_id:
            return
        previous, self._article_id = self._article_id, article_id
        self._held = False
        if previous is not None:
            service = self.service
            op(self, lambda: service.release(previous), write=True).failure(self._failed).run()
        # Nobody else is known to hold the new article until its claim is answered (in
        # milliseconds, unless the writer is busy): editing is not held up meanwhile.
        self._set_blocked(None)
        if article_id is None:
            self.timer.stop()
            return
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        """Claim the mark again (the heartbeat): keeps it, or learns who else has it."""
        self._claim(take_over=False)

    def take_over(self) -> None:
        """Replace whoever's mark is on the open article with this desk's."""
        if self._article_id is None:
            return
        self._held = True
        self._set_blocked(None)
        self._claim(take_over=True)

    def release(self) -> None:
        self.follow(None)

    def _claim(self, *, take_over: bool) -> None:
        article_id, service = self._article_id, self.service
        if article_id is None:
            return
        self._claims.run(
            op(self, lambda: service.claim(article_id, take_over=take_over), write=True)
            .success(lambda mark: self._claimed(article_id, mark))
            .failure(self._failed)
        )

    def _claimed(self, article_id: int, mark: PresenceMark | None) -> None:
        if article_id != self._article_id:
            return  # another article is open since
        held_before, self._held = self._held, mark is not None and mark.mine
        self._set_blocked(None if mark is None or mark.mine else mark)
        if held_before and mark is not None and not mark.mine:
            self.takenOver.emit(mark)

    def _set_blocked(self, mark: PresenceMark | None) -> None:
        before = self._blocked_by
        self._blocked_by = mark
        if (before is None) != (mark is None) or (
            before is not None and mark is not None and before.client_id != mark.client_id
        ):
            self.holderChanged.emit(mark)

    def _failed(self, error: Exception) -> None:
        # What is known stays: editing goes on, and the next heartbeat asks again.
        if isinstance(error, CopydeskError):
            log.info("presence: %s", error)
        else:
            log.error("presence mark not written", exc_info=error)
        self.failed.emit(f"Who is editing what is not known right now: {error}")
