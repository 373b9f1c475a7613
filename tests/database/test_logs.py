"""The log file: in the test's own data folder, rotated, Copydesk's records and not SQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from database.location import data_folder
from database.logs import (
    BACKUP_COUNT,
    MAX_BYTES,
    current_log_file,
    log_file_path,
    log_start,
    setup_logging,
    stop_logging,
)


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = setup_logging()
    assert path is not None
    yield path
    stop_logging()


def test_the_log_is_in_the_data_folder_which_is_the_tests_own(
    log_file: Path, data_folders: Path
) -> None:
    assert log_file == log_file_path() == current_log_file()
    assert log_file.parent == data_folder() / "logs"
    assert data_folders in log_file.parents  # never the real user's data folder
    log_start("import", "/tmp/desk.sqlite3")
    text = log_file.read_text(encoding="utf-8")
    assert "Copydesk " in text and "started (import), database /tmp/desk.sqlite3" in text


def test_copydesk_records_go_in_and_sql_statements_stay_out(log_file: Path) -> None:
    logging.getLogger("database.services.importing").info("3 files imported")
    logging.getLogger("desktop.main_window").warning("a warning of the window")
    # What SQLAlchemy logs at INFO is every statement with its parameters: article text.
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT INTO articles %r", ("Secret",))
    logging.getLogger("some.library").warning("a library's warning")
    text = log_file.read_text(encoding="utf-8")
    assert "3 files imported" in text and "a warning of the window" in text
    assert "a library's warning" in text
    assert "Secret" not in text and "INSERT" not in text


def test_a_failed_statement_is_logged_without_its_parameters(log_file: Path) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import IntegrityError

    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE articles (body TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO articles VALUES (:body)"), {"body": "Secret body\n]"})
        try:
            connection.execute(
                text("INSERT INTO articles VALUES (:body)"), {"body": "Secret body\n]"}
            )
        except IntegrityError as error:
            logging.getLogger("desktop.workers").exception("background job failed")
            logging.getLogger("database.services").warning("refused: %s", error)
    engine.dispose()
    text_logged = log_file.read_text(encoding="utf-8")
    assert "UNIQUE constraint failed" in text_logged and "[SQL: INSERT INTO articles" in text_logged
    assert text_logged.count("[parameters: not logged]") == 2
    assert "Secret" not in text_logged


def test_setting_up_twice_keeps_one_handler_and_a_new_folder_moves_the_log(
    log_file: Path, tmp_path: Path
) -> None:
    assert setup_logging() == log_file
    logging.getLogger("desktop").info("once")
    assert log_file.read_text(encoding="utf-8").count("once") == 1
    elsewhere = tmp_path / "other" / "copydesk.log"
    assert setup_logging(elsewhere) == elsewhere
    logging.getLogger("desktop").info("moved")
    assert "moved" in elsewhere.read_text(encoding="utf-8")
    assert "moved" not in log_file.read_text(encoding="utf-8")


def test_the_log_rotates_at_its_size(log_file: Path) -> None:
    line = "x" * 200
    for _ in range(MAX_BYTES // 200 + 100):
        logging.getLogger("desktop").info(line)
    assert log_file.stat().st_size < MAX_BYTES
    rotated = log_file.with_name(log_file.name + ".1")
    assert rotated.exists() and MAX_BYTES - 400 < rotated.stat().st_size <= MAX_BYTES
    assert not log_file.with_name(f"{log_file.name}.{BACKUP_COUNT + 1}").exists()


def test_a_log_that_cannot_be_made_changes_nothing_and_raises_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop_logging()
    blocked = tmp_path / "a-file"
    blocked.write_text("where a folder should be")
    assert setup_logging(blocked / "logs" / "copydesk.log") is None
    assert current_log_file() is None
    assert capsys.readouterr().err == ""


def test_a_log_that_cannot_be_written_any_more_is_silent(
    log_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the command's own message says so, not a traceback from logging."""
    from database import logs

    handler = logs._handler
    assert handler is not None

    def disk_full(_record: logging.LogRecord) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handler, "shouldRollover", disk_full)
    logging.getLogger("desktop").warning("lost")
    assert capsys.readouterr().err == ""
