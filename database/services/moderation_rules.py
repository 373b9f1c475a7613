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
from database.models import ModerationRuleChange, ModerationRuleSetting, utc_now
from database.services.importing import CommentTriage
from database.statuses import CommentStatus

DEFAULT_LINK_LIMIT = 2
MAX_WORD_LENGTH = 100
# held_reason is a String(500); a reason never gets near it, but a long word could.
MAX_REASON_LENGTH = 500

_LINK_KEY, _HOLD_KEY, _SPAM_KEY = "link_limit", "hold_words", "spam_words"

# Top-level domains a bare address (`example.com/x`) is recognised by: the common ones, not
# every one there is, so that file names (.py, .md, .sh) and prose stay prose.
_TLDS = frozenset(
    {
        "com", "net", "org", "info", "biz", "edu", "gov", "mil", "int", "io", "co", "ai", "app",
        "dev", "xyz", "online", "site", "top", "club", "shop", "store", "news", "blog", "live",
        "life", "tech", "website", "space", "pro", "mobi", "name", "tv", "cc", "ws", "eu", "uk",
        "de", "fr", "nl", "ru", "cn", "es", "pl", "ch", "se", "dk", "fi", "ie", "nz", "za", "mx",
        "ar", "br", "jp", "kr", "au", "ca", "ua", "cz", "sk", "hu", "ro", "gr", "pt", "tr", "il",
        "ir", "vn", "th", "id", "ph", "sg", "hk", "tw", "my", "ly", "tk", "ml", "ga", "cf", "gq",
        "su", "ng", "ke",
    }
)  # fmt: skip
# Country codes that are English words: in prose "it.It" or "done.So" they follow a period
# left without its space; a bare address ending in one counts only with a path after it
# ("casino.it/x") or a name of three labels ("shop.casino.it").
_WORD_TLDS = frozenset(
    {
        "in", "it", "no", "is", "at", "be", "me", "us", "so", "to", "am", "as", "by", "do", "go",
        "my", "on", "or", "id",
    }
)  # fmt: skip
# Web addresses as spammers write them: with a scheme, or starting with "www.", or a bare
# domain name and maybe a path. Not inside a word, a number, or a mail address.
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`]+"
    r"|(?<![\w@.\-/])(?P<name>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?P<tld>" + "|".join(sorted(_TLDS | _WORD_TLDS, key=lambda t: (-len(t), t))) + r"))"
    r"(?![\w\-@])"
    r"(?P<path>[/?#][^\s<>\"'`]*)?",
    re.IGNORECASE,
)
# What every address holds: a scheme's "://", or a period and a letter ("www.", ".com"). Most
# comments have neither, and this is a fast scan for a literal, where _LINK is tried at every
# word of the text (6 s for the 600,000 pending comments of the benchmark archive, 0.6 s so).
_MAYBE_LINK = re.compile(r"\.[^\W\d_]")
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
    def _heads(self) -> tuple[str, ...] | None:
        """What each word's match must contain, in lower case (its first word, without a
        star's wildcard), for a quick look before the regex; None when a word is not ASCII
        (then only the regex can tell)."""
        heads = {word.rstrip("*").split(" ")[0] for word in (*self.spam_words, *self.hold_words)}
        return tuple(heads) if all(head.isascii() for head in heads) else None

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
        heads = self._heads
        # In ASCII text, a word matches (whatever its case) only where its lower-case letters
        # are in the lower-cased text: the regex, tried at every word, is 20 times slower.
        if heads is not None and text.isascii():
            lowered = text.lower()
            if not any(head in lowered for head in heads):
                return []
        found = []
        for match in regex.finditer(text):
            # Group n (from 1) is the n-th word; the patterns have no groups of their own.
            word, kind = groups[(match.lastindex or 1) - 1]
            found.append((match.start(), match.end(), word, kind))
        return found


def _reads_as_link(match: re.Match[str]) -> bool:
    """Whether a bare domain is one to a reader, not two words run together at a period."""
    tld = match.group("tld")
    if tld is None or match.group("path"):
        return True  # with a scheme, www., or a path: an address
    if tld[0].isupper() and tld[1:].islower():
        return False  # "the end.Then", "yes.It": a sentence whose space is missing
    labels = match.group("name").count(".") + 1
    return tld.casefold() not in _WORD_TLDS or labels >= 3


def find_links(text: str) -> list[tuple[int, int]]:
    """Spans of the web addresses in `text`, without trailing sentence punctuation."""
    spans: list[tuple[int, int]] = []
    if "://" not in text and _MAYBE_LINK.search(text) is None:
        return spans
    for match in _LINK.finditer(text):
        if not _reads_as_link(match):
            continue
        end = match.end()
        while end > match.start() and text[end - 1] in _LINK_TRAILER:
            end -= 1
        spans.append((match.start(), end))
    return spans


@dataclass(frozen=True)
class RuleMatch:
    """A rule that matched a comment: `rule` names the rule whatever the comment ("links: 2
    or more"), `reason` is what the comment records ("3 links (limit 2)")."""

    rule: str
    reason: str
    status: CommentStatus  # SPAM for a spam word, PENDING (held) for the others


