"""The newsroom's dictionary: words every desk's spell checking accepts, per language.

Local names and house style ("Ballyhale", "Kilkenny's", "eircode") are added from any desk's
editor and stored here, shared by all. Which language articles are checked in is a newsroom
setting too (articles carry no language of their own): `spelling.language`, en_GB unless set.

Words are stored in their normal form: trimmed, and with the typographic apostrophe (’) as
the plain one ('), so that "O’Dwyer" and "O'Dwyer" are one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.errors import ValidationError
from database.models import NewsroomWord
from database.services.newsroom_settings import read_setting, write_setting

LANGUAGE_SETTING = "spelling.language"
DEFAULT_LANGUAGE = "en_GB"
MAX_WORD_LENGTH = 200  # the column's
# A dictionary's name as Hunspell and Enchant spell it: en, en_GB, ga_IE.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Z]{2})?")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def normal_form(word: str) -> str:
    """The word as the dictionary keeps it: trimmed, apostrophes made plain."""
    return word.strip().translate(_APOSTROPHES)


def check_language(language: str) -> str:
    if not _LANGUAGE.fullmatch(language):
        raise ValidationError(
            f"“{language[:40]}” is not a dictionary name such as en_GB.", field="language"
        )
    return language


def _checked_word(word: str) -> str:
    cleaned = normal_form(word)
    if not cleaned:
        raise ValidationError("An empty word cannot be added to the dictionary.", field="word")
    if len(cleaned) > MAX_WORD_LENGTH:
        raise ValidationError(
            f"A word longer than {MAX_WORD_LENGTH} characters cannot be added.", field="word"
        )
    if any(character.isspace() or not character.isprintable() for character in cleaned):
        raise ValidationError("The dictionary takes single words, without spaces.", field="word")
    return cleaned


@dataclass(frozen=True)
class DictionaryWord:
    language: str
    word: str
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class WordsStamp:
    """Changes whenever a word of the language is added or removed: cheap to read, so that a
    desk can ask often whether its copy of the words is still current."""

    count: int
    last_id: int


def _entry(row: NewsroomWord) -> DictionaryWord:
    return DictionaryWord(
        language=row.language, word=row.word, added_by=row.added_by, added_at=row.added_at
    )


class DictionaryService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    # --- the newsroom's language ---------------------------------------------------------

    def language(self) -> str:
        """The dictionary articles are checked against; en_GB unless the newsroom chose."""
        with operational_errors_reported("read the spelling language"), self._sessions() as session:
            value = read_setting(session, LANGUAGE_SETTING)
        return value if isinstance(value, str) and _LANGUAGE.fullmatch(value) else DEFAULT_LANGUAGE

    def set_language(self, language: str, user: str) -> None:
        check_language(language)
        with (
            operational_errors_reported("change the spelling language"),
            self._sessions.begin() as session,
        ):
            write_setting(session, LANGUAGE_SETTING, language, user=user)

    # --- words ---------------------------------------------------------------------------

    def words(self, language: str) -> frozenset[str]:
        with (
            operational_errors_reported("read the newsroom dictionary"),
            self._sessions() as session,
        ):
            found = session.scalars(
                select(NewsroomWord.word).where(NewsroomWord.language == language)
            ).all()
        return frozenset(found)

    def entries(self, language: str) -> list[DictionaryWord]:
        """Every word of the language, alphabetically, with who added it and when."""
        with (
            operational_errors_reported("read the newsroom dictionary"),
            self._sessions() as session,
        ):
            rows = session.scalars(
                select(NewsroomWord)
                .where(NewsroomWord.language == language)
                .order_by(func.lower(NewsroomWord.word), NewsroomWord.word)
            ).all()
            return [_entry(row) for row in rows]

    def stamp(self, language: str) -> WordsStamp:
        with (
            operational_errors_reported("read the newsroom dictionary"),
            self._sessions() as session,
        ):
            count, last_id = session.execute(
                select(
                    func.count(NewsroomWord.id), func.coalesce(func.max(NewsroomWord.id), 0)
                ).where(NewsroomWord.language == language)
            ).one()
        return WordsStamp(count=int(count), last_id=int(last_id))

    def add_word(self, language: str, word: str, user: str) -> DictionaryWord:
        """Add `word` for every desk; a word already there stays as it was (who added it
        first, and when), and is returned."""
        check_language(language)
        cleaned = _checked_word(word)
        try:
            with (
                operational_errors_reported("add the word to the newsroom dictionary"),
                self._sessions.begin() as session,
            ):
                existing = self._find(session, language, cleaned)
                if existing is not None:
                    return _entry(existing)
                row = NewsroomWord(language=language, word=cleaned, added_by=user)
                session.add(row)
                session.flush()
                return _entry(row)
        except IntegrityError:
            # Another desk added the same word in the same moment: theirs is the entry.
            with self._sessions() as session:
                existing = self._find(session, language, cleaned)
                if existing is None:
                    raise
                return _entry(existing)

    def remove_word(self, language: str, word: str) -> bool:
        """Take `word` out of the dictionary; False if it was not there."""
        cleaned = normal_form(word)
        with (
            operational_errors_reported("remove the word from the newsroom dictionary"),
            self._sessions.begin() as session,
        ):
            removed = session.execute(
                delete(NewsroomWord).where(
                    NewsroomWord.language == language, NewsroomWord.word == cleaned
                )
            )
        return bool(removed.rowcount)  # type: ignore[attr-defined]

    @staticmethod
    def _find(session: Session, language: str, word: str) -> NewsroomWord | None:
        return session.scalars(
            select(NewsroomWord).where(NewsroomWord.language == language, NewsroomWord.word == word)
        ).one_or_none()


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGE_SETTING",
    "DictionaryService",
    "DictionaryWord",
    "WordsStamp",
    "check_language",
    "normal_form",
]
