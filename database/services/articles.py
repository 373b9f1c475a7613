"""Articles: create, edit with revisions, list and search."""

from __future__ import annotations

import enum
from array import array
from collections.abc import Iterable, Sequence
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
from database.trash_filter import IN_TRASH, LIVE, trash_is_empty, trashed_article_ids

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
    # Who wrote this version (saved last, or created it); "" when not known (an import, or an
    # article created before Copydesk recorded who created it).
    updated_by: str = ""


@dataclass(frozen=True)
class RevisionInfo:
    """A version as it was before a save replaced it: `saved_by` wrote it, at `saved_at`.

    `status`, `author_id` and `notes` are None in revisions kept before migration 0006 (not
    recorded then); `author_name` is "" when there is no author, or the author is gone.
    """

    id: int
    article_id: int
    number: int
    title: str
    body: str
    saved_by: str
    saved_at: datetime
    status: ArticleStatus | None = None
    author_id: int | None = None
    author_name: str = ""
    notes: str | None = None
    reason: str = ""  # why the version after this one was published past the checklist


def _validate_title(title: str) -> str:
    """Refused, not cleaned: the title stored is the one the editor shows, so the two never
    disagree. What export could not write is refused here, before it is stored."""
    if not title.strip():
        raise ValidationError("An article needs a title.", field="title")
    if "\n" in title or "\r" in title:
        raise ValidationError("A title is a single line.", field="title")
    if "\0" in title:
        raise ValidationError(
            "The title holds a NUL character, an invisible one that no file can keep: type "
            "the title again rather than pasting it.",
            field="title",
        )
    if title.startswith("\ufeff"):
        # A file would start with it, and reading takes it for a byte-order mark and drops it.
        raise ValidationError(
            "The title starts with an invisible character (U+FEFF, a byte-order mark, usually "
            "pasted along with text from a file). Delete it: put the cursor at the very start "
            "of the title and press Delete.",
            field="title",
        )
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            "The title holds a broken character (half of a surrogate pair); type it again.",
            field="title",
        ) from None
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


def _refuse_if_trashed(article: Article) -> None:
    """A trashed article is out of every list; an editor that still shows it cannot save."""
    if article.deleted_at is not None:
        who = f" by {article.deleted_by}" if article.deleted_by else ""
        raise NotFoundError(
            f"“{article.title}” was moved to the Trash{who}. Restore it from the Trash to "
            "work on it again."
        )


def _trashed_ids(session: Session) -> set[int]:
    """The articles in the Trash, read through the small index on deleted_at, for the list to
    drop as it reads its ids. Told `deleted_at IS NULL`, SQLite would read every article's row
    instead of the index it sorts by: the list of 100,000 took 105 ms rather than 25 ms."""
    return set(session.scalars(trashed_article_ids()))


def _stale(title: str, expected_version: int, found: int | None = None) -> StaleVersionError:
    now = f"version {found}, " if found is not None else ""
    return StaleVersionError(
        f"“{title}” was changed elsewhere since it was opened "
        f"({now}you started from {expected_version})."
    )


def _revision(revision: ArticleRevision, author_name: str | None) -> RevisionInfo:
    return RevisionInfo(
        id=revision.id,
        article_id=revision.article_id,
        number=revision.number,
        title=revision.title,
        body=revision.body,
        saved_by=revision.saved_by,
        saved_at=revision.saved_at,
        status=revision.status,
        author_id=revision.author_id,
        author_name=author_name or "",
        notes=revision.notes,
        reason=revision.reason or "",
    )


def _next_revision_number(session: Session, article_id: int) -> int:
    last = session.scalar(
        select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article_id)
    )
    return (last or 0) + 1


def keep_revision(session: Session, article: Article, *, reason: str = "") -> None:
    """Store the article as it is now, before a change replaces it: named after whoever
    wrote this version (its last save), at the time they did, not after who replaces it.

    `reason`: why the version replacing it is published past the pre-publish checklist.
    """
    session.add(
        ArticleRevision(
            article_id=article.id,
            number=_next_revision_number(session, article.id),
            title=article.title,
            body=article.body,
            saved_by=article.updated_by,
            saved_at=article.updated_at,
            status=article.status,
            author_id=article.author_id,
            notes=article.notes,
            reason=reason,
        )
    )


def _may_restore_status(current: ArticleStatus, kept: ArticleStatus) -> bool:
    return kept == current or (
        kept in ALLOWED_MOVES[current] and kept is not ArticleStatus.PUBLISHED
    )


