"""Reading and writing articles in the newsroom archive's plain-text format.

The layout (title, comment count, body, footer, author bio, numbered comments, "Leave A
Comment") is described in docs/format.md. Reading is strict about structure, so that a file read
without repairs is written back byte for byte, and lenient only about the encoding accidents
that Windows tools cause; those are repaired and reported in `ParsedArticle.repairs`.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

_FOOTER = "About Author"
_SHARE = "Share."
_LAST = "Leave A Comment"
_FURTHER = "    "  # a further paragraph of the same comment
_TEXT = "text (UTF-8 or Windows-1252)"
_FOUND_LIMIT = 60
# Nine digits keep int() far from Python's limit on long digit strings.
_COUNT_LINE = re.compile(r"([0-9]{1,9}) Comments?")
_DIGITS = re.compile(r"[0-9]+")


class _Note(str):
    """What was found, described in words: shown as is, where file content is quoted."""


_EMPTY_FILE = _Note("an empty file")
_END_OF_FILE = _Note("the end of the file")
_BINARY = _Note("binary data")
_CUT_OFF = "the rest of the file (it stops in the middle of a character)"
_TWO_BLANKS = "a blank line (two blank lines end the article text)"


class FormatError(ValueError):
    """A file that is not a well-formed article."""

    def __init__(
        self,
        expected: str,
        *,
        line: int | None = None,
        found: str | None = None,
        path: str | None = None,
    ) -> None:
        self.expected = expected
        self.line = line
        self.found = found
        self.path = path
        super().__init__(str(self))

    def with_path(self, path: str) -> FormatError:
        """A copy of this error that names the file it is about."""
        return type(self)(self.expected, line=self.line, found=self.found, path=path)

    def __str__(self) -> str:
        parts = [] if self.path is None else [self.path]
        if self.line is not None:
            parts.append(f"line {self.line}")
        message = f"expected {self.expected}"
        if self.found is not None:
            message += f", found {_show(self.found)}"
        return ": ".join([*parts, message])

    def __reduce__(self) -> tuple[object, ...]:
        # The default would call FormatError(message) and lose line, found and path, e.g.
        # when an import runs in another process.
        rebuild = functools.partial(type(self), line=self.line, found=self.found, path=self.path)
        return (rebuild, (self.expected,))


def _show(found: str) -> str:
    if isinstance(found, _Note):
        return str(found)
    if len(found) > _FOUND_LIMIT:
        found = found[: _FOUND_LIMIT - 1] + "…"
    return repr(found)


@dataclass(frozen=True)
class ParsedComment:
    """One reader comment; each paragraph is a single line of text."""

    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @classmethod
    def from_text(cls, text: str) -> ParsedComment:
        return cls(tuple(text.split("\n\n")))


@dataclass(frozen=True)
class ParsedArticle:
    """The content of one article file."""

    title: str
    body: str
    bio: str
    comments: tuple[ParsedComment, ...] = ()
    # Repairs describe the file, not the article: a repaired file holds the same article.
    repairs: tuple[str, ...] = field(default=(), compare=False)


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The text of a file, with "\\n" line endings, and the repairs that took."""
    repairs: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        repairs.append("byte-order mark")
    nul = data.find(b"\0")
    if nul >= 0:
        # Articles never contain NUL; it means a binary file (or UTF-16, never used here).
        raise FormatError(_TEXT, line=data.count(b"\n", 0, nul) + 1, found=_BINARY)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            # UTF-8 cut off inside a character: the file is truncated, and Windows-1252 would
            # either misread it or call it binary.
            line = data.count(b"\n") + 1
            raise FormatError(_CUT_OFF, line=line, found=_END_OF_FILE) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FormatError(_TEXT, found=_BINARY) from None
        repairs.append("Windows-1252 encoding")
    return _normalize(text, repairs)


def _normalize(text: str, repairs: list[str]) -> tuple[str, tuple[str, ...]]:
    if text.startswith("\ufeff"):
        # Also left by reading a file as "utf-8" rather than "utf-8-sig".
        text = text.lstrip("\ufeff")
        if "byte-order mark" not in repairs:
            repairs.append("byte-order mark")
    nul = text.find("\0")
    if nul >= 0:
        raise FormatError(_TEXT, line=_line_at(text, nul), found=_BINARY)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
        repairs.append("Windows line endings")
    stray = text.find("\r")
    if stray >= 0:
        found = _Note("a carriage return on its own")
        raise FormatError("Windows or Unix line endings", line=_line_at(text, stray), found=found)
    if text.endswith("\n"):
        text = text.rstrip("\n")
        repairs.append("newline after the last line")
    try:
        # Unpaired surrogates cannot be stored; refuse them here rather than on export.
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        found = _Note("a character UTF-8 cannot store")
        raise FormatError(_TEXT, line=_line_at(text, error.start), found=found) from None
    return text, tuple(repairs)


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def parse_text(text: str) -> ParsedArticle:
    """The article in `text`; raises FormatError, naming the line, if it is not one."""
    normal, repairs = _normalize(text, [])
    return _parse(normal, repairs)


