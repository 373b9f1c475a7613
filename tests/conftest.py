"""Fixtures shared by every test: a private data folder and a migrated temporary database.

The data layer's tests (tests/database/) run on SQLite and, given a PostgreSQL server
(`--postgresql-url` or COPYDESK_TEST_POSTGRESQL_URL, e.g.
`postgresql+psycopg://copydesk@/copydesk_test?host=/tmp/pg`), on PostgreSQL too: each test on a
schema of its own, dropped afterwards. Without a server those runs are skipped, visibly; in CI
(CI=true) a missing server is an error, never a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from database.engine import Database, open_database
from database.location import ENVIRONMENT_VARIABLE

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"
TESTS = Path(__file__).resolve().parent
POSTGRESQL_VARIABLE = "COPYDESK_TEST_POSTGRESQL_URL"
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgresql-url",
        default=os.environ.get(POSTGRESQL_VARIABLE, ""),
        help="a PostgreSQL database to run the data layer's tests on as well "
        f"(default: ${POSTGRESQL_VARIABLE})",
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgresql_url(config: pytest.Config) -> str:
    return str(config.getoption("--postgresql-url") or "")


def pytest_configure(config: pytest.Config) -> None:
    if _in_ci() and not postgresql_url(config):
        raise pytest.UsageError(
            f"CI is set but no PostgreSQL server was given ({POSTGRESQL_VARIABLE} or "
            "--postgresql-url): the data layer's PostgreSQL tests must run in CI, not be skipped."
        )


def pytest_report_header(config: pytest.Config) -> str:
    url = postgresql_url(config)
    if not url:
        return f"PostgreSQL: none given (${POSTGRESQL_VARIABLE}); its tests are skipped"
    from database.engine import describe_url

    return f"PostgreSQL: {describe_url(url)}"


def _runs_on_both(metafunc: pytest.Metafunc) -> bool:
    in_data_layer = (TESTS / "database") in metafunc.definition.path.parents
    return in_data_layer or metafunc.definition.get_closest_marker("both_backends") is not None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Data-layer tests (and those marked both_backends) that use a database, through
    `database_url` or `backend`, get one run per backend."""
    if "backend" not in metafunc.fixturenames or not _runs_on_both(metafunc):
        return
    skip = pytest.mark.skip(reason=f"no PostgreSQL server given (${POSTGRESQL_VARIABLE})")
    given = bool(postgresql_url(metafunc.config))
    metafunc.parametrize(
        "backend",
        [pytest.param(name, marks=() if name == "sqlite" or given else skip) for name in BACKENDS],
        scope="function",
    )


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test runs on: always SQLite, unless parametrized above."""
    return "sqlite"


def _with_schema(url: str, schema: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture
def postgresql_schema(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty schema on the PostgreSQL server: the URL to reach it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    url = postgresql_url(request.config)
    if not url:  # never in CI: pytest_configure refused to start without a server
        pytest.skip(f"no PostgreSQL server given (${POSTGRESQL_VARIABLE})")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield _with_schema(url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(autouse=True)
def data_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and settings folders: nothing touches the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    return home


@pytest.fixture(autouse=True)
def closed_log_file() -> Iterator[None]:
    """A test that ran the `copydesk` command logged into its own data folder: closed after
    it, so that later tests' records do not land there."""
    yield
    from database.logs import stop_logging

    stop_logging()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("postgresql_schema"))
    return f"sqlite:///{tmp_path / 'copydesk-test.sqlite3'}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def context(database: Database):
    """The services of a migrated temporary database, as the GUI's panels get them."""
    from desktop.context import AppContext

    return AppContext(database)


@pytest.fixture
def imported_samples(database: Database, samples: list[Path]) -> list[Path]:
    """The sample articles, imported (comments pending)."""
    from database.services.importing import Importer

    Importer(database.session_factory).run(samples)
    return samples


def drag_event(kind: type, mime: object, position: object = None) -> object:
    """A QDragEnterEvent/QDragMoveEvent/QDropEvent, whichever point type the binding wants.

    PySide6 6.11 takes a QPoint for drag-enter events, 6.12 a QPointF.
    """
    from PySide6.QtCore import QPoint, QPointF, Qt

    point = position if position is not None else QPointF(10, 10)
    arguments = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    try:
        return kind(point, *arguments)
    except TypeError:
        return kind(QPoint(int(point.x()), int(point.y())), *arguments)


@pytest.fixture
def drag_and_drop():
    """Drag URLs from outside the app onto a widget and drop them, as a file manager does.

    Returns whether the drag's entry and the drop were accepted. Qt delivers a drop only to
    the widget that accepted the entry, so both are sent, in that order.
    """
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    keep_alive: list[object] = []

    def perform(target, items, position=None) -> tuple[bool, bool]:
        mime = QMimeData()  # events only point at it: it must outlive them
        keep_alive.append(mime)
        mime.setUrls(
            [item if isinstance(item, QUrl) else QUrl.fromLocalFile(str(item)) for item in items]
        )
        where = position if position is not None else QPointF(target.rect().center())
        enter = drag_event(QDragEnterEvent, mime, where)
        QApplication.sendEvent(target, enter)
        if not enter.isAccepted():
            return False, False
        drop = drag_event(QDropEvent, mime, where)
        QApplication.sendEvent(target, drop)
        return True, drop.isAccepted()

    return perform


@pytest.fixture
def full_disk() -> Iterator[Callable[[Path, int], None]]:
    """`fill_up(database_file, room_pages)`: from then on, every connection to that SQLite file
    finds it full after `room_pages` more pages, and writing more fails with SQLITE_FULL
    ("database or disk is full") as on a full disk (PRAGMA max_page_count; no mount needed)."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.pool import Pool

    limits: dict[str, int] = {}

    def cap(dbapi_connection: object, _record: object) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        files = [row[2] for row in dbapi_connection.execute("PRAGMA database_list")]
        pages = next((limits[name] for name in files if name in limits), None)
        if pages is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    def fill_up(database_file: Path, room_pages: int) -> None:
        with sqlite3.connect(database_file) as connection:
            used = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.close()
        limits[str(database_file.resolve())] = used + room_pages

    event.listen(Pool, "connect", cap)
    yield fill_up
    event.remove(Pool, "connect", cap)
