"""Word-level differences between two versions of a text, for the revision history."""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

# A word with the whitespace after it: joined, the tokens give the text back exactly.
_WORD = re.compile(r"(\S+)(\s*)")
_LEADING = re.compile(r"\s*")

Chunk = tuple[str, str]

_INSERT_STYLE = "color:#116329; background-color:#dafbe1; text-decoration:underline;"
_DELETE_STYLE = "color:#a40e26; background-color:#ffebe9; text-decoration:line-through;"


def _tokens(text: str) -> list[tuple[str, str]]:
    """(word, whitespace after it) pairs; whitespace before the first word follows a ""."""
    leading = _LEADING.match(text)
    start = leading.end() if leading else 0
    return [("", text[:start]), *_WORD.findall(text, start)]


def _append(chunks: list[Chunk], op: str, text: str) -> None:
    if not text:
        return
    if chunks and chunks[-1][0] == op:
        chunks[-1] = (op, chunks[-1][1] + text)
    else:
        chunks.append((op, text))


def _diff_words(old: str, new: str, chunks: list[Chunk]) -> None:
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    # Words are matched without their whitespace, so that a word at the end of a paragraph
    # still matches itself once a paragraph is added after it; whitespace is diffed apart.
    # autojunk would treat common words ("the") as noise in long texts and match badly.
    matcher = SequenceMatcher(
        None,
        [word for word, _ in old_tokens],
        [word for word, _ in new_tokens],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            _append(chunks, "delete", "".join(map("".join, old_tokens[i1:i2])))
            _append(chunks, "insert", "".join(map("".join, new_tokens[j1:j2])))
            continue
        for (word, old_space), (_, new_space) in zip(
            old_tokens[i1:i2], new_tokens[j1:j2], strict=True
        ):
            _append(chunks, "equal", word)
            if old_space == new_space:
                _append(chunks, "equal", old_space)
            else:
                _append(chunks, "delete", old_space)
                _append(chunks, "insert", new_space)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The edit from `old` to `new` as ("equal" | "insert" | "delete", text) chunks.

    Joining the equal and delete chunks gives `old`; the equal and insert chunks give `new`.
    """
    chunks: list[Chunk] = []
    # Paragraphs first, words only inside changed paragraphs: matching every word of a long
    # article against every other would be slow and would pair up words across paragraphs.
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(chunks, "equal", "".join(old_lines[i1:i2]))
        else:
            _diff_words("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), chunks)
    return chunks


def _show_breaks(text: str) -> str:
    # An added or removed paragraph break is otherwise invisible.
    return text.replace("\n", "¶\n")


def _styles() -> tuple[str, str]:
    """Insert and delete styles in the colours of the current palette (light or dark)."""
    from PySide6.QtGui import QGuiApplication

    from desktop import theme

    if QGuiApplication.instance() is None:  # no palette to follow outside the app
        return _INSERT_STYLE, _DELETE_STYLE
    found = theme.colors()
    return (
        f"color:{found.inserted_text.name()}; background-color:"
        f"{found.inserted_background.name()}; text-decoration:underline;",
        f"color:{found.deleted_text.name()}; background-color:"
        f"{found.deleted_background.name()}; text-decoration:line-through;",
    )


def diff_html(old: str, new: str) -> str:
    """The difference as rich text: insertions green and underlined, deletions red and struck."""
    inserted, deleted = _styles()
    parts: list[str] = []
    for op, text in word_diff(old, new):
        if op == "equal":
            parts.append(html.escape(text))
        else:
            style = inserted if op == "insert" else deleted
            tag = "ins" if op == "insert" else "del"
            parts.append(
                f'<span class="{tag}" style="{style}">{html.escape(_show_breaks(text))}</span>'
            )
    return f'<div style="white-space: pre-wrap;">{"".join(parts)}</div>'
