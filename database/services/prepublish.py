"""The pre-publish checklist: what is wrong with an article about to be published, and where.

The checks look at the editor's values (a save not made yet) and at the database (the
author, other articles' titles, comments waiting). Each item names the place to fix: a field,
or a line of the text (the archive's format holds one paragraph a line, so a line is a
paragraph). The newsroom switches checks on and off for every desk at once
(`newsroom_settings`, key "checklist.items").

What the format cannot carry, decided from docs/format.md and the preview:
- pictures: a file holds text only, and the preview (like the site's text) shows none, so
  `![…](…)` or `<img>` would vanish on publishing;
- headings the preview would not show as meant: seven or more `#`, an empty heading, `#word`
  (a hashtag the preview turns into a heading), a heading underlined with `===` (two lines,
  where each line is a paragraph); a title starting with `#` (a title is plain text);
- what export refuses in a title or text (`textformat.check_writable`: a title of more than
  one line, a carriage return, a NUL…).
Links: the preview opens only the schemes it allows (desktop/articles/preview.py passes its
own LINK_SCHEMES; the default here is the same set, a test keeps them equal).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.models import Article, Author, Comment
from database.services.newsroom_settings import read_setting, write_setting
from database.statuses import CommentStatus
from database.textformat import ParsedArticle, check_writable

SETTING_KEY = "checklist.items"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Past this many items of one kind, one more item says how many are left and goes to the next.
MAX_ITEMS_PER_CHECK = 10
_QUOTE_LIMIT = 60


class CheckKey(enum.StrEnum):
    """The checks, in the order the checklist lists them."""

    AUTHOR = "author"
    EMPTY_TITLE = "empty_title"
    TITLE_TAKEN = "title_taken"
    EMPTY_BODY = "empty_body"
    PARAGRAPHS = "paragraphs"
    LINKS = "links"
    FORMAT = "format"
    PENDING_COMMENTS = "pending_comments"


CHECK_LABELS: dict[CheckKey, str] = {
    CheckKey.AUTHOR: "No author, or a provisional one (“Unnamed author…”)",
    CheckKey.EMPTY_TITLE: "An empty title",
    CheckKey.TITLE_TAKEN: "A title another article already has",
    CheckKey.EMPTY_BODY: "No article text",
    CheckKey.PARAGRAPHS: "Empty or repeated paragraphs",
    CheckKey.LINKS: "Links that are not web (http, https) or email (mailto) links",
    CheckKey.FORMAT: "Pictures and headings the archive's format cannot carry",
    CheckKey.PENDING_COMMENTS: "Comments waiting for moderation",
}


class Place(enum.StrEnum):
    """Where an item is, as the editor goes there."""

    TITLE = "title"
    AUTHOR = "author"
    BODY = "body"
    COMMENTS = "comments"


_PLACE_NAMES = {
    Place.TITLE: "Title",
    Place.AUTHOR: "Author",
    Place.BODY: "Text",
    Place.COMMENTS: "Comments",
}


@dataclass(frozen=True)
class ChecklistItem:
    check: CheckKey
    message: str
    place: Place
    line: int | None = None  # the body's line (= paragraph), from 1; None for a field
    column: int = 0  # where in that line, from 0

    @property
    def where(self) -> str:
        """ "Text, line 4", "Author": for the list, before the message."""
        name = _PLACE_NAMES[self.place]
        return f"{name}, line {self.line}" if self.line is not None else name


@dataclass(frozen=True)
class ArticleDraft:
    """What the editor would save: `article_id` None for one never saved."""

    title: str
    body: str
    author_id: int | None
    article_id: int | None = None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1] + "…"
    return f"“{text}”"


# --- the text: pure functions over the title and body ----------------------------------

_FENCE = re.compile(r"\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_INLINE_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<url><[^<>]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE_IMAGE = re.compile(r"!\[(?:[^\[\]]*)\]\[(?:[^\[\]]*)\]")
_DEFINITION = re.compile(r"\s{0,3}\[(?:[^\[\]]+)\]:\s*(?P<url><[^<>]*>|\S+)")
_ANGLE_LINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_HTML_LINK = re.compile(
    r"<a\b[^>]*?\bhref\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE,
)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>?", re.IGNORECASE)
# Python-Markdown's headings: # marks at the very start of a line, no space needed after.
_HEADING = re.compile(r"(#+)(.*)")
_SETEXT_RULE = re.compile(r"\s{0,3}=+\s*")
_WORD = re.compile(r"\w")


def _blank_code_spans(line: str) -> str:
    """The line with `code` blanked out (same length, so columns hold): no links in code."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(line number from 1, line) outside fenced code blocks, where Markdown is read."""
    fence: str | None = None
    for number, line in enumerate(body.split("\n"), 1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, line


def link_problem(url: str, schemes: frozenset[str] = LINK_SCHEMES) -> str | None:
    """Why the preview (and the published page) would not take `url` as a link; None if fine."""
    address = url.strip()
    if address.startswith("<") and address.endswith(">"):
        address = address[1:-1].strip()
    allowed = ", ".join(sorted(schemes))
    if not address:
        return "has no address"
    if address.lower().startswith("www."):
        return "has no https:// in front: it would be taken for a page of the site itself"
    try:
        parts = urlsplit(address)
    except ValueError:
        return "is not a well-formed address"
    scheme = parts.scheme.lower()
    if not scheme:
        if address.startswith("#"):
            return f"points within the page: only {allowed} links are opened"
        return f"is not a web or email address (it needs one of {allowed})"
    if scheme not in schemes:
        return f"is a “{scheme}:” link: only {allowed} links are published"
    if scheme in {"http", "https"} and not parts.netloc:
        return "names no site"
    if scheme == "mailto" and not parts.path.strip():
        return "names no email address"
    return None


def _links(line: str) -> Iterator[tuple[int, str, str]]:
    """(column, what the text shows, the address) of every link written in `line`."""
    for match in _INLINE_LINK.finditer(line):
        if not match.group("image"):
            yield match.start(), match.group(0), match.group("url")
    if definition := _DEFINITION.fullmatch(line.rstrip()):
        yield 0, line.strip(), definition.group("url")
    for match in _ANGLE_LINK.finditer(line):
        yield match.start(), match.group(0), match.group("url")
    for match in _HTML_LINK.finditer(line):
        address = match.group("double") or match.group("single") or match.group("bare") or ""
        yield match.start(), match.group(0), address


def _pictures(line: str) -> Iterator[tuple[int, str]]:
    for match in _INLINE_LINK.finditer(line):
        if match.group("image"):
            yield match.start(), match.group(0)
    for pattern in (_REFERENCE_IMAGE, _HTML_IMAGE):
        for match in pattern.finditer(line):
            yield match.start(), match.group(0)


def _heading_problem(line: str, following: str) -> str | None:
    if heading := _HEADING.fullmatch(line):
        marks, rest = heading.groups()
        if len(marks) > 6:
            return (
                f"starts with {len(marks)} # marks: a heading takes six at most, the others "
                "would show as typed"
            )
        if not rest.strip(" \t#"):
            return "is an empty heading"
        if not rest[0].isspace():
            return (
                f"starts with “{marks}” and no space: the preview makes a heading of it. Put "
                "a space after the # for a heading, or a backslash before it (\\#) for a "
                "hashtag"
            )
    if _SETEXT_RULE.fullmatch(following) and line.strip() and not _SETEXT_RULE.fullmatch(line):
        return (
            "is a heading only with the “===” line under it: in the archive's format each "
            "line is a paragraph. Write it as “# …” on one line"
        )
    return None


def _writable_problem(title: str, body: str) -> str | None:
    try:
        check_writable(ParsedArticle(title=title, body=body, bio="bio"))
    except ValueError as error:
        return str(error).removeprefix("cannot write the article as text: ")
    return None


def _limited(items: Iterable[ChecklistItem]) -> list[ChecklistItem]:
    """The first MAX_ITEMS_PER_CHECK items; then one that says how many more, going to the
    first of those."""
    listed = list(items)
    if len(listed) <= MAX_ITEMS_PER_CHECK:
        return listed
    left = listed[MAX_ITEMS_PER_CHECK:]
    first = left[0]
    more = f"…and {len(left)} more like this, from here on"
    return [
        *listed[:MAX_ITEMS_PER_CHECK],
        ChecklistItem(first.check, more, first.place, first.line, first.column),
    ]


def _title_items(title: str) -> Iterator[ChecklistItem]:
    if not title.strip():
        yield ChecklistItem(CheckKey.EMPTY_TITLE, "The article has no title.", Place.TITLE)
        return
    if problem := _writable_problem(title, "text"):
        yield ChecklistItem(CheckKey.FORMAT, f"Export would refuse it: {problem}.", Place.TITLE)
    if title.lstrip().startswith("#"):
        yield ChecklistItem(
            CheckKey.FORMAT,
            "The title starts with #: a title is plain text, the # would show as typed.",
            Place.TITLE,
        )


def _paragraph_items(body: str) -> Iterator[ChecklistItem]:
    seen: dict[str, int] = {}
    lines = list(_prose_lines(body))
    for number, line in lines:
        if not line.strip():
            yield ChecklistItem(CheckKey.PARAGRAPHS, "An empty paragraph.", Place.BODY, number)
            continue
        if not _WORD.search(line):  # a rule (---), a table's rule row: not prose to repeat
            continue
        key = " ".join(line.split()).casefold()
        if key in seen:
            yield ChecklistItem(
                CheckKey.PARAGRAPHS,
                f"Repeats the paragraph on line {seen[key]}: {_quote(line)}.",
                Place.BODY,
                number,
            )
        else:
            seen[key] = number


def _link_items(body: str, schemes: frozenset[str]) -> Iterator[ChecklistItem]:
    for number, line in _prose_lines(body):
        for column, shown, address in _links(_blank_code_spans(line)):
            if problem := link_problem(address, schemes):
                yield ChecklistItem(
                    CheckKey.LINKS,
                    f"The link {_quote(shown)} {problem}.",
                    Place.BODY,
                    number,
                    column,
                )


def _format_items(body: str) -> Iterator[ChecklistItem]:
    if problem := _writable_problem("title", body if body.strip() else "text"):
        yield ChecklistItem(CheckKey.FORMAT, f"Export would refuse it: {problem}.", Place.BODY)
    lines = list(_prose_lines(body))
    for index, (number, line) in enumerate(lines):
        prose = _blank_code_spans(line)
        for column, shown in _pictures(prose):
            yield ChecklistItem(
                CheckKey.FORMAT,
                f"A picture, {_quote(shown)}: the archive's format holds text only and the "
                "preview shows no pictures, so it would vanish.",
                Place.BODY,
                number,
                column,
            )
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if lines[index + 1 :] and lines[index + 1][0] != number + 1:
            following = ""  # a code block between: not the line under this one
        if problem := _heading_problem(prose, following):
            yield ChecklistItem(
                CheckKey.FORMAT, f"The line {_quote(line)} {problem}.", Place.BODY, number
            )


def text_items(
    title: str,
    body: str,
    *,
    schemes: frozenset[str] = LINK_SCHEMES,
    enabled: Iterable[CheckKey] = tuple(CheckKey),
) -> list[ChecklistItem]:
    """What the checklist finds in the title and text alone, for the checks `enabled`."""
    wanted = set(enabled)
    found: list[ChecklistItem] = [item for item in _title_items(title) if item.check in wanted]
    if CheckKey.EMPTY_BODY in wanted and not body.strip():
        found.append(ChecklistItem(CheckKey.EMPTY_BODY, "The article has no text.", Place.BODY, 1))
    if CheckKey.PARAGRAPHS in wanted and body.strip():
        found += _limited(_paragraph_items(body))
    if CheckKey.LINKS in wanted:
        found += _limited(_link_items(body, schemes))
    if CheckKey.FORMAT in wanted:
        found += _limited(_format_items(body))
    return found


# --- what the database knows ------------------------------------------------------------


def _author_item(session: Session, author_id: int | None) -> ChecklistItem | None:
    if author_id is None:
        return ChecklistItem(
            CheckKey.AUTHOR,
            "The article has no author: it would be published without a byline, and export "
            "needs an author with a bio.",
            Place.AUTHOR,
        )
    author = session.get(Author, author_id)
    if author is None:
        return ChecklistItem(CheckKey.AUTHOR, "The author no longer exists.", Place.AUTHOR)
    if author.needs_name:
        return ChecklistItem(
            CheckKey.AUTHOR,
            f"{_quote(author.display_name)} is a provisional author, made on import from a "
            "bio: give them a name in Authors, or choose the author who wrote it.",
            Place.AUTHOR,
        )
    return None


def _title_taken_item(session: Session, draft: ArticleDraft) -> ChecklistItem | None:
    if not draft.title.strip():
        return None
    # Equality on the indexed column: the title as typed, and without the spaces around it.
    # The Trash is left out in Python: told `deleted_at IS NULL` as well, SQLite may read
    # every live article through that index instead.
    titles = {draft.title, draft.title.strip()}
    query = select(Article.id, Article.deleted_at).where(Article.title.in_(titles))
    if draft.article_id is not None:
        query = query.where(Article.id != draft.article_id)
    others = [row for row in session.execute(query.order_by(Article.id)) if row.deleted_at is None]
    if not others:
        return None
    which = "another article has" if len(others) == 1 else "other articles have"
    return ChecklistItem(
        CheckKey.TITLE_TAKEN,
        f"{_quote(draft.title)} is a title {which} already (article {others[0].id}): readers "
        "and the archive's file names would mix them up.",
        Place.TITLE,
    )


def _pending_item(session: Session, article_id: int | None) -> ChecklistItem | None:
    if article_id is None:
        return None
    pending = session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(Comment.article_id == article_id, Comment.status == CommentStatus.PENDING)
    )
    if not pending:
        return None
    comments = "comment waits" if pending == 1 else "comments wait"
    return ChecklistItem(
        CheckKey.PENDING_COMMENTS,
        f"{pending:,} {comments} for moderation on this article.",
        Place.COMMENTS,
    )


