"""The Trash: trashed articles and their comments leave every list and count, come back as
they were, and are deleted for good only by hand or after 30 days (SQLite and PostgreSQL)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from database.choices import ConflictPolicy
from database.engine import Database
from database.errors import NotFoundError
from database.models import Article, ArticleRevision, Comment, ImportRecord, ModerationEntry
from database.services.articles import ArticleFilter, ArticleService, ArticleSort
from database.services.authors import AuthorChanges, AuthorService
from database.services.changes import ChangeCounter, ChangeKind, ChangeListener, uses_notify
from database.services.comments import CommentFilter, CommentService
from database.services.exporting import export_articles
from database.services.importing import Importer, Outcome
from database.services.trash import TrashCount, TrashService
from database.statuses import ArticleStatus, CommentStatus
from database.textformat import ParsedArticle, ParsedComment, write_bytes

HELD = "too many links"
BIO = "Ann writes about the harbour."


@dataclass
class Desk:
    database: Database
    articles: ArticleService
    comments: CommentService
    authors: AuthorService
    trash: TrashService
    harbour: int  # two comments: one pending (held), one approved
    budget: int  # three comments: two pending, one spam
    quiet: int  # no comments
    author_id: int


def add_comments(database: Database, article_id: int, *found: tuple[str, CommentStatus]) -> None:
    with database.session_factory.begin() as session:
        for position, (body, status) in enumerate(found, 1):
            held = HELD if "http" in body else None
            session.add(
                Comment(
                    article_id=article_id,
                    position=position,
                    body=body,
                    status=status,
                    held_reason=held,
                )
            )


@pytest.fixture
def desk(database: Database) -> Desk:
    factory = database.session_factory
    authors = AuthorService(factory)
    ann = authors.create(AuthorChanges(display_name="Ann Writer", bio=BIO))
    articles = ArticleService(factory)
    harbour = articles.create(
        "Harbour reopens", "The ferry sails again.", author_id=ann.id,
        status=ArticleStatus.IN_REVIEW,
    )  # fmt: skip
    budget = articles.create("Council budget", "Cuts to libraries.", author_id=ann.id)
    quiet = articles.create("Quiet week", "Nothing happened.", author_id=ann.id)
    add_comments(
        database,
        harbour.id,
        ("see http://spam.example lighthouse", CommentStatus.PENDING),
        ("Lovely lighthouse news", CommentStatus.APPROVED),
    )
    add_comments(
        database,
        budget.id,
        ("Libraries matter", CommentStatus.PENDING),
        ("Shame on the council", CommentStatus.PENDING),
        ("cheap pills", CommentStatus.SPAM),
    )
    return Desk(
        database, articles, CommentService(factory), authors, TrashService(factory),
        harbour.id, budget.id, quiet.id, ann.id,
    )  # fmt: skip


def test_a_trashed_article_and_its_comments_leave_every_list_and_count(desk: Desk) -> None:
    moved = desk.trash.trash([desk.harbour], by="bob")
    assert moved == TrashCount(articles=1, comments=2)

    assert sorted(desk.articles.ids()) == sorted([desk.budget, desk.quiet])
    assert desk.articles.count() == 2
    assert desk.harbour not in desk.articles.ids(sort=ArticleSort.COMMENTS)
    assert desk.articles.ids(ArticleFilter(search="ferry")) == []  # its text
    assert desk.articles.ids(ArticleFilter(search="lighthouse")) == []  # its comments
    assert desk.articles.ids(ArticleFilter(status=ArticleStatus.IN_REVIEW)) == []
    assert desk.articles.summaries([desk.harbour, desk.budget])[0].id == desk.budget

    assert desk.comments.counts() == {
        CommentStatus.PENDING: 2,
        CommentStatus.APPROVED: 0,
        CommentStatus.SPAM: 1,
        CommentStatus.REJECTED: 0,
    }
    assert desk.comments.count() == 2
    assert desk.comments.count(CommentFilter(status=None, search="lighthouse")) == 0
    assert desk.comments.ids(CommentFilter(status=None, search="lighthouse")) == []
    assert len(desk.comments.ids(CommentFilter(status=None))) == 3
    assert desk.comments.held_reasons(CommentStatus.PENDING) == []
    assert [c.value for c in desk.comments.articles_with_comments()] == [desk.budget]
    assert desk.authors.list()[0].article_count == 2
    change = desk.comments.set_status_matching(
        CommentFilter(status=CommentStatus.PENDING), CommentStatus.APPROVED, user="mod"
    )
    assert change.count == 2  # the budget's two, not the harbour's held one


def test_the_trash_lists_what_was_deleted_when_and_by_whom(desk: Desk) -> None:
    before = datetime.now(UTC)
    desk.trash.trash([desk.harbour], by="bob")
    desk.trash.trash([desk.quiet, desk.harbour], by="cy")  # the harbour keeps bob's move
    listed = desk.trash.list()
    assert [(a.id, a.deleted_by, a.comments) for a in listed] == [
        (desk.quiet, "cy", 0),
        (desk.harbour, "bob", 2),
    ]
    harbour = listed[1]
    assert harbour.title == "Harbour reopens"
    assert harbour.author_name == "Ann Writer"
    assert harbour.status is ArticleStatus.IN_REVIEW
    assert before <= harbour.deleted_at <= datetime.now(UTC)
    assert harbour.deleted_forever_at == harbour.deleted_at + timedelta(days=30)
    assert desk.trash.count() == TrashCount(articles=2, comments=2)


def test_restore_brings_the_article_and_its_comments_back_as_they_were(desk: Desk) -> None:
    saved = desk.articles.save(
        desk.harbour, title="Harbour reopens", body="The ferry sails again, daily.",
        status=ArticleStatus.IN_REVIEW, author_id=desk.author_id, notes="check times",
        expected_version=1, user="ann",
    )  # fmt: skip
    comments_before = desk.comments.ids(CommentFilter(status=None, article_id=desk.harbour))
    desk.trash.trash([desk.harbour], by="bob")
    restored = desk.trash.restore([desk.harbour, desk.budget])  # the budget is not in the Trash
    assert restored == TrashCount(articles=1, comments=2)
    detail = desk.articles.get(desk.harbour)
    assert (detail.status, detail.notes, detail.version) == (
        ArticleStatus.IN_REVIEW,
        "check times",
        saved.version,
    )
    assert desk.articles.revisions(desk.harbour)[0].body == "The ferry sails again."
    assert desk.comments.ids(CommentFilter(status=None, article_id=desk.harbour)) == comments_before
    assert [c.status for c in map(desk.comments.get, comments_before)] == [
        CommentStatus.PENDING,
        CommentStatus.APPROVED,
    ]
    assert desk.comments.held_reasons(CommentStatus.PENDING)[0].count == 1
    assert desk.trash.list() == []


def test_a_trashed_article_cannot_be_opened_or_saved(desk: Desk) -> None:
    desk.trash.trash([desk.quiet], by="bob")
    with pytest.raises(NotFoundError, match="moved to the Trash by bob"):
        desk.articles.get(desk.quiet)
    with pytest.raises(NotFoundError, match="Trash"):
        desk.articles.save(
            desk.quiet, title="Quiet week", body="Something happened.",
            status=ArticleStatus.DRAFT, author_id=desk.author_id, notes="",
            expected_version=1, user="ann",
        )  # fmt: skip


def test_purge_deletes_only_what_was_trashed_more_than_30_days_ago(desk: Desk) -> None:
    desk.trash.trash([desk.harbour], by="bob")
    desk.trash.trash([desk.budget], by="bob")
    with desk.database.session_factory.begin() as session:
        session.execute(
            update(Article)
            .where(Article.id == desk.harbour)
            .values(deleted_at=datetime.now(UTC) - timedelta(days=31))
        )
        session.add(ImportRecord(
            article_id=desk.harbour, source_path="/in/harbour.txt", file_name="harbour.txt",
            file_digest="0" * 64, outcome="imported",
        ))  # fmt: skip
    with desk.database.session_factory() as session:
        comment = list(
            session.scalars(select(Comment.id).where(Comment.article_id == desk.harbour))
        )
    desk.comments.set_status(comment, CommentStatus.REJECTED, user="mod")  # logged

    assert desk.trash.purge(now=datetime.now(UTC) - timedelta(days=2)) == TrashCount()
    purged = desk.trash.purge()
    assert purged == TrashCount(articles=1, comments=2)
    assert [a.id for a in desk.trash.list()] == [desk.budget]
    with desk.database.session_factory() as session:
        assert session.get(Article, desk.harbour) is None
        gone = Comment.article_id == desk.harbour
        assert session.scalar(select(func.count()).select_from(Comment).where(gone)) == 0
        assert session.scalar(select(func.count()).select_from(ModerationEntry)) == 0
        assert session.scalar(select(ImportRecord.article_id)) is None  # the record stays
        assert session.scalar(select(func.count()).select_from(ArticleRevision)) == 0
    assert sorted(desk.articles.ids()) == [desk.quiet]


def test_delete_forever_takes_only_articles_in_the_trash(desk: Desk) -> None:
    desk.trash.trash([desk.harbour, desk.budget], by="bob")
    assert desk.trash.count([desk.budget, desk.quiet]) == TrashCount(articles=1, comments=3)
    assert desk.trash.delete_forever([desk.budget, desk.quiet]) == TrashCount(1, 3)
    assert desk.articles.get(desk.quiet).title == "Quiet week"  # live: untouched
    assert desk.trash.delete_forever() == TrashCount(articles=1, comments=2)
    assert desk.trash.list() == []
    assert desk.comments.count(CommentFilter(status=None)) == 0


def test_what_deleting_several_would_move_is_counted_first(desk: Desk) -> None:
    desk.trash.trash([desk.quiet], by="bob")
    counted = desk.trash.counting([desk.harbour, desk.budget, desk.quiet])
    assert counted == TrashCount(articles=2, comments=5)
    assert counted.describe() == "2 articles and their 5 comments"
    assert TrashCount(1, 1).describe() == "1 article and its comment"
    assert TrashCount(1, 0).describe() == "1 article"
    assert TrashCount(3, 1_041).describe() == "3 articles and their 1,041 comments"


def test_export_of_everything_leaves_the_trash_out(desk: Desk, tmp_path: Path) -> None:
    desk.trash.trash([desk.harbour], by="bob")
    summary = export_articles(desk.database.session_factory, tmp_path / "out")
    assert sorted(file.article_id for file in summary.written) == sorted([desk.budget, desk.quiet])
    asked = export_articles(
        desk.database.session_factory, tmp_path / "asked", article_ids=[desk.harbour]
    )
    assert [file.article_id for file in asked.written] == [desk.harbour]  # named: written


def test_a_file_of_a_trashed_article_is_a_conflict_and_never_brings_it_back(
    desk: Desk, tmp_path: Path
) -> None:
    file = tmp_path / "harbour.txt"
    parsed = ParsedArticle(
        title="Harbour reopens",
        body="The ferry sails again.",
        bio=BIO,
        comments=(ParsedComment.from_text("A new comment"),),
    )
    file.write_bytes(write_bytes(parsed))
    desk.trash.trash([desk.harbour], by="bob")
    factory = desk.database.session_factory
    result = Importer(factory).run([file]).results[0]
    assert result.outcome is Outcome.CONFLICT
    assert "in the Trash" in result.message
    assert desk.harbour not in desk.articles.ids()
    assert desk.trash.count([desk.harbour]) == TrashCount(articles=1, comments=2)

    kept_both = Importer(factory, on_conflict=ConflictPolicy.DUPLICATE).run([file]).results[0]
    assert kept_both.outcome is Outcome.IMPORTED
    assert kept_both.article_id not in (None, desk.harbour)
    assert kept_both.article_id in desk.articles.ids()
    assert [a.id for a in desk.trash.list()] == [desk.harbour]


def feed_reports(database: Database, action: Callable[[], object]) -> set[ChangeKind]:
    """The kinds of change another desk hears of while `action` runs, on either database."""
    factory = database.session_factory
    if not uses_notify(factory):
        counter = ChangeCounter(factory)
        counter.changes()
        action()
        return set(counter.changes())
    reports: queue.Queue[frozenset[ChangeKind]] = queue.Queue()
    connected: queue.Queue[bool] = queue.Queue()
    stop = threading.Event()
    listener = ChangeListener(factory, wait_seconds=0.05, application_name="copydesk-trash-test")
    thread = threading.Thread(
        target=listener.run, args=(stop, reports.put, lambda up, _why: connected.put(up))
    )
    thread.start()
    try:
        assert connected.get(timeout=10) is True
        action()
        heard: set[ChangeKind] = set(reports.get(timeout=5))
        try:
            while True:
                heard |= reports.get(timeout=0.3)
        except queue.Empty:
            return heard
    finally:
        stop.set()
        thread.join(timeout=5)


def test_moving_to_the_trash_is_a_change_of_articles_and_comments_for_every_desk(
    desk: Desk,
) -> None:
    both = {ChangeKind.ARTICLES, ChangeKind.COMMENTS}
    assert feed_reports(desk.database, lambda: desk.trash.trash([desk.harbour], by="bob")) == both
    assert feed_reports(desk.database, lambda: desk.trash.restore([desk.harbour])) == both
    # Without comments, the queue is not concerned.
    quiet = feed_reports(desk.database, lambda: desk.trash.trash([desk.quiet], by="bob"))
    assert quiet == {ChangeKind.ARTICLES}
