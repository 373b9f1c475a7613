"""Fixtures shared by every test: a private data folder and a migrated temporary database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from database.engine import ENVIRONMENT_VARIABLE, Database, open_database

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


@pytest.fixture(autouse=True)
def data_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and settings folders: nothing touches the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    return home


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'copydesk-test.sqlite3'}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))
