"""What every list and count of articles and comments uses to leave the Trash out.

An article is in the Trash while `articles.deleted_at` is set (migration 0007); its comments
stay as they were, so that restoring it brings them back with their statuses.

Measured on a million comments (benchmarks' archive, 2 cores, SQLite; the Trash holding 100
articles and their 813 comments, then 10,000 and 80,063), the queue's queries:

- The queue's list of ids (the pending 600,000, `CommentService.id_array`) reads its index
  (`ix_comments_status_received`) as before and drops the Trash's comments, read first through
  the index by article, as it goes: 176 ms before, 186 ms with 100 trashed articles. In SQL, a
  condition on the article made SQLite read each comment's row (323 ms); `comments.id NOT IN
  (the comments of trashed articles)`, checked in the index, still cost 250 ms.
- Other lists (a filter's "All matching", the moderation of a selection) use that NOT IN:
  `live_comments`.
- Counts count everything, as before, then subtract what the Trash holds, counted through the
  index by article (`ix_comments_article_status_position`): by status 43 ms before, 43 ms and
  65 ms (a NOT IN made it 153 ms and 216 ms).
- The article list (100,000 ids) likewise drops the Trash's articles as it reads its index:
  25 ms before, 29 ms and 36 ms; `deleted_at IS NULL` in SQL made it 105 ms (every row read).
  Its count subtracts.
- While the Trash is empty, the usual case, nothing is added but one probe of the small index
  on `deleted_at`.

A flag on each comment, in the queue's index, would cost nothing there, but it would rebuild
that index on a million comments at the upgrade and rewrite a comment's index entries at every
trash and restore.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from database.models import Article, Comment

SelectT = TypeVar("SelectT", bound=Select[Any])

IN_TRASH: ColumnElement[bool] = Article.deleted_at.is_not(None)
LIVE: ColumnElement[bool] = Article.deleted_at.is_(None)


def trashed_article_ids() -> Select[tuple[int]]:
    return select(Article.id).where(IN_TRASH)


def comments_of_trashed_articles() -> Select[tuple[int]]:
    return select(Comment.id).where(Comment.article_id.in_(trashed_article_ids()))


def trash_is_empty(session: Session) -> bool:
    """One probe of the small index on deleted_at."""
    return session.scalar(trashed_article_ids().limit(1)) is None


def live_comments(session: Session, query: SelectT) -> SelectT:
    """`query` (a list of comments) without the comments of articles in the Trash."""
    if trash_is_empty(session):
        return query
    return query.where(Comment.id.not_in(comments_of_trashed_articles()))


def trashed_part(query: SelectT) -> SelectT:
    """`query` (a count of comments) restricted to the comments of articles in the Trash: what
    a count of every comment subtracts."""
    return query.where(Comment.article_id.in_(trashed_article_ids()))


__all__ = [
    "IN_TRASH",
    "LIVE",
    "comments_of_trashed_articles",
    "live_comments",
    "trash_is_empty",
    "trashed_article_ids",
    "trashed_part",
]
