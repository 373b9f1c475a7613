"""Where the database is, before anything is opened: no SQLAlchemy here.

The command line and the window's first paint need these; importing SQLAlchemy takes a sixth
of a second that they should not wait for.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import platformdirs

ENVIRONMENT_VARIABLE = "COPYDESK_DATABASE_URL"
APP_NAME = "copydesk"


def data_folder() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_database_url() -> str:
    return f"sqlite:///{data_folder() / 'copydesk.sqlite3'}"


def resolve_database_url(given: str | None = None) -> str:
    """The URL given on the command line wins over the environment, which wins over the default."""
    return given or os.environ.get(ENVIRONMENT_VARIABLE) or default_database_url()


def describe_location(url: str) -> str:
    """Where the database is, for a person and never with a password: a SQLite database's
    file, a server's database name and host."""
    if url.partition(":")[0].partition("+")[0] == "sqlite":
        return url.partition(":///")[2].partition("?")[0] or "a database in memory"
    try:
        parts = urlsplit(url)
        host = parts.hostname or "this computer"
    except ValueError:  # a malformed address: opening it says what is wrong
        return "a database at an unreadable address"
    name = parts.path.strip("/")
    return f"{name} on {host}" if name else host
