"""Alembic, driven from code: migrations ship inside the package and run on every open."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from database.backups import Reason, back_up, sqlite_file_of
from database.errors import BackupError
from database.identity import SchemaLook, head_revision, judge, known_revisions

__all__ = ["head_revision", "is_up_to_date", "migrate_to_head"]

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


# What one database has and the other lacks, created by raw SQL in the migrations and
# invisible to the models, so autogenerate must not try to drop them: SQLite's search index
# (FTS5 and its shadow tables) and change counters; PostgreSQL's tsvector columns and their
# GIN indexes.
SEARCH_INDEX_TABLES = ("article_fts", "comment_fts")
DIALECT_SPECIFIC_TABLES = (*SEARCH_INDEX_TABLES, "change_counters")
DIALECT_SPECIFIC_COLUMNS = ("search_vector",)
DIALECT_SPECIFIC_INDEXES = ("ix_articles_search_vector", "ix_comments_search_vector")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(DIALECT_SPECIFIC_TABLES)
    if type_ == "column":
        return name not in DIALECT_SPECIFIC_COLUMNS
    if type_ == "index":
        return name not in DIALECT_SPECIFIC_INDEXES
    return True


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    return config


def _stamped_revision(engine: Engine) -> str | None:
    """What alembic_version says, without Alembic; None when there is no such table yet."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def is_up_to_date(engine: Engine) -> bool:
    head = head_revision()
    return head is not None and _stamped_revision(engine) == head


def migrate_to_head(engine: Engine) -> None:
    """Bring the schema up to date, refusing a database from a newer version of Copydesk or
    another application's tables; an existing SQLite database is backed up first."""
    if is_up_to_date(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    found = _refuse_unless_copydesk(engine)
    if found == scripts.get_current_head():
        return
    if found is not None:
        _back_up_before_migrating(engine, found)
    from database.engine import write_transaction_options  # engine imports this module

    # Two copies starting at once on a new file: the second waits for the write lock, and
    # Alembic, reading the revision again under it, finds the schema done and does nothing.
    with engine.execution_options(**write_transaction_options()).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _refuse_unless_copydesk(engine: Engine) -> str | None:
    """A schema that is not ours (a server's database of another application, say) is
    refused before Alembic writes; SQLite files were looked at before they were opened.
    Returns the revision found.

    Revision and tables are read in one transaction, so from one snapshot: read apart, a
    second copy starting on a new file while the first migrates it saw the first's tables
    without its revision and refused the file as another application's.
    """
    from alembic.runtime.migration import MigrationContext

    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        revision = MigrationContext.configure(connection).get_current_revision()
        tables = frozenset(inspect(connection).get_table_names())
    where = engine.url.render_as_string(hide_password=True)
    judge(where, SchemaLook(tables, revision), known_revisions())
    return revision


def _back_up_before_migrating(engine: Engine, revision: str) -> None:
    """An upgrade rewrites tables: a checked copy first, and no upgrade without one."""
    if engine.dialect.name != "sqlite":
        log.info("upgrading the schema from %s; the server's own backups (pg_dump) apply", revision)
        return
    database_file = sqlite_file_of(engine.url.render_as_string(hide_password=False))
    try:
        made = back_up(database_file, Reason.BEFORE_MIGRATION)
    except BackupError as error:
        raise BackupError(
            f"cannot back up the database before upgrading its schema, so it was not upgraded "
            f"and has not been changed: {error}"
        ) from error
    log.info("backed up %s to %s before upgrading from %s", database_file, made.path, revision)
