"""The change feed: what anyone changed in the database, so that every desk's lists follow.

Triggers (migration 0003) record every insert, update and delete of articles, comments,
authors and presence marks, whoever made it (services, imports, another program):

- SQLite: a counter per kind in `change_counters`. `ChangeCounter.changes()` reads the four
  rows, a query that costs microseconds, and says which counters moved since the last call.
- PostgreSQL: a NOTIFY on channel `copydesk_changes` with the kind, sent when the transaction
  commits. `ChangeListener.run()` waits for them on a connection of its own (in a thread of
  the caller's choosing), and reconnects when the connection is lost.

Either way a change is reported as the set of kinds that changed, never row by row: a reader
refreshes what shows that kind of data.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from database.errors import DatabaseError

log = logging.getLogger(__name__)

CHANNEL = "copydesk_changes"


class ChangeKind(enum.StrEnum):
    ARTICLES = "articles"
    COMMENTS = "comments"
    AUTHORS = "authors"
    PRESENCE = "presence"


ALL_KINDS: frozenset[ChangeKind] = frozenset(ChangeKind)

OnChanges = Callable[[frozenset[ChangeKind]], None]
OnConnection = Callable[[bool, str], None]  # connected?, why not


def uses_notify(session_factory: sessionmaker[Session]) -> bool:
    """Whether changes arrive by NOTIFY (PostgreSQL) rather than by polling counters."""
    return _engine(session_factory).dialect.name == "postgresql"


def _engine(session_factory: sessionmaker[Session]) -> Any:
    return session_factory.kw["bind"]


class ChangeCounter:
    """SQLite's change check: which kinds changed since the last call."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory
        self._seen: dict[ChangeKind, int] | None = None

    def counters(self) -> dict[ChangeKind, int]:
        try:
            with self._sessions() as session:
                rows = session.execute(text("SELECT kind, serial FROM change_counters")).all()
        except SQLAlchemyError as error:
            raise DatabaseError(f"cannot read the change counters: {error}") from error
        return {ChangeKind(kind): serial for kind, serial in rows if kind in _KIND_VALUES}

    def changes(self) -> frozenset[ChangeKind]:
        """The kinds changed since the previous call; nothing at the first call."""
        now = self.counters()
        before, self._seen = self._seen, now
        if before is None:
            return frozenset()
        return changed_kinds(before, now)


_KIND_VALUES = {kind.value for kind in ChangeKind}


def changed_kinds(
    before: Mapping[ChangeKind, int], after: Mapping[ChangeKind, int]
) -> frozenset[ChangeKind]:
    return frozenset(kind for kind in after if after[kind] != before.get(kind))


class ChangeListener:
    """PostgreSQL's change feed: LISTEN on a connection of its own, outside the pool."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        wait_seconds: float = 0.5,
        gather_seconds: float = 0.05,
        reconnect_seconds: float = 3.0,
        ping_seconds: float = 15.0,
        application_name: str = "copydesk-changes",
    ) -> None:
        """`wait_seconds`: how often a stop is noticed; `gather_seconds`: how long after a
        notification others are gathered into the same report (an import sends several);
        `ping_seconds`: how often a quiet connection is checked."""
        engine = _engine(session_factory)
        if engine.dialect.name != "postgresql":
            raise DatabaseError("only PostgreSQL sends change notifications")
        self._dialect = engine.dialect
        self._url = engine.url
        self.wait_seconds = wait_seconds
        self.gather_seconds = gather_seconds
        self.reconnect_seconds = reconnect_seconds
        self.ping_seconds = ping_seconds
        self.application_name = application_name  # how the server lists the connection

    def _connect(self) -> Any:
        cargs, cparams = self._dialect.create_connect_args(self._url)
        cparams = {**_LIVELY, "application_name": self.application_name, **cparams}
        if str(cparams.get("host") or "").startswith("/"):  # a Unix socket: no TCP settings
            cparams = {key: value for key, value in cparams.items() if not key.startswith("keep")}
            cparams.pop("tcp_user_timeout", None)
        connection = self._dialect.loaded_dbapi.connect(*cargs, **cparams)
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def run(
        self, stop: threading.Event, on_changes: OnChanges, on_connection: OnConnection
    ) -> None:
        """Report changes until `stop` is set; blocks, so run it in a thread.

        `on_connection(False, why)` when the connection fails or is lost (retried every
        `reconnect_seconds`), `on_connection(True, "")` when it is up. After a reconnection
        every kind is reported changed: what happened meanwhile was not heard.
        """
        first = True
        while not stop.is_set():
            try:
                connection = self._connect()
            except Exception as error:  # the driver's errors, OSError, bad settings
                on_connection(False, _reason(error))
                stop.wait(self.reconnect_seconds)
                continue
            try:
                on_connection(True, "")
                if not first:
                    on_changes(ALL_KINDS)
                first = False
                self._listen(connection, stop, on_changes)
            except Exception as error:
                if not stop.is_set():
                    log.info("change notifications interrupted: %s", error)
                    on_connection(False, _reason(error))
                    stop.wait(self.reconnect_seconds)
            finally:
                _close_quietly(connection)

    def _listen(self, connection: Any, stop: threading.Event, on_changes: OnChanges) -> None:
        quiet = 0.0
        while not stop.is_set():
            # Back at the first notification; those right behind it join the same report.
            first = connection.notifies(timeout=self.wait_seconds, stop_after=1)
            payloads = {notification.payload for notification in first}
            if payloads:
                gathered = connection.notifies(timeout=self.gather_seconds)
                payloads.update(notification.payload for notification in gathered)
            kinds = {ChangeKind(payload) for payload in payloads if payload in _KIND_VALUES}
            if kinds:
                quiet = 0.0
                on_changes(frozenset(kinds))
                continue
            quiet += self.wait_seconds
            if quiet >= self.ping_seconds:
                quiet = 0.0
                connection.execute("SELECT 1")  # a dead connection fails here


# A network cut is noticed within about half a minute rather than at the next TCP timeout.
_LIVELY = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


def _reason(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _close_quietly(connection: Any) -> None:
    try:
        connection.close()
    except Exception:  # already broken: nothing more to do
        log.debug("closing a broken listening connection failed", exc_info=True)


__all__ = [
    "ALL_KINDS",
    "CHANNEL",
    "ChangeCounter",
    "ChangeKind",
    "ChangeListener",
    "changed_kinds",
    "uses_notify",
]
