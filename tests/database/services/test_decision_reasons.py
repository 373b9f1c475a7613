"""A reason with each decision: the newsroom's list, stored with the comment and its log
entry, filtered by, counted, taken back by undo."""

import pytest

from database.errors import ValidationError
from database.services.comments import CommentFilter, CommentService
from database.services.decision_reasons import DEFAULT_REASONS, DecisionReasonService
from database.services.moderation_log import LogFilter, ModerationLogService
from database.statuses import CommentStatus
from tests.database.services.moderation_data import add_comments

REJECTED = CommentStatus.REJECTED


def test_the_list_starts_with_the_defaults_and_every_desk_reads_the_saved_one(database) -> None:
    service = DecisionReasonService(database.session_factory)
    assert service.reasons() == DEFAULT_REASONS
    assert DEFAULT_REASONS[:3] == ("off-topic", "abuse", "personal data")
    saved = service.set_reasons(["  Abuse ", "abuse", "", "Doxxing", "off  topic"], user="ed")
    assert saved == ("Abuse", "Doxxing", "off topic")
    assert DecisionReasonService(database.session_factory).reasons() == saved
    assert service.set_reasons([], user="ed") == DEFAULT_REASONS
    assert service.reasons() == DEFAULT_REASONS


def test_a_list_longer_than_the_keys_or_a_reason_too_long_is_refused(database) -> None:
    service = DecisionReasonService(database.session_factory)
    with pytest.raises(ValidationError):
        service.set_reasons([f"reason {n}" for n in range(10)], user="ed")
    with pytest.raises(ValidationError):
        service.set_reasons(["x" * 81], user="ed")
    assert service.reasons() == DEFAULT_REASONS


def test_the_reason_is_stored_with_the_decision_shown_filtered_and_counted(database) -> None:
    first, second, third = add_comments(database, ["One", "Two", "Three"])
    comments = CommentService(database.session_factory)
    change = comments.set_status([first, second], REJECTED, user="ann", reason="abuse")
    comments.set_status([third], REJECTED, user="bob", reason=" spam  link ")
    assert change.reason == "abuse"
    assert comments.get(first).decision_reason == "abuse"
    assert [s.decision_reason for s in comments.summaries([first, third])] == [
        "abuse",
        "spam link",
    ]
    by_abuse = CommentFilter(status=REJECTED, decision_reason="abuse")
    assert comments.ids(by_abuse) == [first, second]
    assert comments.count(by_abuse) == 2
    assert [(c.value, c.count) for c in comments.decision_reasons(REJECTED)] == [
        ("abuse", 2),
        ("spam link", 1),
    ]
    assert comments.decision_reasons(CommentStatus.APPROVED) == []
    log = ModerationLogService(database.session_factory)
    assert [(e.changed_by, e.reason) for e in log.entries()] == [
        ("bob", "spam link"),
        ("ann", "abuse"),
        ("ann", "abuse"),
    ]
    assert log.count(LogFilter(reason="abuse")) == 2


def test_a_new_decision_replaces_the_reason_and_undo_brings_it_back(database) -> None:
    [comment] = add_comments(database, ["One"])
    comments = CommentService(database.session_factory)
    comments.set_status([comment], REJECTED, user="ann", reason="abuse")
    spam = comments.set_status([comment], CommentStatus.SPAM, user="ann", reason="spam link")
    approved = comments.set_status([comment], CommentStatus.APPROVED, user="bob")
    assert comments.get(comment).decision_reason is None
    comments.undo(approved, user="bob")
    assert comments.get(comment).status is CommentStatus.SPAM
    assert comments.get(comment).decision_reason == "spam link"
    comments.undo(spam, user="ann")
    assert (comments.get(comment).status, comments.get(comment).decision_reason) == (
        REJECTED,
        "abuse",
    )
    undo_entries = ModerationLogService(database.session_factory).entries(limit=2)
    assert [(e.action, e.reason) for e in undo_entries] == [("undo", None), ("undo", None)]


def test_all_matching_takes_a_reason_too(database) -> None:
    ids = add_comments(database, ["One", "Two"], held_reason="word: casino")
    comments = CommentService(database.session_factory)
    change = comments.set_status_matching(
        CommentFilter(held_reason="word: casino"), CommentStatus.SPAM, user="ann", reason="other"
    )
    assert change.count == 2
    assert comments.ids(CommentFilter(status=None, decision_reason="other")) == ids
    comments.undo(change, user="ann")
    assert comments.decision_reasons() == []


def test_a_reason_over_the_length_is_refused_and_nothing_changes(database) -> None:
    [comment] = add_comments(database, ["One"])
    comments = CommentService(database.session_factory)
    with pytest.raises(ValidationError):
        comments.set_status([comment], REJECTED, user="ann", reason="x" * 81)
    assert comments.get(comment).status is CommentStatus.PENDING
