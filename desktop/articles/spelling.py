"""Spell checking as the editor uses it: which words of a paragraph are misspelt, now.

`Spelling` keeps what the dictionary engine said of each word it has seen (a cache: the body
and the title ask about the same words again and again, on every key). A word never seen is
checked at once while a key press brings only a few (one check takes about 10 µs, so the
budget of SYNC_WORDS per turn of the event loop stays under a millisecond); the many words of
an article being opened, or of a long paste, are checked on the thread pool instead and the
paragraphs that waited for them are underlined when the answer comes (`checked`).

Besides the engine, words are accepted by the newsroom's dictionary (stored in the database,
shared by every desk and re-read when another desk adds to it: see `refresh_words`) and by
"Ignore" for the rest of the session. The language is the newsroom's (a setting, en_GB unless
chosen). Without an engine nothing is underlined, `off_reason` says why, and `offNotice` says
it once; editing goes on as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from database.errors import CopydeskError
from database.services.dictionary import DEFAULT_LANGUAGE, DictionaryService, normal_form
from desktop.articles.spelling_engine import Engine, load_engine
from desktop.articles.spelling_words import Word, words_to_check
from desktop.workers import Worker

log = logging.getLogger(__name__)

# Unknown words checked on the GUI thread per turn of the event loop: typing brings one or
# two, opening an article hundreds (those go to the thread pool).
SYNC_WORDS = 60
# Another desk's additions to the newsroom dictionary are looked for this often (one small
# query), and whenever an article is opened.
WORDS_POLL_MS = 10_000
MAX_CACHED = 200_000  # distinct words; past that the cache starts again
# More changed words than this, and the fields check every word again rather than look for
# where those words are.
MAX_WORDS_TO_FIND = 50

EngineLoader = Callable[[str], "Engine | str"]
# Checks under way, kept until they finish even if their editor is gone meanwhile: the pool
# must not run a job whose Python side was collected.
_running: set[Worker] = set()


def engine_accepts(engine: Engine, word: str) -> bool:
    try:
        if engine.check(word):
            return True
        plain = normal_form(word)  # a dictionary may know O'Dwyer but not O’Dwyer
        return plain != word and engine.check(plain)
    except ValueError:  # Enchant refuses what it cannot take as a word: not ours to flag
        return True


def check_words(engine: Engine, words: Iterable[str]) -> dict[str, bool]:
    """The engine's verdict on each word; run on the thread pool."""
    return {word: engine_accepts(engine, word) for word in words}