def restore_leaves(revision: RevisionInfo, restored: ArticleDetail) -> list[str]:
    """What a restore of `revision` left as it was (see ArticleService.restore_revision):
    "status", "author", in words for the person who restored it."""
    if revision.status is None:
        return []
    left: list[str] = []
    if revision.status != restored.status:
        left.append(f"the status stays {STATUS_LABELS[restored.status]}")
    if revision.author_id != restored.author_id:
        left.append("the author stays (the revision's author no longer exists)")
    return left


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
        .where(Article.id.in_(ids), LIVE)
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
        created_by: str = "",
    ) -> ArticleDetail:
        """A new article; `created_by` is its first version's writer, for the history."""
        _validate_title(title)
        with operational_errors_reported("create the article"), self._sessions.begin() as session:
            if author_id is not None and session.get(Author, author_id) is None:
                raise ValidationError("That author no longer exists.", field="author")
            article = Article(
                title=title,
                body=body,
                author_id=author_id,
                status=status,
                notes=notes,
                updated_by=created_by,
            )
            session.add(article)
            session.flush()
            return _detail(article)

    def get(self, article_id: int) -> ArticleDetail:
        """The article; NotFoundError if it is gone or in the Trash (TrashService lists those)."""
        with self._sessions() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"Article {article_id} does not exist.")
            _refuse_if_trashed(article)
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
        publish_reason: str = "",
    ) -> ArticleDetail:
        """Save an edit made from the copy at `expected_version`; the version it replaces
        (title, text, status, author and notes) becomes a revision, named after its writer.

        `publish_reason`: why this save publishes past the pre-publish checklist; kept on that
        revision, so that the history says it of the version saved now.

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
            _refuse_if_trashed(article)
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
            replaced = (article.title, article.body, article.status, article.author_id)
            if replaced != (title, body, status, author_id) or notes != article.notes:
                # The version as read: if the UPDATE below lands, it is exactly what it replaces.
                keep_revision(session, article, reason=publish_reason.strip())
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
        with (
            operational_errors_reported(f"delete article {article_id}"),
            self._sessions.begin() as session,
        ):
            article = session.get(Article, article_id)
            if article is not None:
                session.delete(article)

    def revisions(self, article_id: int) -> list[RevisionInfo]:
        """Earlier versions of the article, newest first."""
        with self._sessions() as session:
            rows = session.execute(
                select(ArticleRevision, Author.display_name)
                .outerjoin(Author, Author.id == ArticleRevision.author_id)
                .where(ArticleRevision.article_id == article_id)
                .order_by(ArticleRevision.number.desc())
            )
            return [_revision(revision, name) for revision, name in rows]

    def add_revision(
        self,
        article_id: int,
        *,
        title: str,
        body: str,
        status: ArticleStatus,
        author_id: int | None,
        notes: str,
        saved_by: str,
    ) -> RevisionInfo:
        """Keep a version that never became the article's (the unsaved text of someone whose
        article was taken over) as its newest revision; the article itself stays as it is."""
        _validate_title(title)
        with (
            operational_errors_reported(f"keep a revision of article {article_id}"),
            self._sessions.begin() as session,
        ):
            if session.get(Article, article_id) is None:
                raise NotFoundError(f"Article {article_id} was deleted.")
            author = None if author_id is None else session.get(Author, author_id)
            revision = ArticleRevision(
                article_id=article_id,
                number=_next_revision_number(session, article_id),
                title=title,
                body=body,
                saved_by=saved_by,
                saved_at=_utc_now(),
                status=status,
                author_id=author_id if author is not None else None,
                notes=notes,
                reason="",
            )
            session.add(revision)
            session.flush()
            return _revision(revision, author.display_name if author is not None else None)

    def restore_revision(
        self, article_id: int, revision_id: int, *, expected_version: int, user: str
    ) -> ArticleDetail:
        """Make a revision current again, with what it holds: title and text, and the status,
        author and notes where it recorded them (revisions older than migration 0006 did not:
        those stay as they are now). What it replaces is kept as a revision too.

        The status comes back only by a move the workflow allows and never to Published,
        which goes past the pre-publish checklist; an author deleted since stays away. Both
        then stay as they are now: `restore_leaves` says which.
        """
        with self._sessions() as session:
            revision = session.get(ArticleRevision, revision_id)
            if revision is None or revision.article_id != article_id:
                raise NotFoundError(f"Revision {revision_id} of article {article_id} is gone.")
            current = session.get(Article, article_id)
            if current is None:
                raise NotFoundError(f"Article {article_id} was deleted.")
            status, author_id, notes = current.status, current.author_id, current.notes
            if revision.status is not None:  # recorded: status, author and notes
                notes = revision.notes or ""
                if _may_restore_status(current.status, revision.status):
                    status = revision.status
                if revision.author_id is None or session.get(Author, revision.author_id):
                    author_id = revision.author_id
            title, body = revision.title, revision.body
        return self.save(
            article_id,
            title=title,
            body=body,
            status=status,
            author_id=author_id,
            notes=notes,
            expected_version=expected_version,
            user=user,
        )

    # --- the list --------------------------------------------------------------------------

    def _filtered(self, session: Session, query: Select, filters: ArticleFilter) -> Select | None:  # type: ignore[type-arg]
        # The Trash is left out by the callers, not here: see `_trashed_ids`.
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
            trashed = _trashed_ids(session)
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
                found: Iterable[int] = chain.from_iterable(result.cursor)  # one-column rows
                if trashed:
                    found = (article_id for article_id in found if article_id not in trashed)
                return array("q", found)
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
        """How many articles pass the filter, those in the Trash left out (subtracted)."""
        with self._sessions() as session:
            query = self._filtered(session, select(func.count(Article.id)), filters)
            total = session.scalar(query) or 0
            if not trash_is_empty(session):
                total -= session.scalar(query.where(IN_TRASH)) or 0
            return total

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
