"""The plain-text article format: the real samples, the variants users hand us, refusals."""

from __future__ import annotations

import codecs
import pickle
from pathlib import Path

import pytest

from database.textformat import (
    FormatError,
    ParsedArticle,
    ParsedComment,
    decode,
    parse_bytes,
    parse_file,
    parse_text,
    write_bytes,
    write_text,
)

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
NO_COMMENTS = SAMPLES / "child-protection-good.txt"
TWO_COMMENTS = SAMPLES / "swift-action-social-care.txt"

# A canonical file with one comment, written out by hand rather than by the writer under test.
# Its title and body hold the characters Windows-1252 stores as single bytes.
ONE_COMMENT = "\n".join(
    [
        "Council pledges £5m for “better” care",
        "",
        "1",
        "",
        "The money – all of it – goes to the “front line”.",
        "",
        "",
        "1 Comment",
        "Share.",
        "",
        "About Author",
        "",
        "Reporter for the Guardian since 1999.",
        "",
        "1 Comment",
        "",
        "  1. About time too.",
        "",
        "Leave A Comment",
    ]
)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def refuse(data: str | bytes) -> FormatError:
    with pytest.raises(FormatError) as caught:
        if isinstance(data, bytes):
            parse_bytes(data)
        else:
            parse_text(data)
    return caught.value


def replace_line(text: str, index: int, new: str | None) -> str:
    """`text` with line `index` (0-based, negative from the end) replaced, or deleted if None."""
    lines = text.split("\n")
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    return "\n".join(lines)


# --- the real samples ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [NO_COMMENTS, TWO_COMMENTS], ids=lambda path: path.name)
def test_samples_round_trip_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    article = parse_bytes(data)
    assert article.repairs == ()
    assert write_bytes(article) == data
    assert parse_file(path) == article
    assert parse_file(str(path)) == article


def test_sample_without_comments() -> None:
    article = parse_file(NO_COMMENTS)
    assert article.title == "Child protection good – but could be better"
    assert article.comments == ()
    assert article.body.startswith("A RIGOROUS inspection")
    assert article.body.endswith("Cllr Colin Froggatt.")
    assert article.bio.startswith("Experienced journalist") and "\n" not in article.bio


def test_sample_with_two_comments() -> None:
    article = parse_file(TWO_COMMENTS)
    assert article.title == "Swift action on children's social care"
    first, second = article.comments
    assert first.paragraphs == (
        "“we have support from high calibre front line staff and managers”",
        "What has happened to the low calibre front line staff and managers who haven’t been "
        "invited on this improvement journey?",
    )
    assert first.text == "\n\n".join(first.paragraphs)
    assert len(second.paragraphs) == 1
    assert second.paragraphs[0].startswith("“Coun Sheila Woodyatt")
    assert article.body.split("\n")[-1].startswith("Progress is being closely monitored")


# --- well-formed variants ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "repairs"),
    [
        (ONE_COMMENT.replace("\n", "\r\n").encode(), ("Windows line endings",)),
        (codecs.BOM_UTF8 + ONE_COMMENT.encode(), ("byte-order mark",)),
        (ONE_COMMENT.encode("cp1252"), ("Windows-1252 encoding",)),
        ((ONE_COMMENT + "\n").encode(), ("newline after the last line",)),
        ((ONE_COMMENT + "\n\n\n").encode(), ("newline after the last line",)),
        (
            codecs.BOM_UTF8 + (ONE_COMMENT + "\n").replace("\n", "\r\n").encode(),
            ("byte-order mark", "Windows line endings", "newline after the last line"),
        ),
        (
            (ONE_COMMENT + "\n").replace("\n", "\r\n").encode("cp1252"),
            ("Windows-1252 encoding", "Windows line endings", "newline after the last line"),
        ),
    ],
    ids=["crlf", "bom", "cp1252", "trailing-newline", "trailing-newlines", "bom-crlf", "all"],
)
def test_repaired_variants_come_back_canonical(data: bytes, repairs: tuple[str, ...]) -> None:
    article = parse_bytes(data)
    assert article == parse_text(ONE_COMMENT)
    assert article.repairs == repairs
    assert write_bytes(article) == ONE_COMMENT.encode("utf-8")


def test_windows_1252_bytes_are_read_as_such() -> None:
    data = ONE_COMMENT.encode("cp1252")
    assert b"\x93better\x94" in data and b"\xa35m" in data
    article = parse_bytes(data)
    assert article.title == "Council pledges £5m for “better” care"
    assert "– all of it –" in article.body


