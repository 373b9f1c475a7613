from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from database.engine import (
    ENVIRONMENT_VARIABLE,
    default_database_url,
    describe_url,
    open_database,
    resolve_database_url,
)
from database.errors import DatabaseError, DatabaseTooNewError
from database.migrate import include_object
from database.models import Base


def test_first_start_creates_the_database_in_the_data_folder(data_folders: Path) -> None:
    url = default_database_url()
    assert url.startswith(f"sqlite:///{data_folders / 'data' / 'copydesk'}")
    database = open_database()
    try:
        assert Path(database.location).is_file()
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()


def test_command_line_wins_over_environment_which_wins_over_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert resolve_database_url(None) == default_database_url()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "sqlite:///from-env.db")
    assert resolve_database_url(None) == "sqlite:///from-env.db"
    assert resolve_database_url("sqlite:///given.db") == "sqlite:///given.db"


def test_migrated_schema_matches_the_models(database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_opening_twice_migrates_once_and_keeps_data(database_url: str) -> None:
    first = open_database(database_url)
    with first.session_factory.begin() as session:
        session.execute(
            text(
                "INSERT INTO authors (display_name, needs_name, bio, email, website,"
                " specialties, created_at, updated_at) VALUES ('A', 0, 'b', '', '',"
                " '', '2026-01-01', '2026-01-01')"
            )
        )
    first.dispose()
    second = open_database(database_url)
    with second.session_factory() as session:
        assert session.execute(text("SELECT count(*) FROM authors")).scalar() == 1
    second.dispose()


def test_a_database_from_a_newer_copydesk_is_refused_and_untouched(database_url: str) -> None:
    database = open_database(database_url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    database.dispose()
    path = Path(database_url.removeprefix("sqlite:///"))
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of Copydesk"):
        open_database(database_url)
    assert path.read_bytes() == before


def test_a_bad_url_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseError, match="not a database URL"):
        open_database("this is not a url")


def test_an_unreachable_database_gets_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot open the database"):
        open_database(f"sqlite:///{blocker}/inside.db")


def test_passwords_are_never_shown() -> None:
    shown = describe_url("postgresql+psycopg://editor:secret@db.example/newsroom")
    assert "secret" not in shown
    assert "editor" in shown
