"""Every modal question the main window asks, in one place tests can monkeypatch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from database.backups import Backup
from database.services.authors import AuthorService
from desktop import plain_text
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


def choose_csv_file(parent: QWidget | None, title: str, suggested: str) -> str | None:
    """Where to save a CSV file (figures for a spreadsheet), or None if cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, suggested, "CSV files (*.csv);;All files (*)"
    )
    return path or None


def choose_export_scope(parent: QWidget | None, selected: int) -> str | None:
    """"selected", "all", or None when cancelled; asked only when something is selected."""
    box = plain_text.message_box(
        parent,
        "Export articles",
        "Which articles do you want to export?",
        icon=QMessageBox.Icon.Question,
        buttons=QMessageBox.StandardButton.Cancel,
        informative="Only approved comments are written.",
    )
    chosen = box.addButton(f"The {selected} selected", QMessageBox.ButtonRole.AcceptRole)
    every = box.addButton("All articles", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is chosen:
        return "selected"
    if clicked is every:
        return "all"
    return None


def show_information(parent: QWidget | None, title: str, text: str) -> None:
    plain_text.inform(parent, title, text)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    plain_text.warn(parent, title, text)


def choose_backup(parent: QWidget | None, copies: list[Backup], folder: str) -> Backup | None:
    """The copy to restore, or None if cancelled."""
    from desktop.restore_dialog import RestoreDialog

    return RestoreDialog.ask(parent, copies, folder)


def confirm_restore(parent: QWidget | None, question: str) -> bool:
    Button = QMessageBox.StandardButton
    chosen = plain_text.ask(
        parent, "Restore from backup", question, Button.Yes | Button.Cancel, Button.Cancel
    )
    return chosen == Button.Yes