def test_decode_and_parse_text_repair_the_same_things() -> None:
    assert decode(b"\xef\xbb\xbfA\r\nB\r\n") == (
        "A\nB",
        ("byte-order mark", "Windows line endings", "newline after the last line"),
    )
    assert decode(b"\x93A\x94") == ("“A”", ("Windows-1252 encoding",))
    article = parse_text("\ufeff" + ONE_COMMENT.replace("\n", "\r\n") + "\r\n")
    assert article == parse_text(ONE_COMMENT)
    assert article.repairs == (
        "byte-order mark",
        "Windows line endings",
        "newline after the last line",
    )


def test_one_comment_uses_the_singular() -> None:
    article = parse_text(ONE_COMMENT)
    assert article.comments == (ParsedComment(("About time too.",)),)
    assert write_text(article) == ONE_COMMENT
    assert write_text(article).count("\n1 Comment\n") == 2


def test_twelve_comments_number_past_ten() -> None:
    comments = tuple(ParsedComment((f"Comment number {n}.",)) for n in range(1, 13))
    article = ParsedArticle("Title", "Body.", "Bio.", comments)
    text = write_text(article)
    lines = text.split("\n")
    assert lines[2] == "12"
    assert lines.count("12 Comments") == 2
    assert "  9. Comment number 9." in lines
    assert "  10. Comment number 10." in lines
    assert "  12. Comment number 12." in lines
    assert parse_text(text) == article


def test_numbers_and_spaces_at_the_start_of_comment_text_are_text() -> None:
    text = write_text(parse_text(ONE_COMMENT)).replace(
        "  1. About time too.",
        "  1. 3. is the point I made.\n\n    5. and this one.\n\n      Indented.\n\n    2. ",
    )
    article = parse_text(text)
    assert article.comments[0].paragraphs == (
        "3. is the point I made.",
        "5. and this one.",
        "  Indented.",
        "2. ",
    )
    assert write_text(article) == text


def test_blank_lines_in_the_body_round_trip() -> None:
    for body in ["First.\n\nSecond.\n\n\nThird.", "\nAfter a blank line.", "Before two.\n\n"]:
        article = ParsedArticle("Title", body, "Bio.")
        text = write_text(article)
        assert parse_text(text) == article
        assert write_text(parse_text(text)) == text
    lines = write_text(ParsedArticle("T", "A\n\nB", "Bio.")).split("\n")
    assert lines[4:10] == ["A", "", "B", "", "", "0 Comments"]


def test_markdown_and_html_characters_are_kept_verbatim() -> None:
    risky = "*bold* _under_ <script>alert('x')</script> [x](javascript:alert(1)) &amp; \\*"
    article = ParsedArticle(
        title=f"<b>{risky}</b>",
        body=f"# Not a heading\n{risky}\n> quote",
        bio=risky,
        comments=(ParsedComment((risky, f"    {risky}")),),
    )
    data = write_bytes(article)
    assert data.count(risky.encode()) == 5
    assert parse_bytes(data) == article
    assert write_bytes(parse_bytes(data)) == data


def test_footer_words_inside_body_and_bio_do_not_confuse_the_reader() -> None:
    article = ParsedArticle(
        title="About Author",
        body="About Author\nShare.\n\n\n2 Comments\nLeave A Comment\n  1. not a comment",
        bio="About Author",
        comments=(ParsedComment(("About Author",)), ParsedComment(("Leave A Comment",))),
    )
    text = write_text(article)
    assert parse_text(text) == article
    assert write_text(parse_text(text)) == text
    assert parse_text(text.replace("  2. Leave A Comment", "  2. x")).bio == "About Author"


def test_empty_comment_list_round_trips_without_a_block() -> None:
    article = parse_text(ONE_COMMENT)
    bare = ParsedArticle(article.title, article.body, article.bio)
    lines = write_text(bare).split("\n")
    assert lines[-3:] == ["Reporter for the Guardian since 1999.", "", "Leave A Comment"]
    assert lines[2] == "0" and lines[7] == "0 Comments"


def test_comment_text_conversion() -> None:
    comment = ParsedComment.from_text("One.\n\nTwo.")
    assert comment.paragraphs == ("One.", "Two.")
    assert comment.text == "One.\n\nTwo."


# --- refusals ----------------------------------------------------------------------------------


def test_empty_file() -> None:
    for data in [b"", b"\n\n", b"\xef\xbb\xbf", b"\r\n"]:
        error = refuse(data)
        assert error.line == 1
        assert str(error) == "line 1: expected a title on line 1, found an empty file"
    assert refuse("   \n\n0").expected == "a title on line 1"


def test_binary_data() -> None:
    error = refuse(b"Title\n\n0\n\x00\x01PK\x03\x04")
    assert error.line == 4
    assert "expected text (UTF-8 or Windows-1252)" in str(error)
    error = refuse(b"GIF89a\x81\x8d\x8f\x90\x9d")  # undefined in Windows-1252 too
    assert error.line is None
    assert str(error) == "expected text (UTF-8 or Windows-1252), found binary data"
    assert refuse("Title\n\x00").line == 2


