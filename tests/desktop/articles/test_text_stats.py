from hypothesis import given
from hypothesis import strategies as st

from desktop.articles.text_stats import WORDS_PER_MINUTE, TextStats, text_stats


def test_counts_words_characters_and_minutes() -> None:
    stats = text_stats("One two three.\nFour five")
    assert stats == TextStats(words=5, characters=23, reading_minutes=1)


def test_empty_text_takes_no_time() -> None:
    assert text_stats("") == TextStats(0, 0, 0)
    assert text_stats("  \n ").reading_minutes == 0


def test_reading_time_rounds_up() -> None:
    assert text_stats("word " * WORDS_PER_MINUTE).reading_minutes == 1
    assert text_stats("word " * (WORDS_PER_MINUTE + 1)).reading_minutes == 2


def test_description_as_the_editor_shows_it() -> None:
    assert TextStats(312, 1840, 2).describe() == "312 words · 1,840 characters · 2 min read"
    assert TextStats(1, 1, 1).describe() == "1 word · 1 character · 1 min read"


@given(st.text())
def test_any_text_with_words_takes_at_least_a_minute(text: str) -> None:
    stats = text_stats(text)
    assert stats.words == len(text.split())
    assert (stats.reading_minutes >= 1) == (stats.words > 0)
    assert stats.reading_minutes * WORDS_PER_MINUTE >= stats.words
    assert 0 <= stats.characters <= len(text)
