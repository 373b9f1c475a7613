"""Deterministic newsroom text: a vocabulary with a natural (Zipf) spread of word frequencies.

A handful of words is in nearly every article, most are rare: what makes full-text search
over a real archive easy or hard. Everything derives from the seed, so that two runs (and two
machines) benchmark the same archive.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from database.textformat import ParsedArticle, ParsedComment

# The most frequent words of a local news archive, most frequent first.
_NEWS_WORDS = (
    "council town hall police school road bridge court housing hospital river market club "
    "mayor planning report residents families staff budget children services inspection "
    "library transport funding review trust partnership chamber commerce improvement "
    "football station parking election museum park church festival business railway "
    "flooding ambulance teachers pupils nurses patients charity volunteers shop centre "
    "village county community officers arrest crime traffic accident weather storm "
    "harbour airport factory jobs workers union strike rents homes estate development "
    "heritage theatre concert league match season players coach award winners campaign "
    "petition protest meeting committee decision vote councillor minister government "
    "taxes fees"
)
NEWS_WORDS = _NEWS_WORDS.split()
_SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he hi ho ka "
    "ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa "
    "se si so su ta te ti to tu va ve vi vo wa we wi ya yo za ze zi zo"
)
SYLLABLES = _SYLLABLES.split()
VOCABULARY_SIZE = 30_000
ZIPF_EXPONENT = 1.07
SENTENCE_POOL = 40_000
BIO_COUNT = 400


def vocabulary(rng: random.Random) -> list[str]:
    """Words by rank: the newsroom's own words, then invented ones, all distinct."""
    words = list(NEWS_WORDS)
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass
class Corpus:
    """Sentences to build articles and comments from, and the words they were made of."""

    words: list[str]
    sentences: list[str]
    bios: list[str]
    rng: random.Random

    @classmethod
    def create(cls, seed: int) -> Corpus:
        rng = random.Random(seed)
        words = vocabulary(rng)
        weights = list(
            itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, 1 + len(words)))
        )
        sentences = []
        for _ in range(SENTENCE_POOL):
            chosen = rng.choices(words, cum_weights=weights, k=rng.randint(6, 20))
            text = " ".join(chosen)
            sentences.append(text[0].upper() + text[1:] + ".")
        bios = [" ".join(rng.sample(sentences, 2)) for _ in range(BIO_COUNT)]
        return cls(words, sentences, bios, rng)

    def title(self, number: int) -> str:
        words = self.rng.choice(self.sentences).rstrip(".").split()[:8]
        return f"{' '.join(words)} {number}"

    def body(self) -> str:
        """An article's text: one paragraph per line, as the archive has them."""
        paragraphs = self.rng.randint(4, 12)
        return "\n".join(
            " ".join(self.rng.choices(self.sentences, k=self.rng.randint(1, 3)))
            for _ in range(paragraphs)
        )

    def comment(self) -> str:
        return " ".join(self.rng.choices(self.sentences, k=self.rng.randint(1, 2)))

    def article(self, number: int, comments: int) -> ParsedArticle:
        return ParsedArticle(
            title=self.title(number),
            body=self.body(),
            bio=self.rng.choice(self.bios),
            comments=tuple(ParsedComment((self.comment(),)) for _ in range(comments)),
        )
