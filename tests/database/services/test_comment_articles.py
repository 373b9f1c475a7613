"""The queue's article filter: a few articles with comments for what was typed of a title."""

from __future__ import annotations

from database.services.comments import CommentService, FilterChoice
from database.services.trash import TrashService
from database.statuses import CommentStatus
from tests.database.services.test_comments import insert_comments


def test_titles_starting_with_the_text_come_first_then_those_holding_its_words(
    database,
) -> None:
    comments = CommentService(database.session_factory)
    insert_comments(database, 2, title="Harbour wall repaired")
    insert_comments(database, 3, title="Storm hits the harbour")
    insert_comments(database, 1, title="Harbourside flats", status=CommentStatus.SPAM)
    insert_comments(database, 1, title="Council budget")
    offered = comments.article_choices("harb", CommentStatus.PENDING)
    assert [(c.label, c.count) for c in offered] == [
        ("Harbour wall repaired", 2),
        ("Storm hits the harbour", 3),
    ]
    # Any status: the spam one too; the words in any case, the last one a prefix.
    assert [c.label for c in comments.article_choices("HARBOUR", None)] == [
        "Harbour wall repaired",
        "Harbourside flats",
        "Storm hits the harbour",
    ]
    assert [c.label for c in comments.article_choices("the harb", None)] == [
        "Storm hits the harbour"
    ]
    assert comments.article_choices("  ", None) == []
    assert comments.article_choices('"* -', None) == []  # no word in it: nothing, no error


def test_at_most_twenty_and_none_from_the_trash(database) -> None:
    comments = CommentService(database.session_factory)
    for number in range(30):
        insert_comments(database, 1, title=f"Match report {number:02}")
    offered = comments.article_choices("match", None)
    assert len(offered) == 20
    assert offered[0] == FilterChoice(offered[0].value, "Match report 00", 1)
    TrashService(database.session_factory).trash([offered[0].value], by="editor")
    assert "Match report 00" not in [c.label for c in comments.article_choices("match", None)]
    chosen = comments.article_choice(offered[1].value, CommentStatus.APPROVED)
    assert chosen == FilterChoice(offered[1].value, "Match report 01", 0)
    assert comments.article_choice(10_000) is None