class Spelling(QObject):
    """Spell checking of one editor's title and body."""

    # Words now accepted or no longer (added, ignored, another desk's additions); None:
    # every word (another language).
    verdictsChanged = Signal(object)
    # The thread pool answered: the words of its batch found misspelt (maybe none). What
    # waited for the answer can be underlined now.
    checked = Signal(object)
    offNotice = Signal(str)  # once: why spell checking is off

    def __init__(
        self,
        dictionary: DictionaryService | None,
        user: Callable[[], str],
        parent: QObject | None = None,
        *,
        engine_loader: EngineLoader = load_engine,
        poll_ms: int = WORDS_POLL_MS,
    ) -> None:
        super().__init__(parent)
        self._service = dictionary
        self._user = user
        self._load_engine = engine_loader
        self.language = DEFAULT_LANGUAGE
        self.engine: Engine | None = None
        self.off_reason = ""
        self._told_off: set[str] = set()
        self._verdicts: dict[str, bool] = {}
        self._newsroom: frozenset[str] = frozenset()
        self._stamp: object = None
        self._ignored: set[str] = set()
        self._pending: set[str] = set()
        self._worker: Worker | None = None
        self._worker_generation = 0
        self._generation = 0  # bumped when the engine changes: older answers are dropped
        self._sync_used = 0
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._next_turn)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.refresh_words)
        self._use_language(self._stored_language())
        self._read_words()
        if poll_ms > 0 and self._service is not None:
            self.poll_timer.start()

    # --- state ---------------------------------------------------------------------------

    @property
    def is_on(self) -> bool:
        return self.engine is not None

    @property
    def is_busy(self) -> bool:
        """Words are being checked on the thread pool (or wait to be)."""
        return self._worker is not None or bool(self._pending)

    def _stored_language(self) -> str:
        if self._service is None:
            return self.language
        try:
            return self._service.language()
        except CopydeskError as error:
            log.info("spelling language not read: %s", error)
            return self.language

    def _use_language(self, language: str) -> None:
        loaded = self._load_engine(language)
        self.language = language
        self._generation += 1
        self._verdicts.clear()
        self._pending.clear()
        if isinstance(loaded, str):
            self.engine, self.off_reason = None, loaded
        else:
            self.engine, self.off_reason = loaded, ""

    def _tell_off(self) -> None:
        if self.off_reason and self.off_reason not in self._told_off:
            self._told_off.add(self.off_reason)
            self.offNotice.emit(self.off_reason)

    def announce(self) -> None:
        """Say why spell checking is off, if it is and that was not said yet."""
        self._tell_off()

    # --- the newsroom's words ------------------------------------------------------------

    def _read_words(self) -> bool:
        """Read the newsroom's words if they changed; whether they did."""
        if self._service is None:
            return False
        try:
            stamp = self._service.stamp(self.language)
            if stamp == self._stamp:
                return False
            words = self._service.words(self.language)
        except CopydeskError as error:
            log.info("newsroom dictionary not read: %s", error)
            return False
        self._stamp, self._newsroom = stamp, frozenset(words)
        return True

    def _read_words_changed(self) -> frozenset[str]:
        before = self._newsroom
        if not self._read_words():
            return frozenset()
        return before ^ self._newsroom

    def refresh_words(self) -> None:
        """Follow the newsroom: another language chosen, words added or removed elsewhere."""
        language = self._stored_language()
        if language != self.language:
            self._stamp = None
            self._use_language(language)
            self._read_words()
            self._tell_off()
            self.verdictsChanged.emit(None)
        elif changed := self._read_words_changed():
            self.verdictsChanged.emit(changed if len(changed) <= MAX_WORDS_TO_FIND else None)

    def accepts(self, word: str) -> bool:
        """Whether the newsroom's dictionary or this session's "Ignore" takes `word`."""
        plain = normal_form(word)
        if plain in self._ignored or plain in self._newsroom:
            return True
        # A house word in lower case is right at the start of a sentence too.
        return plain[:1].isupper() and plain[:1].lower() + plain[1:] in self._newsroom

    def add_to_dictionary(self, word: str) -> str:
        """Add `word` to the newsroom's dictionary; "" when done, else why not."""
        if self._service is None:
            return "There is no newsroom dictionary to add to."
        try:
            added = self._service.add_word(self.language, word, self._user())
        except CopydeskError as error:
            return f"“{word}” was not added to the newsroom dictionary: {error}"
        self._newsroom = self._newsroom | {added.word}
        self._stamp = None  # read again at the next poll, with whatever others added
        self.verdictsChanged.emit(frozenset({word}))
        return ""

    def ignore(self, word: str) -> None:
        """Accept `word` until Copydesk closes, on this desk only."""
        self._ignored.add(normal_form(word))
        self.verdictsChanged.emit(frozenset({word}))

    # --- checking ------------------------------------------------------------------------

    def is_misspelt(self, word: str) -> bool | None:
        """None while the engine has not said yet."""
        if self.engine is None or self.accepts(word):
            return False
        verdict = self._verdicts.get(word)
        return None if verdict is None else not verdict

    def misspelt_in(self, text: str) -> list[Word]:
        """The misspelt words of one paragraph, as far as known now."""
        return self.paragraph(text)[0]

    def paragraph(self, text: str) -> tuple[list[Word], bool]:
        """The misspelt words of one paragraph as far as known now, and whether some words
        wait for the thread pool (`checked` tells when it answered). Words not known yet are
        checked now if few."""
        if self.engine is None:
            return [], False
        verdicts = self._verdicts
        found = list(words_to_check(text))
        unknown = {word.text for word in found if word.text not in verdicts}
        if unknown:
            unknown -= self._pending
            if unknown:
                self._check_soon(unknown)
        waiting = False
        misspelt = []
        for word in found:
            verdict = verdicts.get(word.text)
            if verdict is None:
                waiting = True
            elif not verdict and not self.accepts(word.text):
                misspelt.append(word)
        return misspelt, waiting

    def suggestions(self, word: str) -> list[str]:
        if self.engine is None:
            return []
        try:
            return [found for found in self.engine.suggest(word) if found != word]
        except ValueError:
            return []

    def _check_soon(self, words: set[str]) -> None:
        assert self.engine is not None
        if self._sync_used + len(words) <= SYNC_WORDS:
            self._sync_used += len(words)
            if not self._turn.isActive():
                self._turn.start()
            self._remember(check_words(self.engine, words))
            return
        self._pending |= words
        self._sync_used = SYNC_WORDS  # the rest of this turn's words wait for the pool too
        if not self._turn.isActive():
            self._turn.start()

    def _next_turn(self) -> None:
        self._sync_used = 0
        self._start_worker()

    def _remember(self, verdicts: dict[str, bool]) -> None:
        if len(self._verdicts) + len(verdicts) > MAX_CACHED:
            self._verdicts.clear()
        self._verdicts.update(verdicts)

    def _start_worker(self) -> None:
        if self._worker is not None or not self._pending or self.engine is None:
            return
        words, self._pending = self._pending, set()
        engine = self.engine
        worker = Worker(lambda _job: check_words(engine, words))
        self._worker, self._worker_generation = worker, self._generation
        worker.signals.result.connect(self._checked)
        worker.signals.finished.connect(self._worker_finished)
        _running.add(worker)
        worker.signals.finished.connect(lambda: _running.discard(worker))
        worker.start()

    def _checked(self, verdicts: dict[str, bool]) -> None:
        if self._worker_generation != self._generation:
            return  # checked against a language no longer in use
        self._remember(verdicts)
        self.checked.emit(frozenset(word for word, right in verdicts.items() if not right))

    def _worker_finished(self) -> None:
        self._worker = None
        self._start_worker()  # what arrived meanwhile
