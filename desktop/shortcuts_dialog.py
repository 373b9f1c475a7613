"""Help → About and Help → Keyboard shortcuts."""

from __future__ import annotations

import html
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from database.location import ENVIRONMENT_VARIABLE, data_folder, default_database_url
from database.version import __version__
from desktop import theme
from desktop.context import AppContext
from desktop.moderation.actions import KEYS as MODERATION_KEYS
from desktop.plain_text import as_rich_label
from desktop.settings import settings_path

NATIVE = QKeySequence.SequenceFormat.NativeText
Section = tuple[str, list[tuple[str, str]]]


def _keys(key: QKeySequence.StandardKey | str) -> str:
    return QKeySequence(key).toString(NATIVE)


# --- About -----------------------------------------------------------------------------


def database_kind(context: AppContext) -> str:
    database = context.database
    if database.is_sqlite:
        return "SQLite (embedded, on this computer)"
    dialect = database.engine.dialect
    name = {"postgresql": "PostgreSQL"}.get(dialect.name, dialect.name)
    if dialect.server_version_info:  # known once connected: the migrations have been
        name += " " + ".".join(str(part) for part in dialect.server_version_info)
    return f"{name} (shared server)"


def database_origin(context: AppContext) -> str:
    """Why this database: people need to know whether they share it with the newsroom."""
    url = context.database.url
    if url == default_database_url():
        return "default (your own database)"
    if url == _environment_url():
        return f"the {ENVIRONMENT_VARIABLE} environment variable"
    return "the --database option"


def _environment_url() -> str | None:
    return os.environ.get(ENVIRONMENT_VARIABLE)


def build_description() -> str:
    """How this copy runs: a packaged application or Python from a checkout."""
    frozen = getattr(sys, "frozen", False)
    kind = "packaged application" if frozen else f"Python {platform.python_version()}"
    return f"{kind}, Qt {qVersion()}, PySide6 {PySide6.__version__}, {platform.system()}"


def about_details(context: AppContext) -> list[tuple[str, str]]:
    """(label, value) pairs, plain text: shown in the box and copied for a bug report."""
    database = context.database
    rows = [
        ("Database", database_kind(context)),
        ("Location", database.location),
        ("Selected by", database_origin(context)),
    ]
    if database.is_sqlite and database.location != ":memory:":
        rows.append(("Data folder", str(Path(database.location).parent)))
    elif not database.is_sqlite:
        rows.append(("Your own data", str(data_folder())))
    rows += [
        ("Settings", settings_path()),
        ("Profile", context.user_name),
        ("Running on", build_description()),
    ]
    return rows


