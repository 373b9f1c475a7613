"""Comments and their moderation: status changes are logged and can be undone."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, insert, literal_column, select, update
from sqlalchemy.orm import Session, sessionmaker

from database.errors import NotFoundError
from database.models import Article, Comment, CommentStatus, ModerationEntry, utc_now
from database.search import matching_comment_ids
from database.services.chunks import chunked
from database.trash_filter import (
    LIVE,
    comments_of_trashed_articles,
    live_comments,
    trash_is_empty,
    trashed_part,
)


def _status_column(session: Session) -> ColumnElement[CommentStatus]:
    """The status, for counting by article. Without statistics (no ANALYZE), SQLite would
    rather find a status's comments by the queue's index and then read each row, 1.8 s for a
    million, than read the index by article, which holds the status (0.35 s, migration 0004).
    A unary + keeps SQLite from using an index for that condition."""
    if session.get_bind().dialect.name == "sqlite":
        return literal_column("+comments.status", Comment.status.type)
    return Comment.status


EXCERPT_LENGTH = 160


@dataclass(frozen=True)
class CommentFilter:
    status: CommentStatus | None = CommentStatus.PENDING
    article_id: int | None = None
    held_reason: str | None = None
    search: str = ""


@dataclass(frozen=True)
class CommentSummary:
    id: int
    article_id: int
    article_title: str
    excerpt: str
    status: CommentStatus
    held_reason: str | None
    received_at: datetime


@dataclass(frozen=True)
class CommentDetail:
    id: int
    article_id: int
    article_title: str
    article_opening: str
    position: int
    body: str
    status: CommentStatus
    held_reason: str | None
    received_at: datetime


@dataclass(frozen=True)
class StatusChange:
    """What one moderation action did, enough to undo it exactly."""

    previous: tuple[tuple[int, CommentStatus], ...]
    new_status: CommentStatus

    @property
    def count(self) -> int:
        return len(self.previous)


@dataclass(frozen=True)
class FilterChoice:
    """A value the queue can be filtered by (an article, a held reason) and how many match."""

    value: int | str
    label: str
    count: int


def _driver_rows(session: Session, query: Select) -> Iterator[tuple[Any, ...]]:  # type: ignore[type-arg]
    """The rows as the driver gives them, one at a time, for columns that need no conversion
    (ids, counts, text): SQLAlchemy's row objects cost twice the time, and for a moment ten
    times the memory, of a queue's million ids themselves."""
    result = session.connection().execute(query)
    try:
        yield from result.cursor
    finally:
        result.close()


def opening_paragraph(body: str) -> str:
    return next((line for line in body.split("\n") if line.strip()), "")


