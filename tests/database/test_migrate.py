import subprocess
import sys

from alembic.script import ScriptDirectory
from sqlalchemy import text

from database.engine import create_database_engine, open_database
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
