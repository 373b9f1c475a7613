"""Alembic, driven from code: migrations ship inside the package and run on every open."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from database.errors import DatabaseTooNewError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"
VERSIONS_FOLDER = MIGRATIONS_FOLDER / "versions"
_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\b[^=]*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE
)


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


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest migration, read from the migration files' `revision` lines.

    Importing Alembic (and with it Mako and Pygments) takes a tenth of a second, a third of
    what starting Copydesk costs; a database already up to date, the usual case, needs none of
    it. None when the files do not form one simple chain (Alembic then decides).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_FOLDER.glob("[0-9]*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text()))
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


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
    """Bring the schema up to date, refusing a database from a newer version of Copydesk."""
    if is_up_to_date(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    found = current_revision(engine)
    if found is not None and not _known(scripts, found):
        raise DatabaseTooNewError(
            f"this database was written by a newer version of Copydesk (schema {found}); "
            "it has not been changed. Update Copydesk to open it."
        )
    if found == scripts.get_current_head():
        return
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    return any(script.revision == revision for script in scripts.walk_revisions())
