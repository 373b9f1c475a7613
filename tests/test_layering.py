"""The architecture's one-way data flow, enforced: no Qt below, no SQL above."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What desktop/ may use of database/: the services and their vocabulary, never the ORM.
ALLOWED_FOR_DESKTOP = (
    "database.services",
    "database.engine",
    "database.location",  # where the database is: engine.py's, before SQLAlchemy is loaded
    "database.choices",  # the import and export options, without loading the services
    "database.errors",
    "database.statuses",
    "database.version",
    "database.textformat",
    "database.logs",  # the log file, set up by the command line without loading Qt
    "database.backups",  # copies of the SQLite file, made and restored with SQLite's own API
)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("database"), ids=str)
def test_database_never_imports_qt(path: Path) -> None:
    assert not [
        name for name in imported_modules(path) if name.split(".")[0] in {"PySide6", "desktop"}
    ]


@pytest.mark.parametrize("path", python_files("desktop"), ids=str)
def test_desktop_reaches_data_only_through_services(path: Path) -> None:
    forbidden = [
        name
        for name in imported_modules(path)
        if name.split(".")[0] == "sqlalchemy"
        or (name.startswith("database") and not name.startswith(ALLOWED_FOR_DESKTOP))
    ]
    assert forbidden == []
