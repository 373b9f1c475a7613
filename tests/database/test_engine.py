from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from database.engine import describe_url, open_database
from database.errors import DatabaseError, DatabaseTooNewError, NotCopydeskDatabaseError
from database.identity import COPYDESK_APPLICATION_ID
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
            version = None
            if "alembic_version" in tables:
                query = text("SELECT version_num FROM alembic_version")
                version = connection.execute(query).all()
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


def _foreign_sqlite_file(path: Path, *, stamp: str | None = None) -> bytes:
    """Another application's SQLite file (rollback journal, as most are): its bytes."""
    import sqlite3

    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)")
    connection.execute("CREATE TABLE subscribers (email TEXT)")
    connection.execute("INSERT INTO articles (headline) VALUES ('theirs')")
    if stamp is not None:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (stamp,))
    connection.commit()
    connection.close()
    return path.read_bytes()


def test_another_applications_sqlite_file_is_refused_and_left_byte_identical(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other-app.db"
    before = _foreign_sqlite_file(path)
    assert before[18:20] == b"\x01\x01"  # rollback journal: WAL would make these 2, 2
    with pytest.raises(NotCopydeskDatabaseError) as refused:
        open_database(f"sqlite:///{path}")
    assert str(refused.value) == (
        f"{path} is not a Copydesk database: it holds tables articles, subscribers of another "
        "application. It has not been changed. Choose another file."
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.db"]  # no -wal, no -shm


@pytest.mark.parametrize("stamp", ["ae1027a6acf", "0003"])
def test_a_foreign_alembic_version_is_not_from_a_newer_copydesk(tmp_path: Path, stamp: str) -> None:
    """Another Alembic application's file: its revision is none of ours, or one of ours
    among tables Copydesk never had."""
    path = tmp_path / "other-app.db"
    before = _foreign_sqlite_file(path, stamp=stamp)
    with pytest.raises(NotCopydeskDatabaseError, match="is not a Copydesk database") as refused:
        open_database(f"sqlite:///{path}")
    assert "newer" not in str(refused.value)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_at_all_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"shopping: eggs, milk\n" * 40)
    with pytest.raises(NotCopydeskDatabaseError, match="not a SQLite database file"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == b"shopping: eggs, milk\n" * 40


def test_an_empty_file_becomes_a_copydesk_database_marked_as_ours(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "empty.sqlite3"
    path.touch()
    open_database(f"sqlite:///{path}").dispose()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == COPYDESK_APPLICATION_ID
    finally:
        connection.close()


def test_a_file_marked_as_copydesks_with_a_later_schema_is_from_a_newer_copydesk(
    tmp_path: Path,
) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00d_renamed'"))
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of Copydesk"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_another_applications_tables_are_refused_on_either_database(database_url: str) -> None:
    """On a server the schema is looked at before Alembic writes; nothing is created."""
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)"))
    engine.dispose()
    before = _fingerprint(database_url)
    with pytest.raises(NotCopydeskDatabaseError, match="holds tables articles of another"):
        open_database(database_url)
    assert _fingerprint(database_url) == before
