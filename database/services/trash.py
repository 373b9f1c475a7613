"""The Trash: articles deleted from the list wait here, with their comments, for 30 days.

Moving an article to the Trash only marks it (`deleted_at`, `deleted_by`): its comments,
revisions and statuses stay as they were, so that a restore brings everything back. Every list
and count leaves it out (database/trash_filter.py). Deleting for good (by hand, or the purge of
what has been in the Trash for 30 days) deletes the article, and with it, by the schema's
cascades, its comments, their moderation log, its revisions and presence mark.

Marking is an update of `articles`, so the change feed reports it to every desk as one; it
changes which comments the queue shows too, so it is reported as a change of comments as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported
from database.models import Article, Author, Comment, ImportRecord, utc_now
from database.services.changes import CHANNEL, ChangeKind
from database.services.chunks import chunked
from database.statuses import ArticleStatus
from database.trash_filter import IN_TRASH, LIVE

KEEP_DAYS = 30
KEPT_FOR = timedelta(days=KEEP_DAYS)


@dataclass(frozen=True)
class TrashCount:
    """How many articles an action concerned, and how many comments they carry."""

    articles: int = 0
    comments: int = 0

    def describe(self) -> str:
        """ "3 articles and their 41 comments", "1 article and its comment"."""
        articles = "1 article" if self.articles == 1 else f"{self.articles:,} articles"
        if not self.comments:
            return articles
        its = "its" if self.articles == 1 else "their"
        comments = "comment" if self.comments == 1 else f"{self.comments:,} comments"
        return f"{articles} and {its} {comments}"


@dataclass(frozen=True)
class TrashedArticle:
    """One article in the Trash, as the Trash view lists it."""

    id: int
    title: str
    author_name: str
    status: ArticleStatus  # the status it keeps, and has again when restored
    comments: int
    deleted_at: datetime
    deleted_by: str

    @property
    def deleted_forever_at(self) -> datetime:
        """When the purge takes it, unless restored before."""
        return self.deleted_at + KEPT_FOR


class TrashService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def trash(self, article_ids: Iterable[int], *, by: str) -> TrashCount:
        """Move live articles to the Trash, in one transaction; what moved. Articles already
        there keep the time and person of their first move; ids gone are left out."""
        values = {"deleted_at": utc_now(), "deleted_by": by}
        return self._move(article_ids, LIVE, values, "move the articles to the Trash")

    def restore(self, article_ids: Iterable[int]) -> TrashCount:
        """Bring articles back from the Trash as they were (status, comments, revisions)."""
        values = {"deleted_at": None, "deleted_by": None}
        return self._move(article_ids, IN_TRASH, values, "restore the articles from the Trash")

    def _move(
        self,
        article_ids: Iterable[int],
        where: ColumnElement[bool],
        values: dict[str, object],
        doing: str,
    ) -> TrashCount:
        """Set `values` on those of the articles `where` holds for; what was moved."""
        ids = list(dict.fromkeys(article_ids))
        with operational_errors_reported(doing), self._sessions.begin() as session:
            moving = _existing(session, ids, where)
            counted = _count(session, moving)
            for chunk in chunked(moving):
                session.execute(
                    update(Article).where(Article.id.in_(chunk), where).values(**values)
                )
            if counted.comments:
                _comments_changed(session)
            return counted

    def list(self) -> list[TrashedArticle]:
        """Everything in the Trash, most recently deleted first."""
        counts = (
            select(Comment.article_id, func.count().label("n"))
            .where(Comment.article_id.in_(select(Article.id).where(IN_TRASH)))
            .group_by(Comment.article_id)
            .subquery()
        )
        query = (
            select(
                Article.id,
                Article.title,
                Author.display_name,
                Article.status,
                func.coalesce(counts.c.n, 0),
                Article.deleted_at,
                Article.deleted_by,
            )
            .outerjoin(Author, Author.id == Article.author_id)
            .outerjoin(counts, counts.c.article_id == Article.id)
            .where(IN_TRASH)
            .order_by(Article.deleted_at.desc(), Article.id.desc())
        )
        with self._sessions() as session:
            return [
                TrashedArticle(
                    id=row[0],
                    title=row[1],
                    author_name=row[2] or "",
                    status=row[3],
                    comments=row[4],
                    deleted_at=row[5],
                    deleted_by=row[6] or "",
                )
                for row in session.execute(query)
            ]

    def count(self, article_ids: Sequence[int] | None = None) -> TrashCount:
        """What the Trash holds (or these of its articles): for "Delete … forever?"."""
        with self._sessions() as session:
            if article_ids is None:
                ids = list(session.scalars(select(Article.id).where(IN_TRASH)))
            else:
                ids = _existing(session, list(article_ids), IN_TRASH)
            return _count(session, ids)

    def counting(self, article_ids: Sequence[int]) -> TrashCount:
        """What moving these live articles to the Trash would move: for the question asked
        before deleting several."""
        with self._sessions() as session:
            return _count(session, _existing(session, list(article_ids), LIVE))

    def delete_forever(self, article_ids: Iterable[int] | None = None) -> TrashCount:
        """Delete articles of the Trash for good (all of it when None); live ones are never
        touched here. What was deleted."""
        with (
            operational_errors_reported("delete the articles forever"),
            self._sessions.begin() as session,
        ):
            if article_ids is None:
                ids = list(session.scalars(select(Article.id).where(IN_TRASH)))
            else:
                ids = _existing(session, list(dict.fromkeys(article_ids)), IN_TRASH)
            return _delete(session, ids)

    def purge(self, older_than: timedelta = KEPT_FOR, now: datetime | None = None) -> TrashCount:
        """Delete for good what has been in the Trash longer than `older_than`: run at start-up,
        off the GUI thread. Anything moved there today has a way back for 30 days."""
        old = select(Article.id).where(Article.deleted_at < (now or utc_now()) - older_than)
        # Looked for first without the write lock: on most starts there is nothing to purge,
        # and a start should not wait for another desk's import to let go of it.
        with (
            operational_errors_reported("look for old articles in the Trash"),
            self._sessions() as session,
        ):
            if session.scalar(old.limit(1)) is None:
                return TrashCount()
        with (
            operational_errors_reported("empty the Trash of old articles"),
            self._sessions.begin() as session,
        ):
            return _delete(session, list(session.scalars(old)))


def _comments_changed(session: Session) -> None:
    """Tell every desk's queue, through the change feed, that comments came or went: no
    comment row changed, so no trigger of the feed said so (migration 0003)."""
    if session.get_bind().dialect.name == "sqlite":
        bump = "UPDATE change_counters SET serial = serial + 1 WHERE kind = :kind"
        session.execute(text(bump), {"kind": ChangeKind.COMMENTS.value})
    elif session.get_bind().dialect.name == "postgresql":
        notify = "SELECT pg_notify(:channel, :kind)"  # sent at commit, as the triggers' are
        session.execute(text(notify), {"channel": CHANNEL, "kind": ChangeKind.COMMENTS.value})


def _existing(session: Session, ids: list[int], condition: ColumnElement[bool]) -> list[int]:
    """Those of `ids` that exist and meet the condition (LIVE or IN_TRASH), in order."""
    found: set[int] = set()
    for chunk in chunked(ids):
        found.update(session.scalars(select(Article.id).where(Article.id.in_(chunk), condition)))
    return [article_id for article_id in ids if article_id in found]


def _count(session: Session, ids: list[int]) -> TrashCount:
    comments = 0
    for chunk in chunked(ids):
        query = select(func.count()).where(Comment.article_id.in_(chunk))
        comments += session.scalar(query) or 0
    return TrashCount(articles=len(ids), comments=comments)


def _delete(session: Session, ids: list[int]) -> TrashCount:
    counted = _count(session, ids)
    for chunk in chunked(ids):
        # Said, not left to the foreign keys' SET NULL: the import records stay, as history.
        session.execute(
            update(ImportRecord).where(ImportRecord.article_id.in_(chunk)).values(article_id=None)
        )
        # The rest goes by the cascades (comments, their log, revisions, presence).
        session.execute(delete(Article).where(Article.id.in_(chunk), IN_TRASH))
    return counted


__all__ = ["KEEP_DAYS", "KEPT_FOR", "TrashCount", "TrashService", "TrashedArticle"]
