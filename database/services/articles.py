"""Articles: create, edit with revisions, list and search."""

from __future__ import annotations

import enum
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from database.engine import operational_errors_reported, write_transaction_options
from database.errors import NotFoundError, StaleVersionError, ValidationError
from database.models import Article, ArticleRevision, ArticleStatus, Author, Comment, CommentStatus
from database.models import utc_now as _utc_now
from database.search import article_id_set, matching_article_ids
from database.services.chunks import CHUNK_SIZE, chunked

# Which status an article may move to from each status, in the editor's drop-down order.
ALLOWED_MOVES: dict[ArticleStatus, tuple[ArticleStatus, ...]] = {
    ArticleStatus.DRAFT: (ArticleStatus.IN_REVIEW,),
    ArticleStatus.IN_REVIEW: (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED),
    ArticleStatus.PUBLISHED: (ArticleStatus.IN_REVIEW, ArticleStatus.ARCHIVED),
    ArticleStatus.ARCHIVED: (ArticleStatus.PUBLISHED,),
}

STATUS_LABELS = {
    ArticleStatus.DRAFT: "Draft",
    ArticleStatus.IN_REVIEW: "In review",
    ArticleStatus.PUBLISHED: "Published",
    ArticleStatus.ARCHIVED: "Archived",
}


def allowed_statuses(current: ArticleStatus) -> tuple[ArticleStatus, ...]:
    """The statuses an article in `current` may be saved with, `current` first."""
    return (current, *ALLOWED_MOVES[current])


# Why a status is not among the moves offered, wherever it is not (see ALLOWED_MOVES).
WHY_NOT_OFFERED = {
    ArticleStatus.PUBLISHED: "Publishing needs a review first",
    ArticleStatus.ARCHIVED: "Only a published article is archived",
    ArticleStatus.DRAFT: "Back to draft only through review",
    ArticleStatus.IN_REVIEW: "Back to review only from Published",
}
# The order in which a missing status is worth explaining: the way to Published first.
_EXPLAINED_FIRST = (
    ArticleStatus.PUBLISHED,
    ArticleStatus.IN_REVIEW,
    ArticleStatus.DRAFT,
    ArticleStatus.ARCHIVED,
)


def status_route(current: ArticleStatus, target: ArticleStatus) -> tuple[ArticleStatus, ...]:
    """The shortest chain of allowed moves from `current` to `target`, both included."""
    routes: dict[ArticleStatus, tuple[ArticleStatus, ...]] = {current: (current,)}
    waiting = [current]
    while waiting and target not in routes:
        step = waiting.pop(0)
        for following in ALLOWED_MOVES[step]:
            if following not in routes:
                routes[following] = (*routes[step], following)
                waiting.append(following)
    return routes[target]


def _route_text(current: ArticleStatus, target: ArticleStatus) -> str:
    return " → ".join(STATUS_LABELS[status] for status in status_route(current, target))


def statuses_not_offered(current: ArticleStatus) -> tuple[ArticleStatus, ...]:
    offered = allowed_statuses(current)
    return tuple(status for status in _EXPLAINED_FIRST if status not in offered)


def status_hint(current: ArticleStatus) -> str:
    """One line beside the status list: the most useful move it does not offer, and why."""
    missing = statuses_not_offered(current)
    if not missing:
        return ""
    target = missing[0]
    return f"{WHY_NOT_OFFERED[target]}: {_route_text(current, target)}"


def status_moves_explained(current: ArticleStatus) -> str:
    """Every move from `current`, offered or not, with the way to each one that is not."""
    offered = ", ".join(STATUS_LABELS[status] for status in ALLOWED_MOVES[current])
    lines = [f"From {STATUS_LABELS[current]} an article can go to: {offered}."]
    for target in statuses_not_offered(current):
        lines.append(
            f"{STATUS_LABELS[target]} is not offered. {WHY_NOT_OFFERED[target]}: "
            f"{_route_text(current, target)}."
        )
    return "\n".join(lines)


class ArticleSort(enum.StrEnum):
    TITLE = "title"
    AUTHOR = "author"
    STATUS = "status"
    COMMENTS = "comments"
    UPDATED = "updated"