def rule_matches(rules: ModerationRules, text: str) -> list[RuleMatch]:
    """Every rule `text` matches, the most certain first: spam words (in the order they
    appear), the link limit, then the words that hold."""
    words = rules.word_matches(text)
    found: dict[str, RuleMatch] = {}
    for _start, _end, word, kind in words:
        if kind is MatchKind.SPAM_WORD:
            reason = _reason(f"spam word: {word}")
            found.setdefault(reason, RuleMatch(reason, reason, CommentStatus.SPAM))
    if rules.link_limit:
        links = len(find_links(text))
        if links >= rules.link_limit:
            rule = f"links: {rules.link_limit} or more"
            reason = f"{links} links (limit {rules.link_limit})"
            found.setdefault(rule, RuleMatch(rule, reason, CommentStatus.PENDING))
    for _start, _end, word, kind in words:
        if kind is MatchKind.HOLD_WORD:
            reason = _reason(f"word: {word}")
            found.setdefault(reason, RuleMatch(reason, reason, CommentStatus.PENDING))
    return list(found.values())


def triage_all(
    rules: ModerationRules, text: str, default: CommentStatus = CommentStatus.PENDING
) -> tuple[CommentStatus, str | None, tuple[str, ...]]:
    """`triage`, and the reasons of every rule that matched (the first is the reason)."""
    matches = rule_matches(rules, text)
    if not matches:
        return default, None, ()
    return matches[0].status, matches[0].reason, tuple(match.reason for match in matches)


def triage(
    rules: ModerationRules, text: str, default: CommentStatus = CommentStatus.PENDING
) -> tuple[CommentStatus, str | None]:
    """The status a new comment enters with and the reason it was held or spammed.

    Spam words come first (they are the most certain), then the link limit, then the words
    that hold; the first rule that matches is the reason, to keep the reasons few enough to
    filter the queue by (`triage_all` names the others too).
    """
    status, reason, _all = triage_all(rules, text, default)
    return status, reason


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
        """Replace the stored rules in one transaction; a change is recorded (who, when,
        before and after) for the moderation log."""
        values = {
            _LINK_KEY: json.dumps(rules.link_limit),
            _HOLD_KEY: json.dumps(list(rules.hold_words)),
            _SPAM_KEY: json.dumps(list(rules.spam_words)),
        }
        now = utc_now()
        with self._sessions.begin() as session:
            before = _load(session)
            if before != rules:
                session.execute(
                    insert(ModerationRuleChange).values(
                        changed_by=user,
                        changed_at=now,
                        before=rules_json(before),
                        after=rules_json(rules),
                    )
                )
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


def rules_json(rules: ModerationRules) -> str:
    """The rules as a rule change records them."""
    return json.dumps(
        {
            _LINK_KEY: rules.link_limit,
            _HOLD_KEY: list(rules.hold_words),
            _SPAM_KEY: list(rules.spam_words),
        },
        ensure_ascii=False,
    )


def rules_from_json(text: str) -> ModerationRules:
    """The rules a change recorded; the defaults for what it does not say."""
    try:
        stored = json.loads(text)
    except ValueError:
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    return _rules_from(stored.get(_LINK_KEY), stored.get(_HOLD_KEY), stored.get(_SPAM_KEY))


def _rules_from(link_limit: object, hold: object, spam: object) -> ModerationRules:
    # A row written by hand or by a future version must not stop comments being imported.
    return ModerationRules(
        link_limit=link_limit
        if isinstance(link_limit, int) and link_limit >= 0
        else DEFAULT_LINK_LIMIT,
        hold_words=tuple(str(word) for word in hold) if isinstance(hold, list) else (),
        spam_words=tuple(str(word) for word in spam) if isinstance(spam, list) else (),
    )


def _load(session: Session) -> ModerationRules:
    rows = session.execute(select(ModerationRuleSetting.key, ModerationRuleSetting.value))
    stored = {key: value for key, value in rows}

    def value(key: str, default: object) -> object:
        try:
            return json.loads(stored[key])
        except (KeyError, ValueError):
            return default

    return _rules_from(
        value(_LINK_KEY, DEFAULT_LINK_LIMIT), value(_HOLD_KEY, []), value(_SPAM_KEY, [])
    )


def triage_for(
    session_factory: sessionmaker[Session], default: CommentStatus = CommentStatus.PENDING
) -> CommentTriage:
    """The import triage built from the stored rules, read once, now.

    Comments no rule matches enter with `default`; the rules hold or spam the others
    whatever `default` is. Every rule that matched is recorded, the first as the reason.
    """
    rules = ModerationRuleService(session_factory).load()
    return lambda text: triage_all(rules, text, default)


__all__ = [
    "DEFAULT_LINK_LIMIT",
    "Highlight",
    "MatchKind",
    "ModerationRuleService",
    "ModerationRules",
    "RuleMatch",
    "find_links",
    "highlights",
    "normalize_words",
    "rule_matches",
    "rules_from_json",
    "rules_json",
    "triage",
    "triage_all",
    "triage_for",
]
