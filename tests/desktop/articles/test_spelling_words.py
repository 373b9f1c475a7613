"""Which words spell checking looks at: prose, not addresses, code, numbers or abbreviations."""

import pytest

from desktop.articles.spelling_words import unique_words, words_to_check


def checked(text: str) -> list[str]:
    return [word.text for word in words_to_check(text)]


def test_words_know_where_they_are() -> None:
    text = "Council to recieve funds"
    [*_, last] = words_to_check(text)
    assert (last.start, last.end, last.length) == (19, 24, 5)
    assert text[last.start : last.end] == last.text == "funds"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's O’Dwyer's day", ["It's", "O’Dwyer's", "day"]),
        ("rock'n'roll and ʼtwas", ["rock'n'roll", "and", "ʼtwas"]),  # ʼ is a letter
        ("the 'quoted' students' hall", ["the", "quoted", "students", "hall"]),
        ("a well-known café", ["well", "known", "café"]),
    ],
    ids=["apostrophes", "modifier-apostrophe", "quotes", "hyphens-accents"],
)
def test_apostrophes_belong_to_words_and_quotes_do_not(text: str, expected: list[str]) -> None:
    assert checked(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://exmaple.com/teh?x=1 now", ["see", "now"]),
        ("or www.rte.ie/nwes today", ["or", "today"]),
        ("mail joe.blogs@exmaple.ie today", ["mail", "today"]),
        ("the [reprot in full](http://x.org/teh) here", ["the", "reprot", "in", "full", "here"]),
        ('[text](http://x.org "titel")', ["text"]),
        ("<https://exmaple.com> and <b>bold</b>&nbsp;x", ["and", "bold"]),
        ("run `pip instal copydesk` now", ["run", "now"]),
        ("[1]: http://exmaple.com/teh", []),
        ("file reprot.pdf attached", ["file", "attached"]),
    ],
    ids=[
        "url",
        "www",
        "email",
        "link-target",
        "link-title",
        "autolink-html",
        "code",
        "ref",
        "file",
    ],
)
def test_addresses_link_targets_and_code_are_not_prose(text: str, expected: list[str]) -> None:
    assert checked(text) == expected


def test_numbers_single_letters_and_capitals_are_skipped() -> None:
    assert checked("The HSE and GAA met on the 2nd at 10am on the M50 in A4 size, I think") == [
        "The",
        "and",
        "met",
        "on",
        "the",
        "at",
        "on",
        "the",
        "in",
        "size",
        "think",
    ]


def test_markdown_marks_are_not_part_of_words() -> None:
    assert checked("# Hedline with **bolld** and _itallic_ > and snake_case") == [
        "Hedline",
        "with",
        "bolld",
        "and",
        "itallic",
        "and",
        "snake",
        "case",
    ]


def test_a_whole_text_gives_each_word_once() -> None:
    assert unique_words("recieve the\nthe recieve `teh`\n") == {"recieve", "the"}