@dataclass(frozen=True)
class ArticleFilter:
    search: str = ""
    status: ArticleStatus | None = None
    author_id: int | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list."""

    id: int
    title: str
    author_id: int | None
    author_name: str
    status: ArticleStatus
    pending_comments: int
    approved_comments: int
    updated_at: datetime


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    title: str
    body: str
    status: ArticleStatus
    author_id: int | None
    author_name: str
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str = ""  # who saved last; "" when nobody has since it was created or imported


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    article_id: int
    number: int
    title: str
    body: str
    saved_by: str
    saved_at: datetime


def _validate_title(title: str) -> str:
    if not title.strip():
        raise ValidationError("An article needs a title.", field="title")
    if "\n" in title or "\r" in title:
        raise ValidationError("A title is a single line.", field="title")
    return title


def _detail(article: Article) -> ArticleDetail:
    return ArticleDetail(
        id=article.id,
        title=article.title,
        body=article.body,
        status=article.status,
        author_id=article.author_id,
        author_name=article.author.display_name if article.author else "",
        notes=article.notes,
        version=article.version,
        created_at=article.created_at,
        updated_at=article.updated_at,
        updated_by=article.updated_by,
    )


def _stale(title: str, expected_version: int, found: int | None = None) -> StaleVersionError:
    now = f"version {found}, " if found is not None else ""
    return StaleVersionError(
        f"“{title}” was changed elsewhere since it was opened "
        f"({now}you started from {expected_version})."
    )


def _revision(revision: ArticleRevision) -> RevisionInfo:
    return RevisionInfo(
        id=revision.id,
        article_id=revision.article_id,
        number=revision.number,
        title=revision.title,
        body=revision.body,
        saved_by=revision.saved_by,
        saved_at=revision.saved_at,
    )


def keep_revision(session: Session, article: Article, user: str) -> None:
    """Store the article as it is now, before a change replaces it."""
    last = session.scalar(
        select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)
    )
    session.add(
        ArticleRevision(
            article_id=article.id,
            number=(last or 0) + 1,
            title=article.title,
            body=article.body,
            saved_by=user,
            saved_at=article.updated_at,
        )
    )


def _comment_count(status: CommentStatus):  # type: ignore[no-untyped-def]
    return func.coalesce(func.sum(case((Comment.status == status, 1), else_=0)), 0)


def _summaries_statement() -> Select[Any]:
    """The list's rows for a block of ids, built once: building it anew for every block the
    list fetches cost three times what the database takes to answer it."""
    ids = bindparam("ids", expanding=True)
    counts = (
        select(
            Comment.article_id,
            _comment_count(CommentStatus.PENDING).label("pending"),
            _comment_count(CommentStatus.APPROVED).label("approved"),
        )
        .where(Comment.article_id.in_(ids))
        .group_by(Comment.article_id)
        .subquery()
    )
    return (
        select(
            Article.id,
            Article.title,
            Article.author_id,
            Author.display_name,
            Article.status,
            counts.c.pending,
            counts.c.approved,
            Article.updated_at,
        )
        .outerjoin(Author, Author.id == Article.author_id)
        .outerjoin(counts, counts.c.article_id == Article.id)
        .where(Article.id.in_(ids))
    )


SUMMARIES = _summaries_statement()


class ArticleService:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._sessions = session_factory

    def create(
        self,
        title: str,
        body: str = "",
        *,
        author_id: int | None = None,
        status: ArticleStatus = ArticleStatus.DRAFT,
        notes: str = "",
    ) -> ArticleDetail:
        _validate_title(title)
        with self._sessions.begin() as session:
            if author_id is not None and session.get(Author, author_id) is None:
                raise ValidationError("That author no longer exists.", field="author")
            article = Article(
                title=title, body=body, author_id=author_id, status=status, notes=notes
            )
            session.add(article)
            session.flush()
            return _detail(article)

    def get(self, article_id: int) -> ArticleDetail:
        with self._sessions() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"Article {article_id} does not exist.")
            return _detail(article)

    def save(
        self,
        article_id: int,
        *,
        title: str,
        body: str,
        status: ArticleStatus,
        author_id: int | None,
        notes: str,
        expected_version: int,
        user: str,
    ) -> ArticleDetail:
        """Save an edit made from the copy at `expected_version`; old text becomes a revision.

        Refused with StaleVersionError if anyone saved the article since that version. The
        check is the UPDATE itself (`WHERE version = expected`), so two saves racing from the
        same version cannot both land, on either database.
        """
        _validate_title(title)
        with (
            operational_errors_reported(f"save article {article_id}"),
            self._sessions.begin() as session,
        ):
            session.connection(execution_options=write_transaction_options())
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"Article {article_id} was deleted.")
            if article.version != expected_version:
                raise _stale(article.title, expected_version, article.version)
            if status != article.status and status not in ALLOWED_MOVES[article.status]:
                raise ValidationError(
                    f"An article cannot move from {STATUS_LABELS[article.status]} "
                    f"to {STATUS_LABELS[status]}.",
                    field="status",
                )
            if author_id is not None and session.get(Author, author_id) is None:
                raise ValidationError("That author no longer exists.", field="author")
            if title != article.title or body != article.body:
                # The text as read: if the UPDATE below lands, it is exactly what it replaces.
                keep_revision(session, article, user)
            changed = session.execute(
                update(Article)
                .where(Article.id == article_id, Article.version == expected_version)
                .values(
                    title=title,
                    body=body,
                    status=status,
                    author_id=author_id,
                    notes=notes,
                    version=expected_version + 1,
                    updated_at=_utc_now(),
                    updated_by=user,
                )
                .execution_options(synchronize_session=False)
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                raise _stale(article.title, expected_version)
            session.expire(article)
            return _detail(article)

    def delete(self, article_id: int) -> None:
        with self._sessions.begin() as session:
            article = session.get(Article, article_id)
            if article is not None:
                session.delete(article)

    def revisions(self, article_id: int) -> list[RevisionInfo]:
        """Earlier versions of the article, newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ArticleRevision)
                .where(ArticleRevision.article_id == article_id)
                .order_by(ArticleRevision.number.desc())
            )
            return [_revision(row) for row in rows]

    def restore_revision(
        self, article_id: int, revision_id: int, *, expected_version: int, user: str
    ) -> ArticleDetail:
        """Make a revision's text current again; what it replaces is kept as a revision too."""
        with self._sessions() as session:
            revision = session.get(ArticleRevision, revision_id)
            if revision is None or revision.article_id != article_id:
                raise NotFoundError(f"Revision {revision_id} of article {article_id} is gone.")
            title, body = revision.title, revision.body
        current = self.get(article_id)
        return self.save(
            article_id,
            title=title,
            body=body,
            status=current.status,
            author_id=current.author_id,
            notes=current.notes,
            expected_version=expected_version,
            user=user,
        )

    # --- the list --------------------------------------------------------------------------

    def _filtered(self, session: Session, query: Select, filters: ArticleFilter) -> Select | None:  # type: ignore[type-arg]
        if filters.status is not None:
            query = query.where(Article.status == filters.status)
        if filters.author_id is not None:
            query = query.where(Article.author_id == filters.author_id)
        if filters.search.strip():
            matches = matching_article_ids(session, filters.search)
            if matches is not None:
                query = query.where(Article.id.in_(matches))
        return query

    def ids(
        self,
        filters: ArticleFilter = ArticleFilter(),
        sort: ArticleSort = ArticleSort.UPDATED,
        descending: bool = True,
    ) -> list[int]:
        """The ids of every article that passes the filter, in list order.

        Ids only: the list view fetches the rows it shows through `summaries`.
        """
        return self.id_array(filters, sort, descending).tolist()

    def id_array(
        self,
        filters: ArticleFilter = ArticleFilter(),
        sort: ArticleSort = ArticleSort.UPDATED,
        descending: bool = True,
    ) -> array[int]:
        """`ids`, packed: 8 bytes an id, where a list of 100,000 ints holds 3.6 MB."""
        with self._sessions() as session:
            query = self._filtered(session, select(Article.id), filters)
            key = {
                ArticleSort.TITLE: func.lower(Article.title),
                ArticleSort.STATUS: Article.status,
                ArticleSort.UPDATED: Article.updated_at,
            }.get(sort)
            if sort is ArticleSort.AUTHOR:
                query = query.outerjoin(Author, Author.id == Article.author_id)
                key = func.lower(func.coalesce(Author.display_name, ""))
            elif sort is ArticleSort.COMMENTS:
                counts = (
                    select(Comment.article_id, func.count().label("n"))
                    .group_by(Comment.article_id)
                    .subquery()
                )
                query = query.outerjoin(counts, counts.c.article_id == Article.id)
                key = func.coalesce(counts.c.n, 0)
            assert key is not None
            order = key.desc() if descending else key.asc()
            tie = Article.id.desc() if descending else Article.id.asc()
            # Straight from the driver's cursor: SQLAlchemy's rows (or a list of ints) would
            # cost more memory, for a moment, than the ids kept.
            result = session.connection().execute(query.order_by(order, tie))
            try:
                return array("q", chain.from_iterable(result.cursor))  # one-column rows
            finally:
                result.close()

    def matching_ids(self, search: str) -> set[int] | None:
        """The ids of the articles the search finds (title, text or a comment), in no order;
        None when the input holds no word to search for, so that every article passes.

        For a list that holds its order already: keeping the ids found in it is faster, as
        someone types, than having the database sort them all again.
        """
        with self._sessions() as session:
            return article_id_set(session, search)

    def count(self, filters: ArticleFilter = ArticleFilter()) -> int:
        with self._sessions() as session:
            query = self._filtered(session, select(func.count(Article.id)), filters)
            return session.scalar(query) or 0

    def summaries(self, article_ids: Sequence[int]) -> list[ArticleSummary]:
        """Rows for the given ids, in the order given; ids that no longer exist are left out."""
        found: dict[int, ArticleSummary] = {}
        with self._sessions() as session:
            # The ids are bound twice in the statement: half a chunk keeps under the limit.
            for chunk in chunked(article_ids, CHUNK_SIZE // 2):
                rows = session.execute(SUMMARIES, {"ids": list(chunk)})
                for row in rows:
                    found[row[0]] = ArticleSummary(
                        id=row[0],
                        title=row[1],
                        author_id=row[2],
                        author_name=row[3] or "",
                        status=row[4],
                        pending_comments=row[5] or 0,
                        approved_comments=row[6] or 0,
                        updated_at=row[7],
                    )
        return [found[article_id] for article_id in article_ids if article_id in found]
