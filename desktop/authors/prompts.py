"""The questions and messages of the author profiles, as functions tests replace.

Callers use them as `prompts.ask_unsaved_changes(...)` (through the module), so that a test's
monkeypatch reaches them and no test ever waits on a real dialog.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop import plain_text

PHOTO_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)"


class UnsavedChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved_changes(parent: QWidget | None, author_name: str) -> UnsavedChoice:
    """Save, Discard or Cancel for a profile with unsaved changes."""
    name = author_name.strip() or "the new author"
    answer = plain_text.ask(
        parent,
        "Unsaved changes",
        f"The profile of {name} has changes that are not saved.",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return UnsavedChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def confirm_delete(parent: QWidget | None, author_name: str) -> bool:
    """For an author without articles: nothing is handed over, a yes is enough."""
    answer = plain_text.ask(
        parent,
        "Delete author",
        f"Delete the profile of {author_name}? It has no articles.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, message: str) -> None:
    plain_text.warn(parent, "Authors", message)


def show_photo_problem(parent: QWidget | None, message: str) -> None:
    plain_text.warn(parent, "Photo not used", message)


def choose_photo_file(parent: QWidget | None) -> str | None:
    """A photo file the user picked, or None."""
    start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    path, _ = QFileDialog.getOpenFileName(parent, "Choose a photo", start, PHOTO_FILTER)
    return path or None
