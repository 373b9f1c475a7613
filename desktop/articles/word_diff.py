"""Word-level differences between two versions of a text, for the revision history."""

from __future__ import annotations

import html
import itertools
import re
from difflib import SequenceMatcher

# A word with the whitespace after it: joined, the tokens give the text back exactly.
_WORD = re.compile(r"(\S+)(\s*)")
_LEADING = re.compile(r"\s*")

Chunk = tuple[str, str]

_INSERT_STYLE = "color:#116329; background-color:#dafbe1; text-decoration:underline;"
_DELETE_STYLE = "color:#a40e26; background-color:#ffebe9; text-decoration:line-through;"
_SKIP_STYLE = "color:#6e7781; font-style:italic;"
CHANGE_ANCHOR = "change"


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


def _common_trailing_space(one: str, other: str) -> int:
    count = 0
    while (
        count < min(len(one), len(other))
        and one[-1 - count] == other[-1 - count]
        and one[-1 - count].isspace()
    ):
        count += 1
    return count


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
            deleted = "".join(map("".join, old_tokens[i1:i2]))
            inserted = "".join(map("".join, new_tokens[j1:j2]))
            # A paragraph's end after a replaced last word is no change: struck out and put
            # back, it would look like a paragraph break added. (A space stays with its word.)
            kept = _common_trailing_space(deleted, inserted)
            kept = kept if "\n" in deleted[len(deleted) - kept :] else 0
            _append(chunks, "delete", deleted[: len(deleted) - kept])
            _append(chunks, "insert", inserted[: len(inserted) - kept])
            _append(chunks, "equal", deleted[len(deleted) - kept :])
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
            old_text, new_text = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
            # Both end their paragraph: that line break is no change, so it is kept out of
            # the words (a sentence added at the end would otherwise take it along).
            ends = old_text.endswith("\n") and new_text.endswith("\n")
            if ends:
                old_text, new_text = old_text[:-1], new_text[:-1]
            _diff_words(old_text, new_text, chunks)
            if ends:
                _append(chunks, "equal", "\n")
    return chunks


CONTEXT_WORDS = 6
_TOKEN = re.compile(r"\S+")


def _end_of_leading_words(text: str, count: int) -> int:
    """Where the first `count` words of `text` end, going no further than its first line."""
    line_end = text.find("\n")
    line = text if line_end < 0 else text[:line_end]
    words = list(itertools.islice(_TOKEN.finditer(line), count))
    return words[-1].end() if len(words) == count else len(line)


def _start_of_trailing_words(text: str, count: int) -> int:
    """Where the last `count` words of `text` start, going no further back than its last line."""
    line_start = text.rfind("\n") + 1
    words = list(_TOKEN.finditer(text, line_start))  # one line: never the whole article
    return line_start if len(words) <= count else words[-count].start()


def changes_only(chunks: list[Chunk], context_words: int = CONTEXT_WORDS) -> list[Chunk]:
    """The chunks with unchanged text cut down to `context_words` words on each side of a
    change, within its paragraph; what is left out becomes a "skip" chunk, text and all."""
    condensed: list[Chunk] = []
    last = len(chunks) - 1
    for number, (op, text) in enumerate(chunks):
        if op != "equal":
            condensed.append((op, text))
            continue
        head = _end_of_leading_words(text, context_words) if number > 0 else 0
        tail = _start_of_trailing_words(text, context_words) if number < last else len(text)
        if head >= tail:
            condensed.append((op, text))
            continue
        for part in (("equal", text[:head]), ("skip", text[head:tail]), ("equal", text[tail:])):
            if part[1]:
                condensed.append(part)
    return condensed