class CommentService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def counts(self) -> dict[CommentStatus, int]:
        """Comments by status, those of articles in the Trash left out (by subtraction: see
        database/trash_filter.py)."""
        query = select(Comment.status, func.count()).group_by(Comment.status)
        with self._sessions() as session:
            found = Counter({status: n for status, n in session.execute(query)})
            if not trash_is_empty(session):
                found.subtract({status: n for status, n in session.execute(trashed_part(query))})
        return {status: found.get(status, 0) for status in CommentStatus}

    def count(self, filters: CommentFilter = CommentFilter()) -> int:
        with self._sessions() as session:
            query = self._filtered(session, select(func.count(Comment.id)), filters, live=False)
            total = session.scalar(query) or 0
            if not trash_is_empty(session):
                total -= session.scalar(trashed_part(query)) or 0
            return total

    def held_reasons(self, status: CommentStatus | None = None) -> list[FilterChoice]:
        """The reasons comments were held for, most frequent first, with their counts."""
        with self._sessions() as session:
            query = select(Comment.held_reason, func.count()).where(
                Comment.held_reason.is_not(None)
            )
            if status is not None:
                query = query.where(Comment.status == status)
            query = query.group_by(Comment.held_reason)
            found = Counter({reason: n for reason, n in session.execute(query)})
            if not trash_is_empty(session):
                found.subtract({reason: n for reason, n in session.execute(trashed_part(query))})
        held = [(reason, count) for reason, count in found.items() if count > 0]
        ordered = sorted(held, key=lambda row: (-row[1], row[0]))
        return [FilterChoice(reason, reason, count) for reason, count in ordered]

    def articles_with_comments(self, status: CommentStatus | None = None) -> list[FilterChoice]:
        """Articles that have comments (in `status`), by title, with their counts."""
        with self._sessions() as session:
            counted = select(Comment.article_id, func.count().label("n"))
            if status is not None:
                counted = counted.where(_status_column(session) == status)
            counted = counted.group_by(Comment.article_id).subquery()
            query = (
                select(Article.id, Article.title, counted.c.n)
                .join(counted, counted.c.article_id == Article.id)
                .where(LIVE)
                .order_by(Article.title, Article.id)
            )
            return [FilterChoice(*row) for row in _driver_rows(session, query)]

    def _filtered(
        self, session: Session, query: Select[Any], filters: CommentFilter, *, live: bool = True
    ) -> Select[Any]:
        """`live`: without the comments of articles in the Trash (a count subtracts them)."""
        if live:
            query = live_comments(session, query)
        if filters.status is not None:
            query = query.where(Comment.status == filters.status)
        if filters.article_id is not None:
            query = query.where(Comment.article_id == filters.article_id)
        if filters.held_reason is not None:
            query = query.where(Comment.held_reason == filters.held_reason)
        if filters.search.strip():
            matches = matching_comment_ids(session, filters.search)
            if matches is not None:
                query = query.where(Comment.id.in_(matches))
        return query

    def ids(self, filters: CommentFilter = CommentFilter()) -> list[int]:
        """Matching comment ids, oldest first: a queue is worked from its front."""
        return self.id_array(filters).tolist()

    def id_array(self, filters: CommentFilter = CommentFilter()) -> array[int]:
        """`ids`, packed: 8 bytes an id, where a list of a million ints holds 36 MB."""
        with self._sessions() as session:
            query = self._filtered(session, select(Comment.id), filters, live=False)
            ordered = query.order_by(Comment.received_at, Comment.id)
            found: Iterator[int] = (row[0] for row in _driver_rows(session, ordered))
            if not trash_is_empty(session):
                # The Trash's comments left out here, not in SQL: 10 ms more for a queue of
                # 600,000, where the query's NOT IN cost 80 ms (database/trash_filter.py).
                gone = set(session.scalars(comments_of_trashed_articles()))
                found = (comment_id for comment_id in found if comment_id not in gone)
            return array("q", found)

    def summaries(self, comment_ids: Sequence[int]) -> list[CommentSummary]:
        found: dict[int, CommentSummary] = {}
        with self._sessions() as session:
            for chunk in chunked(comment_ids):
                rows = session.execute(
                    select(
                        Comment.id,
                        Comment.article_id,
                        Article.title,
                        func.substr(Comment.body, 1, EXCERPT_LENGTH),
                        Comment.status,
                        Comment.held_reason,
                        Comment.received_at,
                    )
                    .join(Article, Article.id == Comment.article_id)
                    .where(Comment.id.in_(chunk))
                )
                for row in rows:
                    found[row[0]] = CommentSummary(
                        id=row[0],
                        article_id=row[1],
                        article_title=row[2],
                        excerpt=" ".join(row[3].split()),
                        status=row[4],
                        held_reason=row[5],
                        received_at=row[6],
                    )
        return [found[comment_id] for comment_id in comment_ids if comment_id in found]

    def get(self, comment_id: int) -> CommentDetail:
        with self._sessions() as session:
            comment = session.get(Comment, comment_id)
            if comment is None:
                raise NotFoundError(f"Comment {comment_id} does not exist.")
            article = session.get_one(Article, comment.article_id)
            return CommentDetail(
                id=comment.id,
                article_id=article.id,
                article_title=article.title,
                article_opening=opening_paragraph(article.body),
                position=comment.position,
                body=comment.body,
                status=comment.status,
                held_reason=comment.held_reason,
                received_at=comment.received_at,
            )

    def set_status(
        self, comment_ids: Iterable[int], status: CommentStatus, *, user: str
    ) -> StatusChange:
        """Move comments to `status` in one transaction, logging each real change."""
        with self._sessions.begin() as session:
            previous = self._current_statuses(session, list(comment_ids))
            changed = [(cid, old) for cid, old in previous if old != status]
            return self._change(session, changed, status, user)

    def set_status_matching(
        self, filters: CommentFilter, status: CommentStatus, *, user: str
    ) -> StatusChange:
        """Everything that matches the filter, at the moment of the action."""
        with self._sessions.begin() as session:
            query = self._filtered(session, select(Comment.id, Comment.status), filters)
            changed = [(cid, old) for cid, old in session.execute(query) if old != status]
            return self._change(session, changed, status, user)

    def undo(self, change: StatusChange, *, user: str) -> StatusChange:
        """Put every comment of `change` back to the status it had before it."""
        with self._sessions.begin() as session:
            current = dict(self._current_statuses(session, [cid for cid, _ in change.previous]))
            by_target: dict[CommentStatus, list[int]] = {}
            log: list[tuple[int, CommentStatus, CommentStatus]] = []
            for cid, old in change.previous:
                if cid in current and current[cid] != old:
                    by_target.setdefault(old, []).append(cid)
                    log.append((cid, current[cid], old))
            self._write(session, by_target, log, user)
            return StatusChange(
                previous=tuple((cid, now) for cid, now, _ in log), new_status=change.new_status
            )

    def _change(
        self,
        session: Session,
        changed: list[tuple[int, CommentStatus]],
        status: CommentStatus,
        user: str,
    ) -> StatusChange:
        log = [(cid, old, status) for cid, old in changed]
        self._write(session, {status: [cid for cid, _ in changed]}, log, user)
        return StatusChange(previous=tuple(changed), new_status=status)

    @staticmethod
    def _current_statuses(
        session: Session, comment_ids: list[int]
    ) -> list[tuple[int, CommentStatus]]:
        result: list[tuple[int, CommentStatus]] = []
        for chunk in chunked(comment_ids):
            rows = session.execute(select(Comment.id, Comment.status).where(Comment.id.in_(chunk)))
            result.extend((row[0], row[1]) for row in rows)
        return result

    @staticmethod
    def _write(
        session: Session,
        by_target: dict[CommentStatus, list[int]],
        log: list[tuple[int, CommentStatus, CommentStatus]],
        user: str,
    ) -> None:
        for target, ids in by_target.items():
            for chunk in chunked(ids):
                session.execute(update(Comment).where(Comment.id.in_(chunk)).values(status=target))
        if log:
            now = utc_now()
            # The table, not the mapped class: the ORM's bulk insert spent 0.1 s of a 10,000
            # comment action turning dictionaries into objects it never kept.
            session.execute(
                insert(ModerationEntry.__table__),
                [
                    {
                        "comment_id": cid,
                        "from_status": old,
                        "to_status": new,
                        "changed_by": user,
                        "changed_at": now,
                    }
                    for cid, old, new in log
                ],
            )
