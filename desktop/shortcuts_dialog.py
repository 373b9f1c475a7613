"""Help → About and Help → Keyboard shortcuts."""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from database.version import __version__
from desktop.context import AppContext


def about_text(context: AppContext) -> str:
    database = context.database
    kind = "SQLite (embedded)" if database.is_sqlite else database.engine.dialect.name
    return (
        f"<h3>Copydesk {html.escape(__version__)}</h3>"
        "<p>Editorial content manager for a local news website.</p>"
        f"<p>Database: {html.escape(kind)}<br>Location: {html.escape(database.location)}</p>"
        f"<p>Profile: {html.escape(context.user_name)}</p>"
    )


def shortcuts_text(actions: list[QAction]) -> str:
    rows = []
    for action in actions:
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if shortcut:
            label = html.escape(action.text().replace("&", "").rstrip("…"))
            rows.append(f"<tr><td>{label}</td><td><b>{html.escape(shortcut)}</b></td></tr>")
    return "<table cellspacing='6'>" + "".join(rows) + "</table>"


def show_about(parent: QWidget, context: AppContext) -> None:
    QMessageBox.about(parent, "About Copydesk", about_text(context))


def show_shortcuts(parent: QWidget, actions: list[QAction]) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", shortcuts_text(actions))