def parse_bytes(data: bytes, path: str | None = None) -> ParsedArticle:
    """The article in a file's content; a FormatError names `path` when given."""
    try:
        text, repairs = decode(data)
        return _parse(text, repairs)
    except FormatError as error:
        if path is None:
            raise
        raise error.with_path(path) from None


def parse_file(path: str | os.PathLike[str]) -> ParsedArticle:
    """The article in a file; a FormatError names the file, also when it cannot be read."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = getattr(error, "strerror", None) or str(error)
        raise FormatError("a readable file", path=name, found=_Note(reason)) from error
    return parse_bytes(data, name)


def _count_line(count: int) -> str:
    return "1 Comment" if count == 1 else f"{count} Comments"


def _comments(count: int) -> str:
    return "1 comment" if count == 1 else f"{count} comments"


class _Lines:
    """The lines of a file, and the checks the layout makes on them."""

    def __init__(self, text: str) -> None:
        # Not splitlines(): form feeds, U+2028 and the like are text within a line.
        self.lines = text.split("\n")

    def at(self, index: int, expected: str) -> str:
        if index >= len(self.lines):
            raise FormatError(expected, line=index + 1, found=_END_OF_FILE)
        return self.lines[index]

    def fail(self, index: int, expected: str) -> NoReturn:
        raise FormatError(expected, line=index + 1, found=self.at(index, expected))

    def exactly(self, index: int, wanted: str, expected: str) -> None:
        if self.at(index, expected) != wanted:
            self.fail(index, expected)

    def blank(self, index: int, expected: str = "a blank line") -> None:
        self.exactly(index, "", expected)

    def text(self, index: int, expected: str) -> str:
        line = self.at(index, expected)
        if not line.strip():
            self.fail(index, expected)
        return line

    def after(self, index: int, prefix: str, expected: str) -> str:
        text = self.at(index, expected)[len(prefix) :]
        if not text:
            self.fail(index, expected)
        return text

    def above(self, footer: int, offset: int) -> int:
        index = footer - offset
        if index < 4:  # the footer reaches into the header: there is no body at all
            self.fail(4, "the article text")
        return index

    def count(self, index: int, header: int) -> int:
        line = self.at(index, f'"{_count_line(header)}"')
        match = _COUNT_LINE.fullmatch(line)
        if match is None:
            self.fail(index, f'"{_count_line(header)}"')
        count = int(match[1])
        if line != _count_line(count):  # "1 Comments", "2 Comment", "02 Comments"
            self.fail(index, f'"{_count_line(count)}"')
        return count


def _parse(text: str, repairs: tuple[str, ...]) -> ParsedArticle:
    if not text:
        raise FormatError("a title on line 1", line=1, found=_EMPTY_FILE)
    lines = _Lines(text)
    title = lines.text(0, "a title on line 1")
    lines.blank(1)
    header = _header_count(lines)
    lines.blank(3)

    footer = _find_footer(lines.lines)
    if footer < 0:
        where = len(lines.lines)
        raise FormatError(f'"{_FOOTER}" after the article text', line=where + 1, found=_END_OF_FILE)
    lines.blank(lines.above(footer, 1))
    lines.exactly(lines.above(footer, 2), _SHARE, f'"{_SHARE}"')
    footer_count = lines.count(lines.above(footer, 3), header)
    lines.blank(lines.above(footer, 4), _TWO_BLANKS)
    lines.blank(lines.above(footer, 5), _TWO_BLANKS)
    body = lines.lines[4 : footer - 5]
    if not any(line.strip() for line in body):
        lines.fail(4, "the article text")

    lines.blank(footer + 1)
    bio = lines.text(footer + 2, "the author bio (one line)")
    lines.blank(footer + 3, "a blank line after the author bio (the bio is a single line)")

    start = footer + 4
    if header == 0:
        expected = f'"{_LAST}" as the last line'
    else:
        expected = f'"{_count_line(header)}" to start the comments'
    first = lines.at(start, expected)
    block_count: int | None = None
    comments: list[ParsedComment] = []
    starts: list[int] = []
    end = start
    if first != _LAST:
        if not _COUNT_LINE.fullmatch(first):
            lines.fail(start, expected)
        block_count = lines.count(start, header)
        lines.blank(start + 1)
        comments, starts, end = _parse_comments(lines, start + 2, header)
    if end != len(lines.lines) - 1:
        lines.fail(end + 1, f'the end of the file after "{_LAST}"')

    # Counts are compared only once the layout is known to be sound, comments listed first:
    # a header that is off by one is then reported as such, not as a stray line somewhere.
    if len(comments) != header:
        where = starts[header] if len(comments) > header else end
        found = _Note(str(len(comments)))
        raise FormatError(
            f"{_comments(header)} as the header on line 3 says", line=where + 1, found=found
        )
    as_header = f'"{_count_line(header)}" as the header on line 3 says'
    if footer_count != header:
        lines.fail(footer - 3, as_header)
    if block_count is not None:
        if block_count != header:
            lines.fail(start, as_header)
        if not comments:  # an empty list would not be written back, so not byte for byte
            lines.fail(start, f'"{_LAST}" (there are no comments to list)')
    return ParsedArticle(title, "\n".join(body), bio, tuple(comments), repairs)


def _header_count(lines: _Lines) -> int:
    digits = lines.at(2, "the comment count (digits only)")
    if not _DIGITS.fullmatch(digits):
        lines.fail(2, "the comment count (digits only)")
    if len(digits) > 9 or digits != str(int(digits)):  # length first: int() limits digits
        lines.fail(2, "the comment count, at most 9 digits without leading zeros")
    return int(digits)


def _find_footer(lines: list[str]) -> int:
    # Comment lines are indented, so the last "About Author" is the footer's, unless the bio
    # itself reads "About Author": then the footer is two lines above. Lines 1-4 are checked.
    for index in range(len(lines) - 1, 3, -1):
        if lines[index] == _FOOTER:
            if lines[index - 2] == _FOOTER and lines[index - 1] == "":
                return index - 2
            return index
    return -1


def _parse_comments(
    lines: _Lines, index: int, header: int
) -> tuple[list[ParsedComment], list[int], int]:
    """The comments from `index` on, the index of each one's first line, and of the last line.

    The numbering, not the header, decides how many comments there are, so that a wrong
    header is reported as a wrong count.
    """
    comments: list[ParsedComment] = []
    starts: list[int] = []
    while True:
        number = len(comments) + 1
        prefix = f"  {number}. "
        if number <= header:
            expected = f'comment {number} to start with "{prefix}"'
        else:
            expected = f'"{_LAST}" as the last line'
        line = lines.at(index, expected)
        if line == _LAST:
            return comments, starts, index
        if not line.startswith(prefix):
            lines.fail(index, expected)
        starts.append(index)
        paragraphs = [lines.after(index, prefix, f"the text of comment {number}")]
        lines.blank(index + 1)
        index += 2
        while index < len(lines.lines) and lines.lines[index].startswith(_FURTHER):
            expected = f"the text of paragraph {len(paragraphs) + 1} of comment {number}"
            paragraphs.append(lines.after(index, _FURTHER, expected))
            lines.blank(index + 1)
            index += 2
        comments.append(ParsedComment(tuple(paragraphs)))


def write_text(article: ParsedArticle) -> str:
    """The article in the canonical form; raises ValueError if it cannot be written."""
    check_writable(article)
    count = len(article.comments)
    lines = [article.title, "", str(count), "", *article.body.split("\n"), "", ""]
    lines += [_count_line(count), _SHARE, "", _FOOTER, "", article.bio, ""]
    if count:
        lines += [_count_line(count), ""]
        for number, comment in enumerate(article.comments, 1):
            first, *further = comment.paragraphs
            lines += [f"  {number}. {first}", ""]
            for paragraph in further:
                lines += [_FURTHER + paragraph, ""]
    lines.append(_LAST)
    return "\n".join(lines)


def write_bytes(article: ParsedArticle) -> bytes:
    """The article as file content: UTF-8 without a byte-order mark."""
    return write_text(article).encode("utf-8")


def check_writable(article: ParsedArticle) -> None:
    """Raises ValueError, saying why, if the article cannot be written and read back."""
    fields = [("the title", article.title), ("the body", article.body)]
    fields.append(("the author bio", article.bio))
    for number, comment in enumerate(article.comments, 1):
        if not comment.paragraphs:
            _refuse(f"comment {number} has no text")
        for index, paragraph in enumerate(comment.paragraphs, 1):
            name = f"paragraph {index} of comment {number}"
            fields.append((name, paragraph))
            if not paragraph:
                _refuse(f"{name} is empty")
    for name, value in fields:
        if "\r" in value:
            _refuse(f"{name} contains a carriage return")
        if "\0" in value:
            _refuse(f"{name} contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            _refuse(f"{name} contains a character UTF-8 cannot store")
        if name != "the body" and "\n" in value:
            _refuse(f"{name} is more than one line")
    if not article.title.strip():
        _refuse("the title is blank")
    if article.title.startswith("\ufeff"):
        # Reading would take it for a byte-order mark and drop it.
        _refuse("the title starts with a byte-order mark (U+FEFF)")
    if not article.bio.strip():
        _refuse("the author bio is blank")
    if not any(line.strip() for line in article.body.split("\n")):
        _refuse("the body has no text")


def _refuse(reason: str) -> NoReturn:
    raise ValueError(f"cannot write the article as text: {reason}")
