"""Launching the window: something on screen at once, the main window in its place, and a
database that cannot be opened said in a message. Each launch runs in a process of its own,
as a person's does: app.exec() and QApplication.exit() would end the test's own event loops.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from database.location import describe_location

ROOT = Path(__file__).resolve().parents[2]

# Watches the top-level windows every few milliseconds, in the order they are seen; once the
# main window is up (or a message box), prints what it saw and quits.
WATCH_AND_LAUNCH = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from desktop.launch import ensure_application, run_gui

app = ensure_application()
seen = []

def critical(parent, title, text):
    seen.append("message: " + text.replace("\\n", " "))
    return QMessageBox.StandardButton.Ok

QMessageBox.critical = critical

def watch():
    for widget in app.topLevelWidgets():
        if widget.isVisible() and widget.objectName() and widget.objectName() not in seen:
            seen.append(widget.objectName())
    if "mainWindow" in seen:
        visible = sorted(w.objectName() for w in app.topLevelWidgets() if w.isVisible())
        seen.append("then visible: " + ",".join(name for name in visible if name))
        app.quit()

timer = QTimer()
timer.timeout.connect(watch)
timer.start(5)
code = run_gui(sys.argv[1])
print("|".join(seen))
print("exit", code)
"""


def launch(url: str, home: Path) -> list[str]:
    (home / "config" / "copydesk").mkdir(parents=True, exist_ok=True)
    (home / "config" / "copydesk" / "copydesk.ini").write_text("[profile]\nname=tester\n")
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    environment.pop("COPYDESK_SMOKE_TEST", None)
    done = subprocess.run(
        [sys.executable, "-c", WATCH_AND_LAUNCH, url],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_the_start_window_shows_first_and_the_main_window_takes_its_place(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    seen, exit_line = launch(url, tmp_path / "home")
    assert seen.split("|") == ["startWindow", "mainWindow", "then visible: mainWindow"]
    assert exit_line == "exit 0"
    assert (tmp_path / "desk.sqlite3").exists()


def test_a_database_that_cannot_be_opened_is_said_and_the_exit_code_is_1(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'deeper' / 'desk.sqlite3'}"
    (tmp_path / "no-such-folder").write_text("a file where a folder should be")
    seen, exit_line = launch(url, tmp_path / "home")
    steps = seen.split("|")
    assert steps[0] == "startWindow"
    assert steps[1].startswith("message: Copydesk cannot start.")
    assert "mainWindow" not in steps
    assert exit_line == "exit 1"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////home/ana/desk.sqlite3", "/home/ana/desk.sqlite3"),
        ("sqlite://", "a database in memory"),
        (
            "postgresql+psycopg://ana:secret@db.example.org:5432/newsroom",
            "newsroom on db.example.org",
        ),
        ("postgresql+psycopg://ana:secret@[::1/newsroom", "a database at an unreadable address"),
    ],
)
def test_the_start_window_says_where_without_the_password(url: str, shown: str) -> None:
    assert describe_location(url) == shown
    assert "secret" not in describe_location(url)


def test_another_applications_file_is_refused_in_words_and_left_byte_identical(
    tmp_path: Path,
) -> None:
    import sqlite3

    path = tmp_path / "other-app.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE articles (headline TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    seen, exit_line = launch(f"sqlite:///{path}", tmp_path / "home")
    steps = seen.split("|")
    assert steps[1] == (
        f"message: Copydesk cannot start.  {path} is not a Copydesk database: it holds tables "
        "articles of another application. It has not been changed. Choose another file."
    )
    assert exit_line == "exit 1"
    assert path.read_bytes() == before


def test_the_start_makes_the_days_backup(tmp_path: Path) -> None:
    from database.backups import Reason, list_backups

    database_file = tmp_path / "desk.sqlite3"
    _seen, exit_line = launch(f"sqlite:///{database_file}", tmp_path / "home")
    assert exit_line == "exit 0"
    assert [b.reason for b in list_backups(database_file)] == [Reason.DAILY]


def test_the_start_empties_the_trash_of_articles_kept_there_past_30_days(tmp_path: Path) -> None:
    from datetime import timedelta

    from sqlalchemy import select, update

    from database.engine import open_database
    from database.models import Article, utc_now
    from database.services.articles import ArticleService
    from database.services.trash import KEEP_DAYS, TrashService

    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    database = open_database(url)
    try:
        articles = ArticleService(database.session_factory)
        old, recent, kept = (articles.create(title).id for title in ("Old", "Recent", "Kept"))
        TrashService(database.session_factory).trash([old, recent], by="tester")
        with database.session_factory.begin() as session:
            long_ago = utc_now() - timedelta(days=KEEP_DAYS + 1)
            session.execute(update(Article).where(Article.id == old).values(deleted_at=long_ago))
    finally:
        database.dispose()

    _seen, exit_line = launch(url, tmp_path / "home")

    assert exit_line == "exit 0"
    database = open_database(url)
    try:
        with database.session_factory() as session:
            left = sorted(session.scalars(select(Article.id)))
        assert left == sorted([recent, kept])
    finally:
        database.dispose()
