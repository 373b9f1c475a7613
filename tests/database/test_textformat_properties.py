"""Properties of the text format: writing then reading is the identity; no input crashes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from database.textformat import (
    FormatError,
    ParsedArticle,
    ParsedComment,
    check_writable,
    parse_bytes,
    parse_text,
    write_bytes,
    write_text,
)

# --- properties --------------------------------------------------------------------------------

TRICKY = [
    "About Author",
    "Share.",
    "Leave A Comment",
    "0 Comments",
    "1 Comment",
    "2 Comments",
    "  1. x",
    "    y",
    "3. ",
    "5. and so on",
    " ",
    "  ",
    "\u2028",
    "\x0c",
    "\x85",
    "*bold* _it_ <script>x</script> [x](javascript:y)",
    "£ “quoted”",
    "\ufeff",
]
LINE = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\x00"), max_size=20),
    st.sampled_from(TRICKY),
)
NON_BLANK = LINE.filter(lambda text: bool(text.strip()))
PARAGRAPH = LINE.filter(bool)
ARTICLES = st.builds(
    ParsedArticle,
    title=NON_BLANK.filter(lambda text: not text.startswith("\ufeff")),
    body=st.lists(LINE, min_size=1, max_size=8)
    .filter(lambda lines: any(line.strip() for line in lines))
    .map("\n".join),
    bio=NON_BLANK,
    comments=st.lists(
        st.lists(PARAGRAPH, min_size=1, max_size=3).map(lambda ps: ParsedComment(tuple(ps))),
        max_size=12,
    ).map(tuple),
)
# Lines a mutation may put in, beyond arbitrary ones: near misses of the layout.
MUTANT = st.one_of(
    LINE,
    st.sampled_from(["", "\r", "x\x00", "  1. ", "    ", "1 Comments", "3", "007", "\ud800"]),
)
# No example database: the tests leave nothing behind in the working copy.
PROPERTY = settings(max_examples=250, deadline=None, database=None)


@PROPERTY
@given(ARTICLES)
def test_writable_articles_round_trip(article: ParsedArticle) -> None:
    check_writable(article)
    text = write_text(article)
    parsed = parse_text(text)
    assert parsed == article
    assert parsed.repairs == ()
    assert write_text(parsed) == text
    data = write_bytes(article)
    assert data == text.encode("utf-8")
    assert parse_bytes(data) == article
    assert write_bytes(parse_bytes(data)) == data


def assert_only_format_errors(parse: Callable[[Any], ParsedArticle], data: str | bytes) -> None:
    try:
        article = parse(data)
    except FormatError as error:
        assert error.line is None or error.line >= 1
        assert str(error).count("expected ") >= 1
    else:
        # Whatever is accepted can be written back, and reads the same again.
        assert isinstance(article, ParsedArticle)
        assert parse_text(write_text(article)) == article


@PROPERTY
@given(st.binary())
def test_any_bytes_raise_only_format_errors(data: bytes) -> None:
    assert_only_format_errors(parse_bytes, data)


@PROPERTY
@given(st.text())
def test_any_text_raises_only_format_errors(text: str) -> None:
    assert_only_format_errors(parse_text, text)


@PROPERTY
@given(ARTICLES, st.data())
def test_mutated_articles_are_read_or_refused(article: ParsedArticle, data: st.DataObject) -> None:
    lines = write_text(article).split("\n")
    index = data.draw(st.integers(0, len(lines) - 1), label="index")
    change = data.draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "swap"]))
    if change == "delete":
        del lines[index]
    elif change == "duplicate":
        lines.insert(index, lines[index])
    elif change == "replace":
        lines[index] = data.draw(MUTANT, label="new line")
    elif change == "insert":
        lines.insert(index, data.draw(MUTANT, label="new line"))
    else:
        other = data.draw(st.integers(0, len(lines) - 1), label="other")
        lines[index], lines[other] = lines[other], lines[index]
    mutated = "\n".join(lines)
    try:
        parsed = parse_text(mutated)
    except FormatError as error:
        assert error.line is not None
        assert 1 <= error.line <= len(lines) + 1
        return
    assert parse_text(write_text(parsed)) == parsed
    if not parsed.repairs:
        # The reader accepts only the canonical form: what it took, it writes back unchanged.
        assert write_text(parsed) == mutated
