"""The articles a moderator can narrow the queue to, found by what is typed of their title.

The queue's article filter was a list of every article with comments (99,000 in the
benchmark archive, 0.35 s to read at each change of status); this offers a few at a time as
someone types. Titles that start with the text come first, read in title order through the
title's index; the rest are titles holding every typed word (the last one as a prefix),
found through the search index (FTS5 on SQLite) and taken as the index gives them, since
ordering all of a common word's matches by title would cost a tenth of a second.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, column, exists, func, select, table, text
from sqlalchemy.orm import Session

from database.models import Article, Comment, CommentStatus
from database.search import fts5_query, search_terms
from database.trash_filter import LIVE

SUGGESTION_LIMIT = 20


def _with_comments(status: CommentStatus | None) -> ColumnElement[bool]:
    """The article has comments (in `status`): one probe of the index by article."""
    condition = Comment.article_id == Article.id
    if status is not None:
        condition = condition & (Comment.status == status)
    return exists().where(condition)


def _starting_with(typed: str) -> list[tuple[str, str]]:
    """Title ranges for text that starts with `typed`: as typed and with its first letter
    in either case (titles start with a capital; people type in lower case)."""
    variants = {typed, typed[:1].upper() + typed[1:], typed[:1].lower() + typed[1:]}
    return sorted((start, start[:-1] + chr(ord(start[-1]) + 1)) for start in variants)


def _offered(session: Session, query: Select[Any]) -> list[tuple[int, str]]:
    return [(row[0], row[1]) for row in session.execute(query)]


def _last_word_a_prefix(typed: str) -> str:
    """The text as a search where the word being typed is a prefix: "harbour wa" finds
    "Harbour wall"."""
    return typed if typed.endswith(("*", " ")) else f"{typed}*"


def _title_words(session: Session, typed: str, limit: int) -> Select[Any] | None:
    """Live articles whose title holds every word, in the index's order."""
    columns = select(Article.id, Article.title).where(LIVE)
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_query(_last_word_a_prefix(typed))
        if query is None:
            return None
        # Driven by the index, joined to each match: an IN (…) would collect every match
        # of a common word first.
        index = table("article_fts", column("rowid"))
        return (
            columns.select_from(index)
            .join(Article, Article.id == index.c.rowid)
            .where(text("article_fts MATCH :query").bindparams(query=f"title : ({query})"))
            .limit(limit)
        )
    terms = search_terms(typed)
    if not terms:
        return None
    for word, _prefix in terms:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        columns = columns.where(Article.title.ilike(f"%{escaped}%", escape="\\"))
    return columns.limit(limit)


def article_choices(
    session: Session, typed: str, status: CommentStatus | None, limit: int = SUGGESTION_LIMIT
) -> list[tuple[int, str, int]]:
    """Up to `limit` (id, title, comments in `status`) for what was typed of a title."""
    typed = typed.strip()
    if not typed:
        return []
    found: dict[int, str] = {}
    for low, high in _starting_with(typed):
        query = (
            select(Article.id, Article.title)
            .where(Article.title >= low, Article.title < high, LIVE, _with_comments(status))
            .order_by(Article.title, Article.id)
            .limit(limit)
        )
        found.update(_offered(session, query))
    starts = sorted(found.items(), key=lambda pair: (pair[1], pair[0]))[:limit]
    offered = dict(starts)
    if len(offered) < limit:
        # A few more than needed: some may be among the titles found above.
        words = _title_words(session, typed, limit * 2)
        if words is not None:
            more = _offered(session, words.where(_with_comments(status)))
            others = sorted(
                ((aid, title) for aid, title in more if aid not in offered),
                key=lambda pair: (pair[1], pair[0]),
            )
            offered.update(others[: limit - len(offered)])
    return _counted(session, list(offered.items()), status)


def article_choice(
    session: Session, article_id: int, status: CommentStatus | None
) -> tuple[int, str, int] | None:
    """One article's (id, title, comments in `status`), None if it is gone."""
    title = session.scalar(select(Article.title).where(Article.id == article_id))
    if title is None:
        return None
    return _counted(session, [(article_id, title)], status)[0]


def _counted(
    session: Session, articles: list[tuple[int, str]], status: CommentStatus | None
) -> list[tuple[int, str, int]]:
    if not articles:
        return []
    query = (
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_([aid for aid, _ in articles]))
        .group_by(Comment.article_id)
    )
    if status is not None:
        query = query.where(Comment.status == status)
    counts: dict[int, int] = {aid: n for aid, n in session.execute(query)}
    return [(aid, title, counts.get(aid, 0)) for aid, title in articles]
