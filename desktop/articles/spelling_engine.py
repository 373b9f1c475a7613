"""The dictionary engine behind spell checking: Enchant (pyenchant) with Hunspell dictionaries.

Hunspell's dictionaries are the ones LibreOffice and Firefox use; on Debian they come as
packages (hunspell-en-gb, hunspell-en-us, …), which Enchant finds by itself. A computer without
Enchant's library or without the language's dictionary gets no engine, and a sentence saying
what to install: the editor goes on without spell checking, never fails because of it.

An engine is shared by every check of its language (loading one takes tens of milliseconds)
and by threads: Hunspell's checker is not safe to call from two threads at once, so each call
takes the engine's lock.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

MAX_SUGGESTIONS = 6


class Dictionary(Protocol):
    """What is used of an Enchant dictionary (tests give one of their own)."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


@dataclass
class Engine:
    """A language's dictionary, callable from any thread."""

    language: str
    dictionary: Dictionary
    description: str = ""  # which provider and file, for the log
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def check(self, word: str) -> bool:
        with self._lock:
            return bool(self.dictionary.check(word))

    def suggest(self, word: str) -> list[str]:
        with self._lock:
            return list(self.dictionary.suggest(word))[:MAX_SUGGESTIONS]


def language_label(language: str) -> str:
    """en_GB as people write it: en-GB."""
    return language.replace("_", "-")


def debian_package(language: str) -> str:
    """Debian's package with Hunspell's dictionary of `language`: hunspell-en-gb."""
    return "hunspell-" + language.lower().replace("_", "-")


def no_dictionary_text(language: str) -> str:
    return (
        f"Spell checking is off: no {language_label(language)} dictionary "
        f"(install {debian_package(language)})"
    )


NO_ENGINE_TEXT = "Spell checking is off: the Enchant library is missing (install libenchant-2-2)"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def load_engine(language: str) -> Engine | str:
    """The engine of `language`, or the sentence that says why there is none."""
    with _engines_lock:
        if language in _engines:
            return _engines[language]
        try:
            # pyenchant finds the C library when imported: a missing one is an ImportError.
            import enchant
        except (ImportError, OSError) as error:
            log.warning("spell checking is off: %s", error)
            return NO_ENGINE_TEXT
        loaded = _open_dictionary(enchant, language)
        if isinstance(loaded, str):
            return loaded
        _engines[language] = loaded
        return loaded


def _open_dictionary(enchant: Any, language: str) -> Engine | str:
    try:
        if not enchant.dict_exists(language):
            log.warning("spell checking is off: no %s dictionary", language)
            return no_dictionary_text(language)
        dictionary = enchant.Dict(language)
    except enchant.errors.Error as error:
        log.warning("spell checking is off: %s", error)
        return no_dictionary_text(language)
    provider = getattr(dictionary, "provider", None)
    description = f"{getattr(provider, 'desc', 'Enchant')} {language}"
    log.info("spell checking with %s", description)
    return Engine(language=language, dictionary=dictionary, description=description)


def forget_engines() -> None:
    """Load dictionaries afresh on next use (tests; a dictionary installed meanwhile)."""
    with _engines_lock:
        _engines.clear()
