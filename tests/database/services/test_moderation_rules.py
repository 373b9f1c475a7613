import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from database.errors import ValidationError
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer
from database.services.moderation_rules import (
    Highlight,
    MatchKind,
    ModerationRules,
    ModerationRuleService,
    find_links,
    highlights,
    triage,
    triage_for,
)
from database.statuses import CommentStatus
from database.textformat import ParsedArticle, ParsedComment, write_bytes

RULES = ModerationRules(link_limit=2, hold_words=("refund", "free money"), spam_words=("casino",))


def article_file(folder: Path, name: str, comments: list[str]) -> Path:
    article = ParsedArticle(
        title=f"Article {name}",
        body="The opening paragraph.\nMore text.",
        bio="A reporter.",
        comments=tuple(ParsedComment.from_text(text) for text in comments),
    )
    path = folder / f"{name}.txt"
    path.write_bytes(write_bytes(article))
    return path


def test_defaults_until_someone_saves_rules(database) -> None:
    service = ModerationRuleService(database.session_factory)
    assert service.load() == ModerationRules(link_limit=2)
    service.save(RULES, user="editor")
    assert service.load() == RULES


def test_words_are_stored_normalized_and_bad_limits_refused() -> None:
    rules = ModerationRules(hold_words=("  Free   Money ", "free money", "", "*"))
    assert rules.hold_words == ("free money",)
    with pytest.raises(ValidationError):
        ModerationRules(link_limit=-1)
    with pytest.raises(ValidationError):
        ModerationRules(spam_words=("x" * 101,))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A fair point.", (CommentStatus.PENDING, None)),
        (
            "See http://a.example and https://b.example",
            (CommentStatus.PENDING, "2 links (limit 2)"),
        ),
        ("Only www.one.example here.", (CommentStatus.PENDING, None)),
        ("I want a REFUND!", (CommentStatus.PENDING, "word: refund")),
        ("refunds are not a watched word", (CommentStatus.PENDING, None)),
        ("Free\nmoney for all", (CommentStatus.PENDING, "word: free money")),
        ("Best Casino: http://a.x http://b.x", (CommentStatus.SPAM, "spam word: casino")),
    ],
)
def test_triage(text: str, expected: tuple[CommentStatus, str | None]) -> None:
    assert triage(RULES, text) == expected


def test_comments_no_rule_catches_keep_the_default() -> None:
    assert triage(RULES, "Thanks", CommentStatus.APPROVED) == (CommentStatus.APPROVED, None)
    assert triage(RULES, "refund", CommentStatus.APPROVED) == (
        CommentStatus.PENDING,
        "word: refund",
    )
    assert triage(ModerationRules(link_limit=0), "http://a http://b http://c")[1] is None


def test_a_prefix_word_matches_longer_words() -> None:
    rules = ModerationRules(hold_words=("crook*",))
    assert triage(rules, "Crooked councillors") == (CommentStatus.PENDING, "word: crook*")


def test_links_lose_their_trailing_punctuation() -> None:
    text = "Go to (http://a.example/x?y=1). Or www.b.example!"
    assert [text[start:end] for start, end in find_links(text)] == [
        "http://a.example/x?y=1",
        "www.b.example",
    ]


def test_highlight_spans() -> None:
    text = "Casino at http://casino.example, refund and free  money"
    spans = highlights(RULES, text)
    assert [(text[span.start : span.end], span.kind) for span in spans] == [
        ("Casino", MatchKind.SPAM_WORD),
        ("http://casino.example", MatchKind.LINK),
        ("refund", MatchKind.HOLD_WORD),
        ("free  money", MatchKind.HOLD_WORD),
    ]


@given(st.text(alphabet=st.sampled_from("ab casino:/.wh\nrefund"), max_size=80))
def test_highlights_are_ordered_and_never_overlap(text: str) -> None:
    spans = highlights(RULES, text)
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start
    assert all(0 <= span.start < span.end <= len(text) for span in spans)
    assert all(isinstance(span, Highlight) for span in spans)


def test_rules_apply_at_import_and_record_why(database, tmp_path: Path) -> None:
    ModerationRuleService(database.session_factory).save(RULES, user="editor")
    path = article_file(
        tmp_path,
        "rules",
        [
            "A fair point.",
            "Read http://one.example and http://two.example and www.three.example",
            "Where is my refund?",
            "Win at the casino",
        ],
    )
    importer = Importer(database.session_factory, triage=triage_for(database.session_factory))
    assert importer.run([path]).all_succeeded
    comments = CommentService(database.session_factory)
    rows = comments.summaries(comments.ids(CommentFilter(status=None)))
    assert [(row.status, row.held_reason) for row in rows] == [
        (CommentStatus.PENDING, None),
        (CommentStatus.PENDING, "3 links (limit 2)"),
        (CommentStatus.PENDING, "word: refund"),
        (CommentStatus.SPAM, "spam word: casino"),
    ]
    assert [choice.value for choice in comments.held_reasons(CommentStatus.PENDING)] == [
        "3 links (limit 2)",
        "word: refund",
    ]


def test_the_command_line_applies_the_rules_even_to_approved_imports(
    database, database_url: str, tmp_path: Path
) -> None:
    from desktop.cli import main

    ModerationRuleService(database.session_factory).save(RULES, user="editor")
    path = article_file(tmp_path, "cli", ["Fine.", "Casino!", "A refund?"])
    assert main(["--database", database_url, "import", str(path), "--comments", "approved"]) == 0
    counts = CommentService(database.session_factory).counts()
    assert counts[CommentStatus.APPROVED] == 1
    assert counts[CommentStatus.SPAM] == 1
    assert counts[CommentStatus.PENDING] == 1


def test_the_command_line_can_skip_the_rules(database, database_url: str, tmp_path: Path) -> None:
    from desktop.cli import main

    ModerationRuleService(database.session_factory).save(RULES, user="editor")
    path = article_file(tmp_path, "norules", ["Casino!"])
    assert main(["--database", database_url, "import", str(path), "--no-rules"]) == 0
    assert CommentService(database.session_factory).counts()[CommentStatus.PENDING] == 1
