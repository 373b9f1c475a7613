"""Steps the migration tests share: Alembic run on the test's bare database (the `engine`
fixture of tests/database/conftest.py) to a given revision, and what the schema then holds."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from database.migrate import alembic_config


def migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def columns(engine: Engine, table: str) -> set[str]:
    with engine.connect() as connection:
        return {str(column["name"]) for column in inspect(connection).get_columns(table)}


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())
