"""Every modal question the main window asks, in one place tests can monkeypatch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

ARTICLE_FILES = "Article files (*.txt);;All files (*)"


def ask_user_name(parent: QWidget | None, current: str) -> str | None:
    """The profile name, or None if the user cancelled."""
    name, accepted = QInputDialog.getText(
        parent,
        "Your profile",
        "Your name, as it will appear on revisions and moderation decisions:",
        QLineEdit.EchoMode.Normal,
        current,
    )
    return name.strip() if accepted and name.strip() else None


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
