"""Moderation rules: stored once for the whole newsroom, applied to comments as they arrive.

A rule either holds a comment for review (too many links, a watched word) or sends it
straight to spam (a spam word). The reason is recorded on the comment, and the matched
words and links are found again when the comment is shown, to be highlighted.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from database.errors import ValidationError
from database.models import ModerationRuleSetting, utc_now
from database.services.importing import CommentTriage
from database.statuses import CommentStatus

DEFAULT_LINK_LIMIT = 2
MAX_WORD_LENGTH = 100
# held_reason is a String(500); a reason never gets near it, but a long word could.
MAX_REASON_LENGTH = 500

_LINK_KEY, _HOLD_KEY, _SPAM_KEY = "link_limit", "hold_words", "spam_words"

# Web addresses as spammers write them: with a scheme, or starting with "www.".
_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`]+", re.IGNORECASE)
# Sentence punctuation after an address belongs to the sentence, not to the address.
_LINK_TRAILER = ".,;:!?)]}»”’'\""


class MatchKind(enum.StrEnum):
    LINK = "link"
    HOLD_WORD = "hold_word"
    SPAM_WORD = "spam_word"


@dataclass(frozen=True)
class Highlight:
    """A span of a comment's text that a rule matched: `text[start:end]`, in str indices."""

    start: int
    end: int
    kind: MatchKind


def normalize_words(words: Iterable[str]) -> tuple[str, ...]:
    """Words as stored: trimmed, inner spaces collapsed, lower-case, no blanks or repeats."""
    seen: dict[str, None] = {}
    for word in words:
        cleaned = " ".join(word.split()).casefold()
        if cleaned and cleaned.strip("*"):
            seen.setdefault(cleaned, None)
    return tuple(seen)


def _word_pattern(word: str) -> str:
    # "casino" matches "Casino!" but not "casinos"; "casino*" matches both; "buy now"
    # matches across any run of spaces or a line break.
    prefix = word.endswith("*")
    parts = [re.escape(part) for part in word.rstrip("*").split(" ")]
    body = r"\s+".join(parts)
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@dataclass(frozen=True)
class ModerationRules:
    """The newsroom's rules. A link limit of 0 switches the link rule off."""

    link_limit: int = DEFAULT_LINK_LIMIT
    hold_words: tuple[str, ...] = ()
    spam_words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.link_limit < 0:
            raise ValidationError("The link limit cannot be negative.", field="link_limit")
        for field_name in ("hold_words", "spam_words"):
            words = normalize_words(getattr(self, field_name))
            for word in words:
                if len(word) > MAX_WORD_LENGTH:
                    raise ValidationError(
                        f"“{word[:40]}…” is longer than {MAX_WORD_LENGTH} characters.",
                        field=field_name,
                    )
            object.__setattr__(self, field_name, words)

    @cached_property
    def _matcher(self) -> tuple[re.Pattern[str] | None, tuple[tuple[str, MatchKind], ...]]:
        """One regex for every word, and the word and kind behind each of its groups."""
        # A word listed as both spam and hold is a spam word: the harsher rule wins.
        spam = set(self.spam_words)
        words = [(word, MatchKind.SPAM_WORD) for word in self.spam_words] + [
            (word, MatchKind.HOLD_WORD) for word in self.hold_words if word not in spam
        ]
        if not words:
            return None, ()
        # Longest first, so that "free money" wins over "free" where both match.
        words.sort(key=lambda item: len(item[0]), reverse=True)
        regex = re.compile("|".join(f"({_word_pattern(word)})" for word, _ in words), re.IGNORECASE)
        return regex, tuple(words)

    def word_matches(self, text: str) -> list[tuple[int, int, str, MatchKind]]:
        """(start, end, rule word, kind) of every watched word in `text`, in order."""
        regex, groups = self._matcher
        if regex is None:
            return []
        found = []
        for match in regex.finditer(text):
            # Group n (from 1) is the n-th word; the patterns have no groups of their own.
            word, kind = groups[(match.lastindex or 1) - 1]
            found.append((match.start(), match.end(), word, kind))
        return found


def find_links(text: str) -> list[tuple[int, int]]:
    """Spans of the web addresses in `text`, without trailing sentence punctuation."""
    spans = []
    for match in _LINK.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _LINK_TRAILER:
            end -= 1
        spans.append((match.start(), end))
    return spans


