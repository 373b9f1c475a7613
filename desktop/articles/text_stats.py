"""Word, character and reading-time counts for the editor's status line."""

from __future__ import annotations

import math
from dataclasses import dataclass

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class TextStats:
    words: int
    characters: int
    reading_minutes: int

    def describe(self) -> str:
        """As the editor shows it: "312 words · 1,840 characters · 2 min read"."""
        words = "word" if self.words == 1 else "words"
        characters = "character" if self.characters == 1 else "characters"
        return (
            f"{self.words:,} {words} · {self.characters:,} {characters} · "
            f"{self.reading_minutes} min read"
        )


def text_stats(text: str) -> TextStats:
    words = len(text.split())
    # Line breaks are layout, not characters a reader sees; everything else counts.
    characters = len(text) - text.count("\n") - text.count("\r")
    # Rounded up: "0 min read" for a short piece would read as "nothing here".
    minutes = math.ceil(words / WORDS_PER_MINUTE)
    return TextStats(words=words, characters=characters, reading_minutes=minutes)
