"""Per-user settings in an INI file in the user's config folder (never the registry)."""

from __future__ import annotations

import getpass
import uuid

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from database.backups import DEFAULT_KEEP_DAYS
from database.location import APP_NAME

MAX_KEEP_DAYS = 3650


def settings_path() -> str:
    return str(platformdirs.user_config_path(APP_NAME, appauthor=False) / "copydesk.ini")


def suggested_user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, no LOGNAME: a container, say
        return ""


class Settings:
    """Typed access to what Copydesk remembers between runs."""

    def __init__(self) -> None:
        self._store = QSettings(settings_path(), QSettings.Format.IniFormat)

    @property
    def user_name(self) -> str:
        """The profile recorded on revisions and moderation decisions; empty until chosen."""
        return str(self._store.value("profile/name", "") or "")

    @user_name.setter
    def user_name(self, name: str) -> None:
        self._store.setValue("profile/name", name.strip())
        self._store.sync()

    @property
    def profile_author_id(self) -> int | None:
        """The author the profile writes as: new articles start with them. None: nobody."""
        value = str(self._store.value("profile/authorId", "") or "")
        return int(value) if value.isdigit() else None

    @profile_author_id.setter
    def profile_author_id(self, author_id: int | None) -> None:
        self._store.setValue("profile/authorId", "" if author_id is None else str(author_id))
        self._store.sync()

    @property
    def desk_id(self) -> str:
        """This desk (this person's Copydesk on this computer), made up once and kept: the
        presence marks a run of it leaves behind are recognised by the next run."""
        value = str(self._store.value("desk/id", "") or "")
        if not value:
            value = uuid.uuid4().hex
            self._store.setValue("desk/id", value)
            self._store.sync()
        return value

    @property
    def editor_notes_shown(self) -> bool:
        """Whether the article editor shows the editorial notes; a person may fold them."""
        # An INI file gives "true"/"false" back as text.
        return str(self._store.value("editor/notesShown", True)).lower() != "false"

    @editor_notes_shown.setter
    def editor_notes_shown(self, shown: bool) -> None:
        self._store.setValue("editor/notesShown", bool(shown))

    @property
    def editor_preview_shown(self) -> bool:
        """Whether the article editor shows the preview beside the body; a person may fold it
        (on a narrow screen, say)."""
        return str(self._store.value("editor/previewShown", True)).lower() != "false"

    @editor_preview_shown.setter
    def editor_preview_shown(self, shown: bool) -> None:
        self._store.setValue("editor/previewShown", bool(shown))

    @property
    def backup_keep_days(self) -> int:
        """For how many days the daily copies of a SQLite database are kept (1 to 3650)."""
        value = str(self._store.value("backups/keepDays", "") or "")
        if not value.isdigit():
            return DEFAULT_KEEP_DAYS
        return min(max(int(value), 1), MAX_KEEP_DAYS)

    @backup_keep_days.setter
    def backup_keep_days(self, days: int) -> None:
        self._store.setValue("backups/keepDays", str(min(max(int(days), 1), MAX_KEEP_DAYS)))
        self._store.sync()

    def window_state(self, key: str) -> QByteArray | None:
        value = self._store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self._store.setValue(f"window/{key}", value)

    def value(self, key: str, default: object = None) -> object:
        return self._store.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._store.setValue(key, value)

    def sync(self) -> None:
        self._store.sync()
