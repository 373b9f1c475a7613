from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from database.models import ModerationEntry
from database.services.comments import CommentService
from database.services.moderation_log import LogFilter, ModerationLogService
from database.statuses import CommentStatus


@pytest.fixture
def log(database, imported_samples) -> ModerationLogService:
    comments = CommentService(database.session_factory)
    first, second = comments.ids()
    comments.set_status([first], CommentStatus.APPROVED, user="alice")
    comments.set_status([second], CommentStatus.SPAM, user="bob")
    comments.set_status([second], CommentStatus.REJECTED, user="alice")
    # Bob's decision was yesterday, so that the dates can be told apart.
    with database.session_factory.begin() as session:
        session.execute(
            update(ModerationEntry)
            .where(ModerationEntry.changed_by == "bob")
            .values(changed_at=datetime.now(UTC) - timedelta(days=1))
        )
    return ModerationLogService(database.session_factory)


def test_every_change_is_logged_newest_first(log: ModerationLogService) -> None:
    entries = log.entries()
    assert [(e.changed_by, e.from_status, e.to_status) for e in entries] == [
        ("alice", CommentStatus.SPAM, CommentStatus.REJECTED),
        ("alice", CommentStatus.PENDING, CommentStatus.APPROVED),
        ("bob", CommentStatus.PENDING, CommentStatus.SPAM),
    ]
    assert entries[0].article_title
    assert entries[0].excerpt
    assert log.count() == 3
    assert log.users() == ["alice", "bob"]


def test_filters(log: ModerationLogService) -> None:
    def who(filters: LogFilter) -> list[tuple[str, CommentStatus]]:
        return [(e.changed_by, e.to_status) for e in log.entries(filters)]

    assert who(LogFilter(user="bob")) == [("bob", CommentStatus.SPAM)]
    assert who(LogFilter(to_status=CommentStatus.APPROVED)) == [("alice", CommentStatus.APPROVED)]
    assert len(who(LogFilter(from_status=CommentStatus.PENDING))) == 2
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    assert [name for name, _ in who(LogFilter(since=today))] == ["alice", "alice"]
    assert who(LogFilter(until=today)) == [("bob", CommentStatus.SPAM)]
    assert len(who(LogFilter(text="calibre"))) == 1  # words of the comment
    assert len(who(LogFilter(text="ALI"))) == 2  # part of a name
    assert who(LogFilter(text="nothing-like-this")) == []
    assert log.count(LogFilter(user="alice")) == 2
    assert len(log.entries(limit=1, offset=1)) == 1
