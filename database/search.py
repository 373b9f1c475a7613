"""Full-text search: user input turned into a query that can never be a syntax error.

SQLite uses its FTS5 index, PostgreSQL its tsvector columns under GIN indexes (migration
0003); any other database falls back to a case-insensitive substring match. On both indexes
every word is required, and a word ending in `*` matches as a prefix.

An article matches when its title and text hold every word, or one of its comments does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from database.models import Article, Comment

# SQLite's index of comments by article (migration 0004): its rowid is
# article_id << ARTICLE_SHIFT | comment id, so the article comes without reading the comment.
ARTICLE_SHIFT = 32
# How each SQLite index is filled afresh from its table, e.g. after a bulk load without the
# triggers. A contentless index cannot 'rebuild': it is emptied and filled by a SELECT.
SQLITE_INDEX_REBUILD = (
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')",
    "INSERT INTO comment_fts_by_article(comment_fts_by_article) VALUES ('delete-all')",
    "INSERT INTO comment_fts_by_article(rowid, body)"
    f" SELECT (article_id << {ARTICLE_SHIFT}) | id, body FROM comments",
)

_TOKEN = re.compile(r"\S+")
_WORD_CHARACTER = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_terms(user_input: str) -> list[tuple[str, bool]]:
    """Words of the input, each with whether it ends in `*` (a prefix search).

    Tokens without a single word character (`-`, `"`, `***`) would match nothing; dropping
    them keeps "Warrington -" meaning what the user meant.
    """
    terms = []
    # Control characters (a pasted NUL, say) mean nothing in a query and upset the tokenizer.
    printable = _CONTROL.sub(" ", user_input)
    for token in _TOKEN.findall(printable):
        prefix = token.endswith("*")
        word = token.rstrip("*")
        if _WORD_CHARACTER.search(word):
            terms.append((word, prefix))
    return terms


def fts5_query(user_input: str) -> str | None:
    """An FTS5 MATCH expression: every word quoted (so operators are just words), all required."""
    terms = search_terms(user_input)
    if not terms:
        return None
    return " ".join(_quoted(word) + ("*" if prefix else "") for word, prefix in terms)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def tsquery_lexeme(word: str, prefix: bool) -> str:
    """One word as to_tsquery input: quoted, so that `&`, `!`, `:` and `<->` are just text.

    PostgreSQL's parser still splits it as it split the indexed text ("e-mail" is "e-mail",
    "e" and "mail" in a row), so the query matches what the index holds.
    """
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


def _tsquery(terms: list[tuple[str, bool]]) -> ColumnElement[object]:
    """Every word required: the words' queries joined with `&&`. A word without a lexeme
    (punctuation only) adds an empty query, which PostgreSQL leaves out."""
    queries = [
        func.to_tsquery(literal_column("'simple'::regconfig"), tsquery_lexeme(word, prefix))
        for word, prefix in terms
    ]
    combined = queries[0]
    for query in queries[1:]:
        combined = combined.op("&&")(query)
    return combined


def _matches(vector: ColumnElement[object], terms: list[tuple[str, bool]]) -> ColumnElement[bool]:
    return vector.op("@@")(_tsquery(terms))  # type: ignore[return-value]


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sqlite_article_matches(query: str) -> tuple[Select[tuple[int]], Select[tuple[int]]]:
    """The articles whose title and text match, and those with a matching comment."""
    in_articles = (
        select(text("rowid"))
        .select_from(text("article_fts"))
        .where(text("article_fts MATCH :query"))
        .params(query=query)
    )
    in_comments = (
        select(text(f"rowid >> {ARTICLE_SHIFT}"))
        .select_from(text("comment_fts_by_article"))
        .where(text("comment_fts_by_article MATCH :query"))
        .params(query=query)
    )
    return in_articles, in_comments  # type: ignore[return-value]


def matching_article_ids(session: Session, user_input: str) -> Select[tuple[int]] | None:
    """Ids of articles whose title, body or any comment matches; None when there is no query."""
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_query(user_input)
        if query is None:
            return None
        in_articles, in_comments = _sqlite_article_matches(query)
        return in_articles.union(in_comments)  # type: ignore[return-value]
    terms = search_terms(user_input)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        return (
            select(Article.id)
            .where(  # type: ignore[return-value]
                _matches(literal_column("articles.search_vector"), terms)
            )
            .union(
                select(Comment.article_id).where(
                    _matches(literal_column("comments.search_vector"), terms)
                )
            )
        )
    conditions = []
    for word, _prefix in terms:
        pattern = _like_pattern(word)
        in_comments = select(Comment.id).where(
            Comment.article_id == Article.id, Comment.body.ilike(pattern, escape="\\")
        )
        conditions.append(
            or_(
                Article.title.ilike(pattern, escape="\\"),
                Article.body.ilike(pattern, escape="\\"),
                in_comments.exists(),
            )
        )
    return select(Article.id).where(and_(*conditions))


def matching_comment_ids(session: Session, user_input: str) -> Select[tuple[int]] | None:
    """Ids of comments whose text matches; None when there is no query."""
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_query(user_input)
        if query is None:
            return None
        return (
            select(text("rowid"))  # type: ignore[return-value]
            .select_from(text("comment_fts"))
            .where(text("comment_fts MATCH :query"))
            .params(query=query)
        )
    terms = search_terms(user_input)
    if not terms:
        return None
    if session.get_bind().dialect.name == "postgresql":
        return select(Comment.id).where(_matches(literal_column("comments.search_vector"), terms))
    return select(Comment.id).where(
        and_(*(Comment.body.ilike(_like_pattern(word), escape="\\") for word, _ in terms))
    )


def article_id_set(session: Session, user_input: str) -> set[int] | None:
    """`matching_article_ids` as a set, for a list that holds its order already and only
    needs to know which of its ids stay; None when there is no query."""
    if session.get_bind().dialect.name == "sqlite":
        query = fts5_query(user_input)
        if query is None:
            return None
        # Two queries, joined here: SQLite's UNION would sort both lists to merge them.
        in_articles, in_comments = _sqlite_article_matches(query)
        found = set(_driver_column(session, in_articles))
        found.update(_driver_column(session, in_comments))
        return found
    matches = matching_article_ids(session, user_input)
    return None if matches is None else set(_driver_column(session, matches))


def _driver_column(session: Session, query: Select[tuple[int]]) -> Iterator[int]:
    """The first column as the driver gives it: ids need no conversion, and SQLAlchemy's row
    objects would cost more than the search itself."""
    result = session.connection().execute(query)
    try:
        for row in result.cursor:
            yield row[0]
    finally:
        result.close()


def rebuild_index(session: Session) -> None:
    """Rebuild the full-text index from the tables, e.g. after a bulk load without triggers."""
    if session.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_INDEX_REBUILD:
            session.execute(text(statement))


__all__ = [
    "ARTICLE_SHIFT",
    "SQLITE_INDEX_REBUILD",
    "article_id_set",
    "fts5_query",
    "matching_article_ids",
    "matching_comment_ids",
    "rebuild_index",
    "search_terms",
    "tsquery_lexeme",
]
