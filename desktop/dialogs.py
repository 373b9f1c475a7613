"""Every modal question the main window asks, in one place tests can monkeypatch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from database.services.authors import AuthorService
from desktop.profile_dialog import ProfileChoice, ProfileDialog

ARTICLE_FILES = "Article files (*.txt);;All files (*)"


def ask_profile(
    parent: QWidget | None,
    authors: AuthorService,
    name: str,
    author_id: int | None,
    *,
    has_profile: bool,
) -> ProfileChoice | None:
    """Who is working and which author they write as (created if new); None if cancelled."""
    return ProfileDialog.ask(parent, authors, name, author_id, has_profile=has_profile)


def choose_import_files(parent: QWidget | None) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, "Import articles", "", ARTICLE_FILES)
    return paths


def choose_import_folder(parent: QWidget | None) -> str | None:
    folder = QFileDialog.getExistingDirectory(parent, "Import every article in a folder")
    return folder or None


def choose_export_folder(parent: QWidget | None) -> str | None:
    folder = QFileDialog.getExistingDirectory(parent, "Export articles to a folder")
    return folder or None


def choose_export_scope(parent: QWidget | None, selected: int) -> str | None:
    """"selected", "all", or None when cancelled; asked only when something is selected."""
    box = QMessageBox(parent)
    box.setWindowTitle("Export articles")
    box.setText("Which articles do you want to export?")
    box.setInformativeText("Only approved comments are written.")
    chosen = box.addButton(f"The {selected} selected", QMessageBox.ButtonRole.AcceptRole)
    every = box.addButton("All articles", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is chosen:
        return "selected"
    if clicked is every:
        return "all"
    return None


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)
