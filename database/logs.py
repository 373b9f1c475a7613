"""The log file: what Copydesk did and what went wrong, kept in the data folder.

The window and the command line both write it: when they started and on which database,
what imports and exports came to, and every error with its traceback. Never the text of an
article: records name files, counts and errors, and code that logs keeps to that.

No Qt here: the command line sets the log up without loading it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from database.location import data_folder
from database.version import __version__

LOG_FOLDER_NAME = "logs"
LOG_FILE_NAME = "copydesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5  # copydesk.log.1 … .5: six megabytes at most
# Copydesk's own records from INFO up; other libraries' (SQLAlchemy's INFO is every SQL
# statement with its parameters, article text included) only from WARNING up.
APPLICATION_LOGGERS = ("copydesk", "database", "desktop", "resources")
RECORD_FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

# SQLAlchemy's errors quote the statement's parameters (titles, bodies) on a line of their
# own; repr() keeps the line whole, newlines escaped.
_SQL_PARAMETERS = re.compile(r"^\[parameters: .*\]$", re.MULTILINE)

log = logging.getLogger("copydesk")


def log_file_path() -> Path:
    """Where the log is written in this data folder (the file may not exist yet)."""
    return data_folder() / LOG_FOLDER_NAME / LOG_FILE_NAME


class _TextFreeFormatter(logging.Formatter):
    """Records with the parameters of a failed SQL statement taken out: they are what was
    being stored, an article's text as often as not."""

    def format(self, record: logging.LogRecord) -> str:
        return _SQL_PARAMETERS.sub("[parameters: not logged]", super().format(record))


class _LogFileHandler(RotatingFileHandler):
    """Rotates at MAX_BYTES, and is silent when it cannot write (a full disk, a read-only
    folder, another process rotating the same file on Windows): the command's own message
    says what matters, and a traceback from the logging machinery would bury it."""

    write_failed = False  # whether the last record was lost

    def emit(self, record: logging.LogRecord) -> None:
        self.write_failed = False
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        del record  # the record is lost; nothing better can be done with it here
        self.write_failed = True


_handler: _LogFileHandler | None = None


def current_log_file() -> Path | None:
    """The file this process logs to; None before setup_logging or if it could not be opened."""
    return Path(_handler.baseFilename) if _handler is not None else None


def last_record_lost() -> bool:
    """Whether the log file failed to take the last record (a full disk, say)."""
    return _handler is not None and _handler.write_failed


def setup_logging(path: Path | None = None) -> Path | None:
    """Log to the rotating file `path` (default: log_file_path()) from now on; returns it, or
    None if it cannot be opened, in which case nothing else changes.

    Called again with the same file, does nothing; with another (a test's data folder), moves
    there: a process has one log file.
    """
    global _handler
    target = Path(os.path.abspath(path or log_file_path()))
    if _handler is not None and Path(_handler.baseFilename) == target:
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _LogFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(_TextFreeFormatter(RECORD_FORMAT))
    handler.setLevel(logging.INFO)
    stop_logging()
    logging.getLogger().addHandler(handler)  # the root's level (WARNING) holds for the rest
    for name in APPLICATION_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    _handler = handler
    return target


def stop_logging() -> None:
    """Close the log file; records go where they went before setup_logging."""
    global _handler
    if _handler is None:
        return
    logging.getLogger().removeHandler(_handler)
    _handler.close()
    _handler = None


def log_start(what: str, database_location: str) -> None:
    """The first record of a run: which Copydesk, doing what, on which database."""
    log.info(
        "Copydesk %s started (%s), database %s, Python %s on %s",
        __version__,
        what,
        database_location,
        sys.version.split()[0],
        sys.platform,
    )
