from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from database.engine import describe_url, open_database
from database.errors import DatabaseError, DatabaseTooNewError
from database.location import ENVIRONMENT_VARIABLE, default_database_url, resolve_database_url
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
                " specialties, created_at, updated_at) VALUES ('A', :no, 'b', '', '',"
                " '', :when, :when)"
            ),
            {"no": False, "when": datetime(2026, 1, 1, tzinfo=UTC)},
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
    before = _fingerprint(database_url)
    with pytest.raises(DatabaseTooNewError, match="newer version of Copydesk"):
        open_database(database_url)
    assert _fingerprint(database_url) == before


def _fingerprint(database_url: str) -> object:
    """The file's bytes on SQLite; on a server, the tables, columns and schema version."""
    if database_url.startswith("sqlite:///"):
        return Path(database_url.removeprefix("sqlite:///")).read_bytes()
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            found = inspect(connection)
            tables = {
                name: [c["name"] for c in found.get_columns(name)]
                for name in found.get_table_names()
            }
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        return tables, version
    finally:
        engine.dispose()


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


def test_a_server_that_does_not_answer_gets_a_clear_message() -> None:
    with pytest.raises(DatabaseError, match="cannot connect to the database server") as raised:
        open_database("postgresql+psycopg://editor:secret@127.0.0.1:9/newsroom")
    assert "secret" not in str(raised.value)


def test_a_dropped_connection_is_replaced_without_the_user_noticing(
    postgresql_schema: str,
) -> None:
    """The server (or a firewall) dropped every connection mid-session: the next action
    checks its connection first and opens a new one."""
    from database.services.articles import ArticleService

    url = make_url(postgresql_schema).update_query_dict({"application_name": "copydesk-cut"})
    database = open_database(url.render_as_string(hide_password=False))
    articles = ArticleService(database.session_factory)
    try:
        article = articles.create("Before", "the cut")
        admin = create_engine(postgresql_schema)
        with admin.begin() as connection:
            cut = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'copydesk-cut'"
                )
            ).scalar()
        admin.dispose()
        assert cut
        assert articles.get(article.id).body == "the cut"
    finally:
        database.dispose()


def test_sqlite_save_transactions_take_the_write_lock_at_once(database) -> None:
    from database.engine import write_transaction_options

    if not database.is_sqlite:
        assert write_transaction_options()  # ignored by other databases
        return
    with database.session_factory.begin() as session:
        session.connection(execution_options=write_transaction_options())
        blocked = open_database(database.url)
        try:
            with pytest.raises(Exception, match="locked"), blocked.engine.connect() as other:
                other.exec_driver_sql("PRAGMA busy_timeout = 0")
                other.exec_driver_sql("BEGIN IMMEDIATE")
        finally:
            blocked.dispose()