def test_lone_carriage_return() -> None:
    error = refuse("Title\r\n\r\n0\rBody")
    assert error.line == 3
    assert "line endings" in error.expected


def test_truncated_in_the_body() -> None:
    data = TWO_COMMENTS.read_bytes()
    cut = data[: len(data) // 2]
    error = refuse(cut)
    assert error.line == cut.rstrip(b"\n").count(b"\n") + 2
    assert '"About Author"' in str(error)
    assert "the end of the file" in str(error)


def test_truncated_in_the_middle_of_a_character() -> None:
    data = TWO_COMMENTS.read_bytes()
    cut = data[: data.index("’".encode()) + 1]
    error = refuse(cut)
    assert error.line == cut.count(b"\n") + 1
    assert "the middle of a character" in str(error)
    assert str(error).endswith("found the end of the file")


def test_truncated_in_the_comments() -> None:
    lines = lines_of(TWO_COMMENTS)
    error = refuse("\n".join(lines[:-4]))
    assert error.line == len(lines) - 3
    assert str(error).endswith("expected a blank line, found the end of the file")
    error = refuse("\n".join(lines[:-1]))
    assert error.line == len(lines) - 1
    assert "found the end of the file" in str(error)


def test_shopping_list() -> None:
    error = refuse("Eggs\nMilk\nBread\n")
    assert error.line == 2
    assert str(error) == "line 2: expected a blank line, found 'Milk'"
    error = refuse("Shopping list\n\nEggs\nMilk")
    assert error.line == 3
    assert "expected the comment count (digits only), found 'Eggs'" in str(error)


def test_header_count_disagrees_with_comments_listed() -> None:
    lines = lines_of(TWO_COMMENTS)
    error = refuse(replace_line("\n".join(lines), 2, "3"))
    assert error.line == len(lines)  # where a third comment should have started
    assert "expected 3 comments as the header on line 3 says, found 2" in str(error)
    error = refuse(replace_line("\n".join(lines), 2, "1"))
    assert error.line == len(lines) - 2  # where the second comment starts
    assert "expected 1 comment as the header on line 3 says, found 2" in str(error)
    error = refuse(replace_line(ONE_COMMENT, 2, "0"))
    assert error.line == 17
    assert "expected 0 comments as the header on line 3 says, found 1" in str(error)


def test_footer_or_block_count_disagrees() -> None:
    error = refuse(replace_line(ONE_COMMENT, 7, "2 Comments"))
    assert error.line == 8
    assert 'expected "1 Comment" as the header on line 3 says' in str(error)
    error = refuse(replace_line(ONE_COMMENT, 14, "2 Comments"))
    assert error.line == 15
    assert 'expected "1 Comment" as the header on line 3 says' in str(error)


def test_wrong_comment_numbering() -> None:
    lines = lines_of(TWO_COMMENTS)
    second = next(i for i, line in enumerate(lines) if line.startswith("  2. "))
    error = refuse(replace_line("\n".join(lines), second, "  3. " + lines[second][5:]))
    assert error.line == second + 1
    assert 'expected comment 2 to start with "  2. "' in str(error)
    error = refuse(ONE_COMMENT.replace("  1. About", " 1. About"))
    assert error.line == 17
    assert 'expected comment 1 to start with "  1. "' in str(error)


def test_missing_share() -> None:
    lines = lines_of(TWO_COMMENTS)
    share = lines.index("Share.")
    error = refuse(replace_line("\n".join(lines), share, None))
    assert error.line == share  # the footer count now sits where "Share." should be
    assert str(error) == f"line {share}: expected \"Share.\", found '2 Comments'"


@pytest.mark.parametrize(
    ("wrong", "right"), [("1 Comments", '"1 Comment"'), ("01 Comment", '"1 Comment"')]
)
def test_singular_count_line(wrong: str, right: str) -> None:
    error = refuse(ONE_COMMENT.replace("1 Comment", wrong))
    assert error.line == 8
    assert f"expected {right}, found {wrong!r}" in str(error)


def test_plural_count_line() -> None:
    text = TWO_COMMENTS.read_text(encoding="utf-8").replace("\n2 Comments\n", "\n2 Comment\n", 1)
    error = refuse(text)
    assert "expected \"2 Comments\", found '2 Comment'" in str(error)


# The header, a one-line body and the blank lines that end it; then the footer up to the bio.
TOP = "T\n\n0\n\nB\n\n\n"
FOOT = "0 Comments\nShare.\n\nAbout Author\n\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("Title\n\ntwo\n\nBody", 3, "the comment count (digits only)"),
        ("Title\n\n01\n\nBody", 3, "without leading zeros"),
        ("Title\n\n" + "9" * 5000 + "\n\nBody", 3, "at most 9 digits"),
        ("Title\n\n1234567890\n\nBody", 3, "at most 9 digits"),
        ("Title\n\n0\nBody", 4, "expected a blank line, found 'Body'"),
        ("Title\n\n0", 4, "expected a blank line, found the end of the file"),
        ("Title\n\n0\n\nBody", 6, '"About Author" after the article text'),
        ("T\n\n0\n\nAbout Author\n\nBio\n\nLeave A Comment", 5, "expected the article text"),
        ("T\n\n0\n\n\n\n" + FOOT + "B\n\nLeave A Comment", 5, "the article text"),
        ("T\n\n0\n\n \n\n\n" + FOOT + "B\n\nLeave A Comment", 5, "the article text"),
        ("T\n\n0\n\nB\n\n" + FOOT + "B\n\nLeave A Comment", 5, "two blank lines end"),
        (TOP + "0 Comments\nShare.\nAbout Author\n\nB\n\nLeave A Comment", 9, "a blank line"),
        (TOP + "0 Comment\nShare.\n\nAbout Author\n\nX\n\nLeave A Comment", 8, '"0 Comments"'),
        (TOP + "Comments\nShare.\n\nAbout Author\n\nX\n\nLeave A Comment", 8, '"0 Comments"'),
        (TOP + "0 Comments\nShare.\n\nAbout Author\nX\n\nLeave A Comment", 12, "a blank line"),
        (TOP + FOOT + " \n\nLeave A Comment", 13, "the author bio"),
        (TOP + FOOT + "X\nY\n\nLeave A Comment", 14, "the bio is a single line"),
        (TOP + FOOT + "X\n\nLeave a comment", 15, '"Leave A Comment" as the last line'),
        (TOP + FOOT + "X\n\nLeave A Comment\nP.S.", 16, "the end of the file after"),
        (TOP + FOOT + "X\n\n0 Comments\n\nLeave A Comment", 15, "no comments"),
    ],
)
def test_layout_refusals(text: str, line: int, fragment: str) -> None:
    error = refuse(text)
    assert error.line == line
    assert fragment in str(error)


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("  1. About time too.", "  1. ", 17, "the text of comment 1"),
        (
            "  1. About time too.\n",
            "  1. About time too.\n\n    \n",
            19,
            "paragraph 2 of comment 1",
        ),
        ("  1. About time too.\n\n", "  1. About time too.\n", 18, "a blank line"),
        ("1 Comment\n\n  1.", "1 Comment\n  1.", 16, "a blank line"),
        ("\n1 Comment\n\n  1. About", "\n  1. About", 15, '"1 Comment" to start the comments'),
        ("About time too.\n\n", "About time too.\n\n   Three spaces.\n\n", 19, '"Leave A Comment"'),
    ],
)
def test_comment_refusals(old: str, new: str, line: int, fragment: str) -> None:
    assert old in ONE_COMMENT
    error = refuse(ONE_COMMENT.replace(old, new))
    assert error.line == line
    assert fragment in str(error)


