import subprocess
import sys

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from database.engine import create_database_engine, open_database
from database.errors import BackupError
from database.migrate import alembic_config, head_revision, is_up_to_date, migrate_to_head


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head() is not None


def test_an_up_to_date_database_opens_without_importing_alembic(database_url: str) -> None:
    open_database(database_url).dispose()  # created and migrated, with Alembic
    opened_again = (
        "import sys; from database.engine import open_database; "
        f"open_database({database_url!r}).dispose(); "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", opened_again], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_database_stamped_otherwise_or_not_at_all_is_not_up_to_date(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0000-unknown'"))
        assert not is_up_to_date(engine)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM alembic_version"))
        assert not is_up_to_date(engine)
    finally:
        engine.dispose()


def test_an_empty_database_is_not_up_to_date_and_gets_migrated(tmp_path) -> None:
    engine = create_database_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert not is_up_to_date(engine)
        migrate_to_head(engine)
        assert is_up_to_date(engine)
    finally:
        engine.dispose()


def _database_at(path, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_an_upgrade_is_preceded_by_a_checked_backup_and_a_new_file_gets_none(tmp_path) -> None:
    from database.backups import Reason, check_copy, list_backups

    new = tmp_path / "new.sqlite3"
    open_database(f"sqlite:///{new}").dispose()
    open_database(f"sqlite:///{new}").dispose()  # up to date: nothing to migrate
    assert list_backups(new) == []

    old = tmp_path / "old.sqlite3"
    _database_at(old, "0004")
    open_database(f"sqlite:///{old}").dispose()
    [copy] = list_backups(old)
    assert copy.reason is Reason.BEFORE_MIGRATION
    check_copy(copy.path)
    engine = create_database_engine(f"sqlite:///{copy.path}")
    try:
        with engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert stamped.scalar() == "0004"
    finally:
        engine.dispose()


def test_no_backup_no_upgrade(tmp_path) -> None:
    old = tmp_path / "old.sqlite3"
    _database_at(old, "0004")
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    with pytest.raises(BackupError, match="cannot back up the database before upgrading"):
        open_database(f"sqlite:///{old}")
    engine = create_database_engine(f"sqlite:///{old}")
    try:
        with engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert stamped.scalar() == "0004"
    finally:
        engine.dispose()
