"""The moderation figures: decisions per moderator per day (undone ones taken back), the time
from arrival to decision, the oldest pending comment, held-because counts, over a period."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from database.errors import ValidationError
from database.models import ModerationEntry
from database.services.comments import CommentService
from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.services.moderation_stats import ModerationStatisticsService
from database.services.rules_backlog import RulesBacklogService
from database.statuses import CommentStatus
from tests.database.services.moderation_data import ARRIVED, add_comments

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def decided_at(database, comment_ids: list[int], when: datetime) -> None:
    """Move the log entries of these comments to `when` (the decisions were made then)."""
    with database.session_factory.begin() as session:
        session.execute(
            update(ModerationEntry)
            .where(ModerationEntry.comment_id.in_(comment_ids))
            .values(changed_at=when)
        )


@pytest.fixture
def decided(database) -> list[int]:
    ids = add_comments(database, [f"Comment {n}" for n in range(6)])
    held = add_comments(
        database, ["Held one", "Held two"], held_reason="word: refund", received_at=NOW
    )
    add_comments(
        database, ["Old held"], held_reason="word: loan", received_at=ARRIVED + timedelta(hours=1)
    )
    comments = CommentService(database.session_factory)
    comments.set_status(ids[:2], CommentStatus.APPROVED, user="ann")
    comments.set_status(ids[2:3], CommentStatus.REJECTED, user="ann", reason="abuse")
    decided_at(database, ids[:3], NOW - timedelta(days=1))  # 8 days after they arrived
    comments.set_status(ids[3:4], CommentStatus.SPAM, user="bob", reason="spam link")
    undone = comments.set_status(ids[4:5], CommentStatus.APPROVED, user="bob")
    comments.undo(undone, user="bob")
    decided_at(database, ids[3:5], NOW - timedelta(hours=1))
    return ids + held


def test_decisions_per_moderator_per_day_and_the_waits(database, decided: list[int]) -> None:
    figures = ModerationStatisticsService(database.session_factory).statistics(7, now=NOW, zone=UTC)
    assert (figures.first_day, figures.last_day) == (date(2026, 3, 4), date(2026, 3, 10))
    assert len(figures.days) == 7
    assert [(d.day, d.moderator, d.approved, d.rejected, d.spam) for d in figures.daily] == [
        (date(2026, 3, 9), "ann", 2, 1, 0),
        (date(2026, 3, 10), "bob", 0, 0, 1),  # his approval was undone
    ]
    ann, bob = figures.moderators
    assert (ann.moderator, ann.decisions, ann.days) == ("ann", 3, 1)
    assert bob.decisions == 1
    arrived_to_ann = NOW - timedelta(days=1) - ARRIVED
    assert ann.median_wait is not None
    assert abs(ann.median_wait - arrived_to_ann) < timedelta(seconds=3)
    assert figures.median_wait is not None and figures.median_wait > timedelta(days=7)
    assert [(r.reason, r.count) for r in figures.decision_reasons] == [
        ("abuse", 1),
        ("spam link", 1),
    ]
    assert figures.decisions == 4


def test_held_because_counts_the_period_and_the_oldest_pending_is_found(
    database, decided: list[int]
) -> None:
    service = ModerationStatisticsService(database.session_factory)
    week = service.statistics(7, now=NOW, zone=UTC)
    assert [(r.reason, r.count) for r in week.held_because] == [("word: refund", 2)]
    month = service.statistics(30, now=NOW, zone=UTC)
    assert [(r.reason, r.count) for r in month.held_because] == [
        ("word: refund", 2),
        ("word: loan", 1),
    ]
    assert month.oldest_pending is not None
    assert month.oldest_pending.comment_id == decided[4]  # undone: pending again, oldest
    assert month.oldest_pending.waited(NOW) > timedelta(days=8)
    day = service.statistics(1, now=NOW - timedelta(days=3), zone=UTC)
    assert day.daily == () and day.median_wait is None


def test_spam_by_the_rules_is_counted_apart_from_the_moderators(database) -> None:
    add_comments(database, ["Casino here", "Casino there", "Fine"])
    ModerationRuleService(database.session_factory).save(
        ModerationRules(spam_words=("casino",)), user="ed"
    )
    backlog = RulesBacklogService(database.session_factory)
    backlog.apply(backlog.preview(), user="ann")
    figures = ModerationStatisticsService(database.session_factory).statistics(7)
    assert figures.spam_by_rules == 2
    assert figures.moderators == ()


def test_a_period_of_no_days_is_refused(database) -> None:
    with pytest.raises(ValidationError):
        ModerationStatisticsService(database.session_factory).statistics(0)