def _skipped_html(text: str, style: str, *, first: bool, last: bool) -> str:
    """What "changes only" leaves out: an ellipsis in a paragraph, a line between them.

    `first`, `last`: the text left out starts or ends the article, so its first or last
    paragraph is left out whole rather than the end or the start of a changed one."""
    lines = text.split("\n")
    if len(lines) == 1:
        return f'<span style="{style}">{"… " if first else " …" if last else " … "}</span>'
    end_of_changed = "" if first else ("…" if lines[0].strip() else "") + "\n"
    start_of_changed = "" if last else ("… " if lines[-1].strip() else "")
    whole = lines[(0 if first else 1) : (None if last else -1)]
    count = sum(1 for line in whole if line.strip())
    between = ""
    if count:
        noun = "paragraph" if count == 1 else "paragraphs"
        between = f"⋯ {count} unchanged {noun} ⋯" + ("" if last else "\n")
    shown = end_of_changed + between + start_of_changed
    return f'<span style="{style}">{html.escape(shown)}</span>'


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


def _skip_style() -> str:
    """Left-out text in the palette's muted ink, so that it reads on light and dark."""
    from PySide6.QtGui import QGuiApplication

    from desktop import theme

    if QGuiApplication.instance() is None:
        return _SKIP_STYLE
    return f"color:{theme.colors().muted_text.name()}; font-style:italic;"


def diff_html(old: str, new: str, *, only_changes: bool = False) -> str:
    """The difference as rich text: insertions green and underlined, deletions red and struck.

    Each change (a run of deletions and insertions) starts with an anchor named CHANGE_ANCHOR,
    for next/previous change. `only_changes`: unchanged text cut down (see changes_only).
    """
    inserted, deleted = _styles()
    skipped = _skip_style()
    chunks = word_diff(old, new)
    if only_changes:
        if all(op == "equal" for op, _ in chunks):
            return f'<div style="{skipped}">No changes.</div>'
        chunks = changes_only(chunks)
    parts: list[str] = []
    in_change = False
    previous = ("", "")
    for number, (op, text) in enumerate(chunks):
        if op == "equal":
            parts.append(html.escape(text))
        elif op == "skip":
            edges = {"first": number == 0, "last": number == len(chunks) - 1}
            parts.append(_skipped_html(text, skipped, **edges))
        else:
            if op == "insert" and previous[0] == "delete" and not previous[1][-1:].isspace():
                parts.append(" ")  # "final provisional", not "finalprovisional"
            style = inserted if op == "insert" else deleted
            tag = "ins" if op == "insert" else "del"
            shown = f'<span class="{tag}" style="{style}">{html.escape(_show_breaks(text))}</span>'
            # Around the text, not empty before it: Qt drops an anchor that holds nothing.
            parts.append(shown if in_change else f'<a name="{CHANGE_ANCHOR}">{shown}</a>')
        in_change = op in ("insert", "delete")
        previous = (op, text)
    return f'<div style="white-space: pre-wrap;">{"".join(parts)}</div>'


NOT_RECORDED = "not recorded"
VALUE_ARROW = " → "


def value_change_html(name: str, old: str | None, new: str | None) -> str:
    """One value of two versions, on a line: "Status: Draft → In review", the old struck out
    and the new put in, as one change (it starts with CHANGE_ANCHOR); "Status: Draft" in the
    muted ink when it is the same. None: the version did not record it ("not recorded")."""
    inserted, deleted = _styles()
    muted = _skip_style()
    label = f"{html.escape(name)}: "
    if old is None or new is None:
        shown = f"{old or NOT_RECORDED}{VALUE_ARROW}{new or NOT_RECORDED}"
        if old == new:
            shown = NOT_RECORDED
        return f'<div>{label}<span style="{muted}">{html.escape(shown)}</span></div>'
    if old == new:
        return f'<div>{label}<span style="{muted}">{html.escape(old)}</span></div>'
    change = (
        f'<a name="{CHANGE_ANCHOR}"><span class="del" style="{deleted}">{html.escape(old)}'
        f'</span></a>{VALUE_ARROW}<span class="ins" style="{inserted}">{html.escape(new)}</span>'
    )
    return f"<div>{label}{change}</div>"
