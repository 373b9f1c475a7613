"""From a database URL to a migrated engine and a session factory."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from database.checkpoints import checkpoint_in_background, stop_checkpoints
from database.errors import DatabaseError
from database.identity import refuse_unless_copydesk_file
from database.location import resolve_database_url
from database.migrate import migrate_to_head

# An execution option naming how SQLite begins a transaction; see write_transaction_options.
SQLITE_BEGIN = "copydesk_sqlite_begin"
CONNECT_TIMEOUT_SECONDS = 10
# Rows of each index that ANALYZE reads (PRAGMA optimize runs it): statistics as good for the
# query planner as a full pass, in milliseconds rather than seconds on a million comments.
ANALYSIS_LIMIT = 400

log = logging.getLogger(__name__)


def describe_url(url: str) -> str:
    """The URL as it may be shown to a person: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; let SQLAlchemy
    # emit BEGIN itself so that nested transactions (one per imported file) are real.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")

    @event.listens_for(engine, "close")
    def _on_close(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        optimize_before_closing(dbapi_connection)


def optimize_before_closing(dbapi_connection: sqlite3.Connection) -> None:
    """SQLite's advice for every connection about to close: PRAGMA optimize, which brings the
    statistics of the tables this connection queried up to date where they are missing or
    stale (an archive that grew twenty-five-fold, a new index), and does nothing otherwise.
    A failure only leaves the statistics as they were."""
    try:
        dbapi_connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error as error:
        log.info("PRAGMA optimize skipped: %s", error)


def optimize_after_bulk_change(engine: Engine) -> None:
    """After a large import: the pool's idle connections close, each running PRAGMA optimize
    for what it queried (new ones open when needed). Connections in use close when they are
    given back. Nothing to do on PostgreSQL (autovacuum analyzes), nor for a database in
    memory, which would go with its last connection."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        engine.dispose(close=True)


def _translate_connection_errors(engine: Engine) -> None:
    """A server that is down, refuses the password or went away mid-session: a DatabaseError
    with a message for a person, which every caller already shows (and may retry)."""
    where = engine.url.render_as_string(hide_password=True)

    @event.listens_for(engine, "handle_error")
    def _on_error(context) -> None:  # type: ignore[no-untyped-def]
        if context.is_pre_ping or not isinstance(context.original_exception, Exception):
            return
        reason = str(context.original_exception).strip().splitlines()
        detail = reason[0] if reason else type(context.original_exception).__name__
        if context.connection is None and context.execution_context is None:
            raise DatabaseError(
                f"cannot connect to the database server {where}: {detail}"
            ) from context.original_exception
        if context.is_disconnect:
            raise DatabaseError(
                f"the connection to the database server {where} was lost ({detail}); "
                "nothing was changed by this action. Try again when it is back."
            ) from context.original_exception


@contextmanager
def operational_errors_reported(doing: str) -> Iterator[None]:
    """The database busy past the wait (SQLite: another process writing for over ten seconds)
    or out of reach: a DatabaseError saying what could not be done, which callers show and
    may retry, instead of a driver error."""
    try:
        yield
    except OperationalError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise DatabaseError(f"cannot {doing}: {reason[0] if reason else error}") from error


def write_transaction_options() -> dict[str, str]:
    """Execution options for a session that reads, checks and writes: on SQLite it takes the
    write lock at BEGIN, so that a check can never be overtaken by another process's commit
    (a deferred transaction would fail with "database is locked" when it tries to write)."""
    return {SQLITE_BEGIN: "IMMEDIATE"}


class ServiceSessions(sessionmaker[Session]):
    """The session factory services get. `begin()`, the way every service writes, takes
    SQLite's write lock at BEGIN: a transaction that reads and then writes fails at once with
    "database is locked" when another process committed in between (WAL keeps the reader's
    snapshot, which cannot become a writer's; the busy timeout does not help). Taken first,
    the lock is waited for, up to the busy timeout. Read-only sessions (`factory()`) never wait."""

    @contextmanager
    def begin(self) -> Iterator[Session]:  # type: ignore[override]
        writer = self.kw["bind"].execution_options(**write_transaction_options())
        with self(bind=writer) as session, session.begin():
            yield session


def create_database_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(f"{url!r} is not a database URL ({error})") from error
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(
                    f"cannot open the database {parsed.database}: cannot create the folder "
                    f"{folder} ({error.strerror})"
                ) from error
        engine = create_engine(parsed)
        _configure_sqlite(engine)
        checkpoint_in_background(engine)
        return engine
    try:
        engine = create_engine(parsed, pool_pre_ping=True, **_server_options(parsed))
    except (ImportError, ArgumentError) as error:
        raise DatabaseError(
            f"cannot use {describe_url(url)}: {error}. For PostgreSQL install "
            "Copydesk with its 'postgres' extra (pip install 'copydesk[postgres]')."
        ) from error
    _translate_connection_errors(engine)
    return engine


def _server_options(url: URL) -> dict[str, Any]:
    """A server that does not answer should not freeze the window for minutes."""
    if url.get_backend_name() != "postgresql" or "connect_timeout" in url.query:
        return {}
    return {"connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS}}


@dataclass
class Database:
    """An opened, migrated database: what every service is given."""

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def location(self) -> str:
        """Where the data lives, for the About box and error messages."""
        if self.is_sqlite:
            return str(Path(self.engine.url.database or ":memory:").expanduser())
        return describe_url(self.url)

    def dispose(self) -> None:
        """Close the database; on SQLite each connection runs PRAGMA optimize as it closes."""
        stop_checkpoints(self.engine)
        self.engine.dispose()


def _refuse_another_applications_file(url: str) -> None:
    """Connecting writes to a SQLite file at once (WAL mode changes its header): a file that
    is not Copydesk's is looked at read-only first and refused, left byte for byte as it was."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # create_database_engine says what is wrong with it
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        refuse_unless_copydesk_file(Path(parsed.database).expanduser())


def open_database(url: str | None = None) -> Database:
    """Open (creating and migrating if needed) the database at `url`."""
    resolved = resolve_database_url(url)
    _refuse_another_applications_file(resolved)
    engine = create_database_engine(resolved)
    try:
        migrate_to_head(engine)
    except SQLAlchemyError as error:
        engine.dispose()
        reason = getattr(error, "orig", None) or error
        where = describe_url(resolved)
        raise DatabaseError(f"cannot open the database {where}: {reason}") from error
    except BaseException:
        engine.dispose()
        raise
    factory = ServiceSessions(engine, expire_on_commit=False)
    return Database(url=resolved, engine=engine, session_factory=factory)
