import pytest
from sqlalchemy import select

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
