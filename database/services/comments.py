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
from database.services import comment_articles
from database.services.chunks import chunked
from database.services.decision_reasons import clean_reason
from database.services.held_reasons import reasons_of
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
    decision_reason: str | None = None  # the reason given with the current status


@dataclass(frozen=True)
class CommentSummary:
    id: int
    article_id: int
    article_title: str
    excerpt: str
    status: CommentStatus
    held_reason: str | None
    received_at: datetime
    decision_reason: str | None = None


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
    decision_reason: str | None = None
    held_reasons: tuple[str, ...] = ()  # every rule that matched; the first is held_reason


@dataclass(frozen=True)
class StatusChange:
    """What one moderation action did, enough to undo it exactly.

    `previous_reasons`: the decision reasons the moved comments had (those that had one).
    `previous_held`: (id, held_reason, held_reasons) before an action that rewrote why
    comments are held (the rules applied to the pending queue), whether or not it moved them.
    """

    previous: tuple[tuple[int, CommentStatus], ...]
    new_status: CommentStatus
    reason: str | None = None
    previous_reasons: tuple[tuple[int, str], ...] = ()
    previous_held: tuple[tuple[int, str | None, str | None], ...] = ()

    @property
    def count(self) -> int:
        """Comments whose status it changed."""
        return len(self.previous)

    @property
    def touched(self) -> int:
        """Comments it changed in any way: moved, or held for other reasons."""
        return len({cid for cid, _ in self.previous} | {cid for cid, *_ in self.previous_held})


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

    def article_choices(
        self, typed: str, status: CommentStatus | None = None
    ) -> list[FilterChoice]:
        """A few articles with comments (in `status`) for what was typed of a title, with
        their counts: the queue's article filter offers these as someone types."""
        with self._sessions() as session:
            found = comment_articles.article_choices(session, typed, status)
        return [FilterChoice(*row) for row in found]

    def article_choice(
        self, article_id: int, status: CommentStatus | None = None
    ) -> FilterChoice | None:
        """The article as a choice of the filter (its title, its count); None if gone."""
        with self._sessions() as session:
            found = comment_articles.article_choice(session, article_id, status)
        return None if found is None else FilterChoice(*found)

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
        if filters.decision_reason is not None:
            query = query.where(Comment.decision_reason == filters.decision_reason)
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
                        Comment.decision_reason,
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
                        decision_reason=row[7],
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
                decision_reason=comment.decision_reason,
                held_reasons=reasons_of(comment.held_reason, comment.held_reasons),
            )

    def decision_reasons(self, status: CommentStatus | None = None) -> list[FilterChoice]:
        """The reasons given with the comments' decisions, most frequent first, with their
        counts (from the small index of comments decided with a reason)."""
        with self._sessions() as session:
            query = select(Comment.decision_reason, func.count()).where(
                Comment.decision_reason.is_not(None)
            )
            if status is not None:
                query = query.where(Comment.status == status)
            query = query.group_by(Comment.decision_reason)
            found = Counter({reason: n for reason, n in session.execute(query)})
            if not trash_is_empty(session):
                found.subtract({reason: n for reason, n in session.execute(trashed_part(query))})
        given = sorted(
            ((reason, count) for reason, count in found.items() if count > 0),
            key=lambda row: (-row[1], row[0]),
        )
        return [FilterChoice(reason, reason, count) for reason, count in given]

    def set_status(
        self,
        comment_ids: Iterable[int],
        status: CommentStatus,
        *,
        user: str,
        reason: str | None = None,
    ) -> StatusChange:
        """Move comments to `status` in one transaction, logging each real change; `reason`
        (one of the newsroom's, or none) is stored with the decision, in place of any earlier
        one."""
        reason = clean_reason(reason)
        with self._sessions.begin() as session:
            current = self._current(session, list(comment_ids))
            return self._change(session, current, status, user, reason)

    def set_status_matching(
        self,
        filters: CommentFilter,
        status: CommentStatus,
        *,
        user: str,
        reason: str | None = None,
    ) -> StatusChange:
        """Everything that matches the filter, at the moment of the action."""
        reason = clean_reason(reason)
        with self._sessions.begin() as session:
            query = self._filtered(
                session, select(Comment.id, Comment.status, Comment.decision_reason), filters
            )
            current = [(cid, old, given) for cid, old, given in session.execute(query)]
            return self._change(session, current, status, user, reason)

    def undo(self, change: StatusChange, *, user: str) -> StatusChange:
        """Put every comment of `change` back to the status (and decision reason) it had
        before it, and where it rewrote why comments are held, the reasons they had."""
        with self._sessions.begin() as session:
            found = self._current(session, [cid for cid, _ in change.previous])
            current = {cid: (now, given) for cid, now, given in found}
            by_target: dict[CommentStatus, list[int]] = {}
            log: list[tuple[int, CommentStatus, CommentStatus]] = []
            for cid, old in change.previous:
                if cid in current and current[cid][0] != old:
                    by_target.setdefault(old, []).append(cid)
                    log.append((cid, current[cid][0], old))
            self._write(session, by_target, log, user, action="undo")
            put_back = {cid for cid, _now, _old in log}
            by_reason: dict[str, list[int]] = {}
            for cid, given in change.previous_reasons:
                if cid in put_back:
                    by_reason.setdefault(given, []).append(cid)
            for given, ids in by_reason.items():
                for chunk in chunked(ids):
                    session.execute(
                        update(Comment).where(Comment.id.in_(chunk)).values(decision_reason=given)
                    )
            self._restore_held(session, change.previous_held)
            return StatusChange(
                previous=tuple((cid, now) for cid, now, _ in log),
                new_status=change.new_status,
                previous_reasons=tuple(
                    (cid, current[cid][1])
                    for cid in put_back
                    if current[cid][1] is not None
                ),
            )

    @staticmethod
    def _restore_held(
        session: Session, previous: tuple[tuple[int, str | None, str | None], ...]
    ) -> None:
        by_value: dict[tuple[str | None, str | None], list[int]] = {}
        for cid, held, every in previous:
            by_value.setdefault((held, every), []).append(cid)
        for (held, every), ids in by_value.items():
            for chunk in chunked(ids):
                session.execute(
                    update(Comment)
                    .where(Comment.id.in_(chunk))
                    .values(held_reason=held, held_reasons=every)
                )

    def _change(
        self,
        session: Session,
        current: list[tuple[int, CommentStatus, str | None]],
        status: CommentStatus,
        user: str,
        reason: str | None = None,
    ) -> StatusChange:
        changed = [(cid, old) for cid, old, _given in current if old != status]
        reasons = tuple(
            (cid, given) for cid, old, given in current if old != status and given is not None
        )
        log = [(cid, old, status) for cid, old in changed]
        self._write(session, {status: [cid for cid, _ in changed]}, log, user, reason=reason)
        return StatusChange(
            previous=tuple(changed), new_status=status, reason=reason, previous_reasons=reasons
        )

    @staticmethod
    def _current(
        session: Session, comment_ids: list[int]
    ) -> list[tuple[int, CommentStatus, str | None]]:
        """Each comment's status and decision reason, as they are in this transaction."""
        result: list[tuple[int, CommentStatus, str | None]] = []
        for chunk in chunked(comment_ids):
            rows = session.execute(
                select(Comment.id, Comment.status, Comment.decision_reason).where(
                    Comment.id.in_(chunk)
                )
            )
            result.extend((row[0], row[1], row[2]) for row in rows)
        return result

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
        *,
        reason: str | None = None,
        action: str | None = None,
    ) -> None:
        """The statuses, each with `reason` as its decision reason (none clears an earlier
        one: a reason belongs to the decision it came with), and the log's entries."""
        for target, ids in by_target.items():
            for chunk in chunked(ids):
                session.execute(
                    update(Comment)
                    .where(Comment.id.in_(chunk))
                    .values(status=target, decision_reason=reason)
                )
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
                        "reason": reason,
                        "action": action,
                    }
                    for cid, old, new in log
                ],
            )
