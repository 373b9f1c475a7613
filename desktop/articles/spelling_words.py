"""Which words of a paragraph are spell checked, and where they are.

Prose is checked; what is not prose is left alone: web and email addresses, the target of a
Markdown link (its text is checked), code spans, HTML tags and entities, numbers and words
with digits in them (A4, 2nd, M50), words of one letter, and words in capitals (HSE, GAA,
NATO): a newsroom writes many abbreviations that no dictionary has, and a word in capitals is
rarely a typo, so checking them would underline more right words than wrong ones (Word and
LibreOffice skip them for the same reason).

A word may hold apostrophes, plain or typographic: it's, O’Dwyer, rock'n'roll. Quotes around a
word are not part of it ('quoted', students'). Hyphens part words: each part is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from desktop.articles.markdown_highlighter import AUTOLINK, INLINE_CODE, LINK

# Letters, with apostrophes inside; a run of letters and digits (A4, M50, 2nd) is skipped
# whole. An underscore parts words: _emphasis_ is Markdown.
WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’ʼ][^\W\d_]+)*(?![^\W_])")
# Each kind of non-prose is looked for only when a character it needs is in the paragraph:
# most paragraphs have none, and the search would cost more than the rest of the checking.
_ADDRESS = re.compile(
    r"(?i:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`)\]]+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email addresses
)
_HAS_DOMAIN = re.compile(r"\w\.[a-z]")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}\b(?:/[^\s)\]]*)?")  # rte.ie, a.pdf
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>|&#?\w{1,10};")  # HTML tags and entities
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+")  # [1]: http://…


class Word(NamedTuple):
    """`text[start:end]` of the paragraph it was found in."""

    start: int
    end: int
    text: str

    @property
    def length(self) -> int:
        return self.end - self.start


def _skipped_spans(text: str) -> list[tuple[int, int]]:
    """What is not prose, as sorted spans that do not overlap."""
    spans: list[tuple[int, int]] = []
    if "`" in text:
        spans.extend(code.span() for code in INLINE_CODE.finditer(text))
    if "](" in text:
        # Of a link, only the target: [the text is prose](https://…)
        spans.extend((link.end(1), link.end()) for link in LINK.finditer(text))
    if "<" in text or "&" in text:
        spans.extend(link.span() for link in AUTOLINK.finditer(text))
        spans.extend(found.span() for found in _MARKUP.finditer(text))
    if "://" in text or "www." in text or "@" in text:
        spans.extend(found.span() for found in _ADDRESS.finditer(text))
    if _HAS_DOMAIN.search(text):
        spans.extend(found.span() for found in _DOMAIN.finditer(text))
    if text.lstrip(" ").startswith("[") and (reference := _REFERENCE.match(text)):
        spans.append(reference.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_checked(word: str) -> bool:
    """Whether a word found in prose is one to check at all: not one letter, not capitals."""
    return len(word) >= 2 and not word.isupper()


def words_to_check(text: str) -> Iterator[Word]:
    """The words of one paragraph (a line of the body, or the title) to spell check."""
    skipped = _skipped_spans(text)
    if not skipped:
        for found in WORD.finditer(text):
            word = found.group()
            if len(word) >= 2 and not word.isupper():
                yield Word(found.start(), found.end(), word)
        return
    index = 0
    for found in WORD.finditer(text):
        start, end = found.span()
        while index < len(skipped) and skipped[index][1] <= start:
            index += 1
        if index < len(skipped) and skipped[index][0] < end:
            continue  # inside, or partly inside, what is not prose
        word = found.group()
        if is_checked(word):
            yield Word(start, end, word)


def unique_words(text: str) -> set[str]:
    """Every word to check in a whole text, once each (for a check of the whole body)."""
    found: set[str] = set()
    for line in text.splitlines():
        found.update(word.text for word in words_to_check(line))
    return found