def _enabled(session: Session) -> frozenset[CheckKey]:
    stored = read_setting(session, SETTING_KEY)
    switches = stored if isinstance(stored, dict) else {}
    # A check the stored row does not mention (one added since) is on.
    return frozenset(key for key in CheckKey if switches.get(key.value, True) is not False)


_ORDER = {key: position for position, key in enumerate(CheckKey)}


def _in_order(items: Iterable[ChecklistItem]) -> list[ChecklistItem]:
    """Fields first (author, title), then the text from top to bottom, then comments."""
    places = {Place.AUTHOR: 0, Place.TITLE: 1, Place.BODY: 2, Place.COMMENTS: 3}
    return sorted(
        items,
        key=lambda item: (places[item.place], item.line or 0, _ORDER[item.check], item.column),
    )


class PrePublishService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def enabled_checks(self) -> frozenset[CheckKey]:
        with (
            operational_errors_reported("read the pre-publish checklist"),
            self._sessions() as session,
        ):
            return _enabled(session)

    def set_enabled_checks(self, enabled: Iterable[CheckKey], *, user: str) -> frozenset[CheckKey]:
        """Switch the checks for the whole newsroom: those in `enabled` on, the others off."""
        chosen = frozenset(enabled)
        switches = {key.value: key in chosen for key in CheckKey}
        with (
            operational_errors_reported("save the pre-publish checklist"),
            self._sessions.begin() as session,
        ):
            write_setting(session, SETTING_KEY, switches, user=user)
        return chosen

    def check(
        self, draft: ArticleDraft, *, schemes: frozenset[str] = LINK_SCHEMES
    ) -> list[ChecklistItem]:
        """Every item of the enabled checks that `draft` fails, in the order to go through
        them; [] when it may be published as it is."""
        with (
            operational_errors_reported("check the article before publishing"),
            self._sessions() as session,
        ):
            enabled = _enabled(session)
            items = text_items(draft.title, draft.body, schemes=schemes, enabled=enabled)
            lookups = (
                (CheckKey.AUTHOR, lambda: _author_item(session, draft.author_id)),
                (CheckKey.TITLE_TAKEN, lambda: _title_taken_item(session, draft)),
                (CheckKey.PENDING_COMMENTS, lambda: _pending_item(session, draft.article_id)),
            )
            for key, look_up in lookups:
                if key in enabled and (item := look_up()) is not None:
                    items.append(item)
        return _in_order(items)


__all__ = [
    "CHECK_LABELS",
    "LINK_SCHEMES",
    "ArticleDraft",
    "CheckKey",
    "ChecklistItem",
    "Place",
    "PrePublishService",
    "link_problem",
    "text_items",
]
