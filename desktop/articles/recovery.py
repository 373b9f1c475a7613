"""Unsaved editor text kept on disk, so that a crash or power cut loses at most a few seconds.

Recovery copies live apart from the database: they are what the user typed but did not save,
and must survive even when the database cannot be reached.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_SUFFIX = ".json"
NEW_PREFIX = "new-"


def default_recovery_folder() -> Path:
    return platformdirs.user_data_path("copydesk", appauthor=False) / "recovery"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RecoveryCopy:
    article_id: int | None
    title: str
    body: str
    notes: str
    base_version: int | None
    saved_at: str  # ISO 8601, UTC

    @classmethod
    def from_json(cls, data: object) -> RecoveryCopy:
        """Checked field by field: the file may have been edited or cut short."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        article_id, base_version = data.get("article_id"), data.get("base_version")
        texts = [data.get(name) for name in ("title", "body", "notes", "saved_at")]
        if not all(isinstance(text, str) for text in texts):
            raise ValueError("a text field is missing or not a string")
        for number in (article_id, base_version):
            if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
                raise ValueError("an id is not a whole number")
        title, body, notes, saved_at = texts
        return cls(article_id, title, body, notes, base_version, saved_at)  # type: ignore[arg-type]


class RecoveryStore:
    """One JSON file per key in `folder`, each written whole or not at all."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        # Keys become file names: anything that could climb out of the folder is refused.
        if not _KEY.fullmatch(key):
            raise ValueError(f"Unusable recovery key {key!r}.")
        return self.folder / f"{key}{_SUFFIX}"

    def save(self, key: str, copy: RecoveryCopy) -> None:
        target = self.path(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(asdict(copy), stream, ensure_ascii=False, indent=1)
                stream.flush()
                os.fsync(stream.fileno())
            # A crash before this line leaves the previous copy intact, never half a file.
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def load(self, key: str) -> RecoveryCopy | None:
        """The copy under `key`; None if there is none or it cannot be read (it is kept)."""
        target = self.path(key)
        try:
            text = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.warning("cannot read recovery copy %s: %s", target, error)
            return None
        try:
            return RecoveryCopy.from_json(json.loads(text))
        except ValueError as error:  # json.JSONDecodeError is a ValueError
            log.warning("ignoring damaged recovery copy %s: %s", target, error)
            return None

    def discard(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as error:
            log.warning("cannot remove recovery copy %s: %s", key, error)

    def keys(self) -> list[str]:
        try:
            names = [entry.name for entry in self.folder.iterdir()]
        except OSError:  # no folder yet: nothing was ever kept
            return []
        stems = (name.removesuffix(_SUFFIX) for name in names if name.endswith(_SUFFIX))
        return sorted(stem for stem in stems if _KEY.fullmatch(stem))


def new_article_key(token: str) -> str:
    return f"{NEW_PREFIX}{token}"


def article_key(article_id: int) -> str:
    return f"article-{article_id}"


def pending_new_recoveries(store: RecoveryStore) -> list[tuple[str, RecoveryCopy]]:
    """Readable copies of articles that were never saved, newest first, with their keys."""
    keys = [key for key in store.keys() if key.startswith(NEW_PREFIX)]  # noqa: SIM118
    found = [(key, copy) for key in keys if (copy := store.load(key)) is not None]
    return sorted(found, key=lambda pair: pair[1].saved_at, reverse=True)
