"""Alembic, driven from code: migrations ship inside the package and run on every open."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from database.errors import DatabaseTooNewError

MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"


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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_FOLDER))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate_to_head(engine: Engine) -> None:
    """Bring the schema up to date, refusing a database from a newer version of Copydesk."""
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