def triage(
    rules: ModerationRules, text: str, default: CommentStatus = CommentStatus.PENDING
) -> tuple[CommentStatus, str | None]:
    """The status a new comment enters with and the reason it was held or spammed.

    Spam words come first (they are the most certain), then the link limit, then the words
    that hold; only the first rule that matches is named, to keep the reasons few enough to
    filter the queue by.
    """
    words = rules.word_matches(text)
    spam = next((word for _, _, word, kind in words if kind is MatchKind.SPAM_WORD), None)
    if spam is not None:
        return CommentStatus.SPAM, _reason(f"spam word: {spam}")
    if rules.link_limit:
        links = len(find_links(text))
        if links >= rules.link_limit:
            return CommentStatus.PENDING, f"{links} links (limit {rules.link_limit})"
    hold = next((word for _, _, word, kind in words if kind is MatchKind.HOLD_WORD), None)
    if hold is not None:
        return CommentStatus.PENDING, _reason(f"word: {hold}")
    return default, None


def _reason(reason: str) -> str:
    return reason if len(reason) <= MAX_REASON_LENGTH else reason[: MAX_REASON_LENGTH - 1] + "…"


def highlights(rules: ModerationRules, text: str) -> list[Highlight]:
    """What to highlight in a comment: links (when the link rule is on) and watched words.

    Spans are sorted and never overlap; where a word sits inside a link, the link wins.
    """
    spans: list[Highlight] = []
    if rules.link_limit:
        spans.extend(Highlight(start, end, MatchKind.LINK) for start, end in find_links(text))
    for start, end, _word, kind in rules.word_matches(text):
        spans.append(Highlight(start, end, kind))
    spans.sort(key=lambda span: (span.start, span.kind is not MatchKind.LINK, -span.end))
    kept: list[Highlight] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


class ModerationRuleService:
    """Reads and saves the rules; one small key/value row per setting."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def load(self) -> ModerationRules:
        with self._sessions() as session:
            return _load(session)

    def save(self, rules: ModerationRules, *, user: str) -> ModerationRules:
        """Replace the stored rules in one transaction."""
        values = {
            _LINK_KEY: json.dumps(rules.link_limit),
            _HOLD_KEY: json.dumps(list(rules.hold_words)),
            _SPAM_KEY: json.dumps(list(rules.spam_words)),
        }
        now = utc_now()
        with self._sessions.begin() as session:
            session.execute(
                delete(ModerationRuleSetting).where(ModerationRuleSetting.key.in_(values))
            )
            session.execute(
                insert(ModerationRuleSetting),
                [
                    {"key": key, "value": value, "updated_by": user, "updated_at": now}
                    for key, value in values.items()
                ],
            )
        return rules


def _load(session: Session) -> ModerationRules:
    rows = session.execute(select(ModerationRuleSetting.key, ModerationRuleSetting.value))
    stored = {key: value for key, value in rows}

    def value(key: str, default: object) -> object:
        try:
            return json.loads(stored[key])
        except (KeyError, ValueError):
            return default

    link_limit = value(_LINK_KEY, DEFAULT_LINK_LIMIT)
    hold = value(_HOLD_KEY, [])
    spam = value(_SPAM_KEY, [])
    # A row written by hand or by a future version must not stop comments being imported.
    return ModerationRules(
        link_limit=link_limit if isinstance(link_limit, int) and link_limit >= 0 else 2,
        hold_words=tuple(str(word) for word in hold) if isinstance(hold, list) else (),
        spam_words=tuple(str(word) for word in spam) if isinstance(spam, list) else (),
    )


def triage_for(
    session_factory: sessionmaker[Session], default: CommentStatus = CommentStatus.PENDING
) -> CommentTriage:
    """The import triage built from the stored rules, read once, now.

    Comments no rule matches enter with `default`; the rules hold or spam the others
    whatever `default` is.
    """
    rules = ModerationRuleService(session_factory).load()
    return lambda text: triage(rules, text, default)


__all__ = [
    "DEFAULT_LINK_LIMIT",
    "Highlight",
    "MatchKind",
    "ModerationRuleService",
    "ModerationRules",
    "find_links",
    "highlights",
    "normalize_words",
    "triage",
    "triage_for",
]