def about_text(context: AppContext) -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(label)}</b></td><td>{html.escape(value)}</td></tr>"
        for label, value in about_details(context)
    )
    return (
        f"<h3>Copydesk {html.escape(__version__)}</h3>"
        "<p>Editorial content manager for a local news website.</p>"
        f"<table cellspacing='4'>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Copydesk")
        self._context = context
        picture = QLabel(self)
        picture.setPixmap(theme.app_icon().pixmap(96, 96))
        picture.setAccessibleName("Copydesk icon")
        # HTML on purpose, every value escaped (the profile and the paths are people's text).
        self.text = as_rich_label(QLabel(about_text(context), self))
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        # Selectable: people copy the location into a file manager or a message to IT.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(picture, 0)
        row.addWidget(self.text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        copy = QPushButton("&Copy details", self)
        copy.setObjectName("aboutCopy")
        copy.clicked.connect(self.copy_details)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        if context.database.is_sqlite and context.database.location != ":memory:":
            folder = QPushButton("Open data &folder", self)
            folder.setObjectName("aboutOpenFolder")
            folder.clicked.connect(self.open_folder)
            buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def refresh(self) -> None:
        """The profile may have changed since the box was first opened."""
        self.text.setText(about_text(self._context))

    def details(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in about_details(self._context))

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(f"Copydesk {__version__}\n{self.details()}")

    def open_folder(self) -> None:
        folder = Path(self._context.database.location).parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


# --- Keyboard shortcuts ----------------------------------------------------------------


def find_bar_keys() -> list[tuple[str, str]]:
    """The find bar's keys, as desktop/articles/find_replace.py handles them.

    A function, not a constant: standard keys are only known once the application exists.
    """
    return [
        (_keys(QKeySequence.StandardKey.Find), "open the find bar, searching for the selection"),
        ("Enter", "find the next match"),
        ("Shift+Enter", "find the previous match"),
        ("Enter in “Replace with”", "replace this match"),
        ("Alt+C / Alt+W", "match case / whole words only"),
        ("Escape", "close the find bar and go back to the text"),
    ]


def body_text_keys() -> list[tuple[str, str]]:
    """The article text's Markdown keys, as desktop/articles/markdown_format.py handles them.

    Ctrl+I there is italic, as in every editor; in every other field it still imports."""
    return [
        ("Ctrl+B", "bold: **text** (again to remove)"),
        ("Ctrl+I", "italic: *text* (again to remove); Import elsewhere"),
        ("Ctrl+K", "link: [text](url), the address selected to type over"),
    ]


def history_keys() -> list[tuple[str, str]]:
    return [
        ("Alt+N", "next change"),
        ("Alt+P", "previous change"),
        ("Alt+C", "show only the changes, with a few words around them"),
    ]


def search_field_keys() -> list[tuple[str, str]]:
    """As desktop/widgets/search_field.py (and the comment search) handle them."""
    return [
        ("Escape", "clear the search (Ctrl+Z brings it back)"),
        ("Escape in the comment search", "clear it and go back to the queue"),
    ]


def window_keys(actions: Sequence[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = ", ".join(sequence.toString(NATIVE) for sequence in action.shortcuts())
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    return rows


def moderation_keys() -> list[tuple[str, str]]:
    extra = [
        ("Escape", "clear every mark"),
        (_keys(QKeySequence.StandardKey.Refresh), "refresh"),
        ("Ctrl+3", "from anywhere: to the queue, these keys ready"),
    ]
    return [*MODERATION_KEYS, *extra]


def shortcut_sections(actions: Sequence[QAction]) -> list[Section]:
    return [
        ("Everywhere", window_keys(actions)),
        ("Article text (Markdown)", body_text_keys()),
        ("Article editor: find and replace", find_bar_keys()),
        ("Revision history", history_keys()),
        ("Search fields", search_field_keys()),
        ("Moderation queue, while the comment list has the focus", moderation_keys()),
    ]


def key_table_html(sections: Sequence[Section]) -> str:
    """One table with a heading row per section, so that every key column lines up."""
    rows = []
    for title, keys in sections:
        heading = f"<big><b>{html.escape(title)}</b></big>"
        rows.append(f"<tr><td colspan='2' style='padding-top: 12px'>{heading}</td></tr>")
        rows += [
            f"<tr><td><b>{html.escape(key)}</b></td>"
            f"<td>{html.escape(meaning[:1].upper() + meaning[1:])}</td></tr>"
            for key, meaning in keys
        ]
    return f"<table cellspacing='4'>{''.join(rows)}</table>"


def shortcuts_text(actions: Sequence[QAction]) -> str:
    return (
        key_table_html(shortcut_sections(actions))
        + "<p>The moderation keys are single letters: they do nothing while you type in a "
        "text field, and can be switched off with <b>Single-key triage</b> in the "
        "Moderation toolbar.</p>"
    )


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.text = QTextBrowser(self)
        self.text.setObjectName("shortcutsText")
        self.text.setAccessibleName("Keyboard shortcuts")
        self.text.setHtml(shortcuts_text(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 640)


def _reuse(parent: QWidget, kind: type[QDialog], name: str) -> QDialog | None:
    existing = parent.findChild(kind, name)
    return existing if isinstance(existing, kind) else None


def show_about(parent: QWidget, context: AppContext) -> QDialog:
    dialog = _reuse(parent, AboutDialog, "aboutDialog") or AboutDialog(context, parent)
    if isinstance(dialog, AboutDialog):
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_shortcuts(parent: QWidget, actions: Sequence[QAction]) -> QDialog:
    """Not modal: people keep it open beside the window while they learn the keys."""
    dialog = _reuse(parent, ShortcutsDialog, "shortcutsDialog") or ShortcutsDialog(actions, parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
