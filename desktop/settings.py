"""Per-user settings in an INI file in the user's config folder (never the registry)."""

from __future__ import annotations

import getpass

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from database.location import APP_NAME


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
