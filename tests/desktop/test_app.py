"""The application's set-up, its smoke-test mode for packaging, and the Help menu."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

import resources
from database.version import __version__
from desktop import launch as launch_module
from desktop.app import SMOKE_OK, SMOKE_SCREENSHOT_VARIABLE, create_main_window, missing_resources
from desktop.launch import DESKTOP_FILE_ID, SMOKE_TEST_VARIABLE, run_gui
from desktop.main_window import MainWindow
from desktop.moderation.actions import KEYS, ModerationActions
from desktop.shortcuts_dialog import (
    AboutDialog,
    ShortcutsDialog,
    about_details,
    about_text,
    shortcuts_text,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, database_url: str) -> Iterator[MainWindow]:
    created = create_main_window(database_url)
    qtbot.addWidget(created)
    yield created
    created.context.database.dispose()


def test_a_new_application_is_set_up_for_the_desktop() -> None:
    # In a process of its own: the rounding policy only applies before the app exists.
    code = (
        "from desktop.launch import ensure_application\n"
        "app = ensure_application()\n"
        "print(app.applicationName(), app.desktopFileName(), app.applicationVersion(),\n"
        "      app.highDpiScaleFactorRoundingPolicy().name,\n"
        "      len(app.windowIcon().availableSizes()))\n"
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("QT_SCALE_FACTOR_ROUNDING_POLICY", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == [
        "Copydesk",
        DESKTOP_FILE_ID,
        __version__,
        "PassThrough",
        str(len(resources.APP_ICON_SIZES)),
    ]


def test_the_users_rounding_policy_is_left_alone(monkeypatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(QGuiApplication, "setHighDpiScaleFactorRoundingPolicy", calls.append)
    monkeypatch.setenv("QT_SCALE_FACTOR_ROUNDING_POLICY", "Round")
    launch_module._set_high_dpi_rounding()
    assert calls == []


def test_a_source_checkout_finds_all_its_resources(qapp) -> None:
    assert missing_resources() == []


def test_a_lost_icon_is_reported(qapp, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        resources, "action_icon_path", lambda name, dark=False: tmp_path / f"{name}.svg"
    )
    missing = missing_resources()
    assert len(missing) == 2 * len(resources.ACTION_ICON_NAMES)
    assert any(str(tmp_path / "document-save.svg") in problem for problem in missing)


# --- smoke-test mode -------------------------------------------------------------------


def test_smoke_test_mode_shows_the_window_and_quits(
    qapp, monkeypatch, capsys, database_url: str, tmp_path: Path
) -> None:
    picture = tmp_path / "window.png"
    monkeypatch.setenv(SMOKE_TEST_VARIABLE, "1")
    monkeypatch.setenv(SMOKE_SCREENSHOT_VARIABLE, str(picture))
    assert run_gui(database_url) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"{SMOKE_OK}: Copydesk {__version__}")
    assert line.endswith(f"database sqlite at {database_url.removeprefix('sqlite:///')}")
    assert QImage(str(picture)).width() > 400
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            assert not widget.isVisible()


def test_smoke_test_mode_fails_on_a_bad_database_without_waiting(
    qapp, monkeypatch, capsys, tmp_path: Path
) -> None:
    monkeypatch.setenv(SMOKE_TEST_VARIABLE, "1")
    assert run_gui("no-such-database://") == 1
    assert "smoke test: failed" in capsys.readouterr().err


# --- Help menu -------------------------------------------------------------------------


def test_about_says_version_database_and_where(window: MainWindow) -> None:
    text = about_text(window.context)
    assert __version__ in text
    assert "SQLite" in text
    assert window.context.database.location in text
    labels = dict(about_details(window.context))
    assert labels["Data folder"] == str(Path(window.context.database.location).parent)
    assert labels["Selected by"] == "the --database option"


def test_help_about_opens_once_and_copies_its_details(qtbot, window: MainWindow) -> None:
    window.actions.about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    window.actions.about.trigger()
    assert len(window.findChildren(AboutDialog)) == 1
    dialog.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"Copydesk {__version__}")
    assert window.context.database.location in copied
    dialog.close()


def test_the_shortcut_list_has_every_window_shortcut(window: MainWindow) -> None:
    text = shortcuts_text(window.actions.all())
    for action in window.actions.all():
        for sequence in action.shortcuts():
            assert sequence.toString() in text, action.objectName()


def test_the_shortcut_list_has_the_moderation_and_find_keys(window: MainWindow) -> None:
    text = shortcuts_text(window.actions.all())
    for keys, _meaning in KEYS:
        assert f"<b>{keys}</b>" in text.replace("&amp;", "&")
    moderation = text.partition("Moderation queue")[2]
    single_keys = ModerationActions.create(window).single_key_shortcuts()
    for sequences in single_keys.values():
        key = sequences[0].toString().removeprefix("Shift+")
        assert f"<b>{key}" in moderation or f" {key}" in moderation, key
    editor = text.partition("find and replace")[2].partition("Moderation queue")[0]
    for key in ("Ctrl+F", "Shift+Enter", "Escape"):
        assert key in editor


def test_f1_shows_the_shortcuts_beside_the_window(qtbot, window: MainWindow) -> None:
    window.show()
    window.actions.shortcuts.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert "Ctrl+S" in dialog.text.toPlainText()
    dialog.close()
