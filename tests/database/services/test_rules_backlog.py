"""The rules applied again to the pending queue: a preview that changes nothing, then one
undoable action; every rule that matched recorded; rule changes in the moderation log."""

import pytest

from database.errors import ValidationError
from database.services.comments import CommentFilter, CommentService
from database.services.moderation_log import ModerationLogService
from database.services.moderation_rules import ModerationRules, ModerationRuleService
from database.services.rules_backlog import RulesBacklogService
from database.statuses import CommentStatus
from tests.database.services.moderation_data import add_comments

PENDING, SPAM = CommentStatus.PENDING, CommentStatus.SPAM
RULES = ModerationRules(link_limit=2, hold_words=("refund", "loan"), spam_words=("casino",))


@pytest.fixture
def queue(database) -> list[int]:
    """Comments imported under no rules, one already decided, one already held."""
    ids = add_comments(
        database,
        [
            "A fair point about the harbour.",
            "Casino night! See casino.example.com/x and www.win.org",
            "Where is my refund? And my loan?",
            "Read example.com/a and example.org/b",
            "A refund, please.",
        ],
    )
    held = add_comments(database, ["My refund never came."], held_reason="word: refund")
    decided = add_comments(database, ["Casino, again."], status=CommentStatus.APPROVED)
    return ids + held + decided


def test_the_preview_counts_what_would_change_and_why_and_changes_nothing(
    database, queue: list[int]
) -> None:
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    reports: list[tuple[int, int, str]] = []
    preview = RulesBacklogService(database.session_factory).preview(
        lambda done, total, what: reports.append((done, total, what))
    )
    assert preview.pending == 6
    assert (preview.to_spam, preview.to_hold, preview.held_again) == (1, 3, 0)
    assert {(count.rule, count.spam, count.count) for count in preview.by_rule} == {
        ("spam word: casino", True, 1),
        ("links: 2 or more", False, 2),
        ("word: refund", False, 2),
        ("word: loan", False, 1),
    }
    assert reports[-1][0] == reports[-1][1] == 6
    comments = CommentService(database.session_factory)
    assert comments.counts()[SPAM] == 0
    assert comments.held_reasons(PENDING)[0].value == "word: refund"


def test_applying_holds_and_spams_as_one_action_that_undo_takes_back(
    database, queue: list[int]
) -> None:
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    backlog = RulesBacklogService(database.session_factory)
    comments = CommentService(database.session_factory)
    reports: list[tuple[int, int, str]] = []
    change = backlog.apply(
        backlog.preview(), user="ann", progress=lambda *report: reports.append(report)
    )
    fair, casino, refund_loan, links, refund, held, decided = queue
    assert change.previous == ((casino, PENDING),)
    assert change.touched == 4
    assert reports[-1][:2] == (4, 4)
    assert comments.get(casino).status is SPAM
    assert comments.get(casino).held_reasons == ("spam word: casino", "2 links (limit 2)")
    assert comments.get(refund_loan).held_reasons == ("word: refund", "word: loan")
    assert comments.get(links).held_reason == "2 links (limit 2)"
    assert comments.get(refund).held_reasons == ("word: refund",)
    assert comments.get(fair).held_reason is None
    assert comments.get(decided).status is CommentStatus.APPROVED  # not pending: left alone
    entries = ModerationLogService(database.session_factory).entries()
    assert [(e.comment_id, e.action, e.changed_by) for e in entries] == [(casino, "rules", "ann")]

    comments.undo(change, user="ann")
    assert comments.get(casino).status is PENDING
    assert comments.get(casino).held_reasons == ()
    assert comments.get(refund_loan).held_reason is None
    assert comments.get(held).held_reasons == ("word: refund",)
    assert comments.ids(CommentFilter(held_reason="word: refund")) == [held]


def test_applying_again_changes_nothing_more(database, queue: list[int]) -> None:
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    backlog = RulesBacklogService(database.session_factory)
    backlog.apply(backlog.preview(), user="ann")
    again = backlog.preview()
    assert again.changes == 0
    assert again.by_rule == ()


def test_an_apply_after_the_rules_changed_is_refused(database, queue: list[int]) -> None:
    rules = ModerationRuleService(database.session_factory)
    rules.save(RULES, user="ed")
    backlog = RulesBacklogService(database.session_factory)
    preview = backlog.preview()
    rules.save(ModerationRules(link_limit=0), user="ed")
    with pytest.raises(ValidationError):
        backlog.apply(preview, user="ann")
    assert CommentService(database.session_factory).counts()[SPAM] == 0


def test_a_comment_decided_between_preview_and_apply_keeps_its_decision(
    database, queue: list[int]
) -> None:
    ModerationRuleService(database.session_factory).save(RULES, user="ed")
    backlog = RulesBacklogService(database.session_factory)
    preview = backlog.preview()
    comments = CommentService(database.session_factory)
    casino = queue[1]
    comments.set_status([casino], CommentStatus.APPROVED, user="bob")
    change = backlog.apply(preview, user="ann")
    assert change.count == 0
    assert change.touched == 3
    assert comments.get(casino).status is CommentStatus.APPROVED


def test_every_change_of_the_rules_is_recorded_with_before_and_after(database) -> None:
    rules = ModerationRuleService(database.session_factory)
    rules.save(RULES, user="ed")
    rules.save(RULES, user="ed")  # the same again: nothing changed, nothing recorded
    rules.save(
        ModerationRules(link_limit=3, hold_words=("refund", "crook*"), spam_words=("casino",)),
        user="kim",
    )
    changes = ModerationLogService(database.session_factory).rule_changes()
    assert [change.changed_by for change in changes] == ["kim", "ed"]
    newest, first = changes
    assert newest.before == RULES
    assert newest.after.hold_words == ("refund", "crook*")
    assert newest.describe() == ["link limit 2 → 3", "hold words + crook*; − loan"]
    assert first.before == ModerationRules()
    assert first.describe() == ["hold words + refund, loan", "spam words + casino"]
    assert newest.changed_at >= first.changed_at