# --- the error itself --------------------------------------------------------------------------


def test_error_message_parts() -> None:
    error = FormatError("a blank line", line=3, found="x" * 100)
    assert error.path is None
    shown = str(error)
    assert shown.startswith("line 3: expected a blank line, found 'xxx")
    assert shown.endswith("x…'") and "x" * 60 not in shown
    named = error.with_path("a/b.txt")
    assert str(named) == "a/b.txt: " + shown
    assert named.line == 3 and named.expected == "a blank line" and error.path is None
    assert str(FormatError("a readable file", path="x.txt")) == "x.txt: expected a readable file"
    assert isinstance(error, ValueError)


def test_error_survives_pickling() -> None:
    error = refuse(b"").with_path("empty.txt")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.expected, copy.line, copy.path, str(copy)) == (
        error.expected,
        error.line,
        "empty.txt",
        str(error),
    )


def test_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError) as caught:
        parse_bytes(b"Eggs\nMilk", "shopping.txt")
    assert caught.value.path == "shopping.txt"
    assert str(caught.value).startswith("shopping.txt: line 2: ")
    (tmp_path / "list.txt").write_bytes(b"Eggs\nMilk")
    with pytest.raises(FormatError) as caught:
        parse_file(tmp_path / "list.txt")
    assert caught.value.path == str(tmp_path / "list.txt")
    with pytest.raises(FormatError) as caught:
        parse_file(tmp_path / "missing.txt")
    assert caught.value.expected == "a readable file"
    assert caught.value.path == str(tmp_path / "missing.txt")
    with pytest.raises(FormatError):
        parse_file(tmp_path)
