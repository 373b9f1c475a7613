import pytest
from sqlalchemy import func, select

from database.models import ModerationEntry
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer
from database.statuses import CommentStatus


@pytest.fixture
def comments(database, samples) -> CommentService:
    Importer(database.session_factory).run(samples)
    return CommentService(database.session_factory)


def test_imported_comments_wait_in_the_pending_queue(comments: CommentService) -> None:
    assert comments.counts() == {
        CommentStatus.PENDING: 2,
        CommentStatus.APPROVED: 0,
        CommentStatus.SPAM: 0,
        CommentStatus.REJECTED: 0,
    }
    rows = comments.summaries(comments.ids())
    assert rows[0].article_title == "Swift action on children's social care"
    assert rows[0].excerpt.startswith("“we have support")


def test_status_changes_are_logged_and_undone(database, comments: CommentService) -> None:
    first, second = comments.ids()
    change = comments.set_status([first, second], CommentStatus.APPROVED, user="mod")
    assert change.count == 2
    assert comments.counts()[CommentStatus.APPROVED] == 2
    comments.undo(change, user="mod")
    assert comments.counts()[CommentStatus.PENDING] == 2
    with database.session_factory() as session:
        log = session.execute(
            select(
                ModerationEntry.from_status, ModerationEntry.to_status, ModerationEntry.changed_by
            )
        ).all()
    assert len(log) == 4
    assert log[0] == (CommentStatus.PENDING, CommentStatus.APPROVED, "mod")
    assert log[-1] == (CommentStatus.APPROVED, CommentStatus.PENDING, "mod")


def test_bulk_change_by_filter(comments: CommentService) -> None:
    change = comments.set_status_matching(
        CommentFilter(search="calibre"), CommentStatus.SPAM, user="mod"
    )
    assert change.count == 1
    assert comments.counts()[CommentStatus.SPAM] == 1
    assert comments.ids(CommentFilter(status=CommentStatus.SPAM)) == [change.previous[0][0]]


def test_detail_gives_the_article_context(comments: CommentService) -> None:
    detail = comments.get(comments.ids()[0])
    assert detail.article_opening.startswith("RADICAL improvements")
    assert "\n\n" in detail.body


def insert_comments(database, count: int, *, title: str = "Bulk", **values) -> list[int]:
    """Many comments at once, straight through Core: the importer is not what is tested."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from database.models import Article, ArticleStatus, Comment

    start = datetime(2026, 1, 1, tzinfo=UTC)
    with database.session_factory.begin() as session:
        article_id = session.execute(
            insert(Article)
            .values(title=title, body="Opening.", status=ArticleStatus.PUBLISHED, notes="")
            .returning(Article.id)
        ).scalar_one()
        first = session.execute(select(func.coalesce(func.max(Comment.id), 0))).scalar_one() + 1
        session.execute(
            insert(Comment),
            [
                {
                    "article_id": article_id,
                    "position": number,
                    "body": f"Comment number {number}",
                    "received_at": start + timedelta(seconds=number),
                    **values,
                }
                for number in range(count)
            ],
        )
    return list(range(first, first + count))


def test_counts_reasons_and_articles_for_the_filters(comments: CommentService, database) -> None:
    insert_comments(database, 3, title="Held", held_reason="word: refund")
    assert comments.count(CommentFilter()) == 5
    assert comments.count(CommentFilter(held_reason="word: refund")) == 3
    assert comments.count(CommentFilter(search="calibre", status=None)) == 1
    assert [(c.value, c.count) for c in comments.held_reasons()] == [("word: refund", 3)]
    assert comments.held_reasons(CommentStatus.SPAM) == []
    titles = [(choice.label, choice.count) for choice in comments.articles_with_comments()]
    # The other sample has no comments, so it offers nothing to filter by.
    assert titles == [("Held", 3), ("Swift action on children's social care", 2)]
    assert comments.articles_with_comments(CommentStatus.APPROVED) == []


def test_approving_ten_thousand_at_once_and_undoing(database, capsys) -> None:
    import time

    service = CommentService(database.session_factory)
    ids = insert_comments(database, 10_000)
    started = time.perf_counter()
    change = service.set_status(ids, CommentStatus.APPROVED, user="mod")
    approved = time.perf_counter() - started
    assert change.count == 10_000
    assert service.counts()[CommentStatus.APPROVED] == 10_000

    started = time.perf_counter()
    service.undo(change, user="mod")
    undone = time.perf_counter() - started
    assert service.counts()[CommentStatus.PENDING] == 10_000

    started = time.perf_counter()
    matching = service.set_status_matching(CommentFilter(), CommentStatus.SPAM, user="mod")
    by_filter = time.perf_counter() - started
    started = time.perf_counter()
    service.undo(matching, user="mod")
    undone_filter = time.perf_counter() - started
    assert service.ids() == ids
    with database.session_factory() as session:
        assert session.scalar(select(func.count(ModerationEntry.id))) == 40_000
    with capsys.disabled():
        print(
            f"\n10,000 comments: approve selected {approved:.3f} s, undo {undone:.3f} s; "
            f"spam all matching {by_filter:.3f} s, undo {undone_filter:.3f} s"
        )
