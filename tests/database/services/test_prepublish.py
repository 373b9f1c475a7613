"""The pre-publish checklist's checks: each finds what it is for, says where, and the
newsroom's switches turn it off for every desk."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from database.engine import Database
from database.models import Article, Comment
from database.services.articles import ArticleService
from database.services.authors import AuthorService, create_author_for_bio
from database.services.prepublish import (
    ArticleDraft,
    CheckKey,
    ChecklistItem,
    Place,
    PrePublishService,
    link_problem,
    text_items,
)
from database.statuses import CommentStatus


@pytest.fixture
def checklist(database: Database) -> PrePublishService:
    return PrePublishService(database.session_factory)


@pytest.fixture
def named_author(database: Database) -> int:
    return AuthorService(database.session_factory).create_named("Jo Bloggs", "Jo writes.").id


def _checks(items: list[ChecklistItem]) -> list[CheckKey]:
    return [item.check for item in items]


def test_a_clean_article_passes(checklist: PrePublishService, named_author: int) -> None:
    draft = ArticleDraft("Harbour works", "The harbour reopens.\nShips return.", named_author)
    assert checklist.check(draft) == []


def test_no_author_and_a_provisional_author_are_named_at_the_author_field(
    database: Database, checklist: PrePublishService
) -> None:
    (missing,) = checklist.check(ArticleDraft("Harbour works", "Text.", None))
    assert (missing.check, missing.place, missing.where) == (
        CheckKey.AUTHOR,
        Place.AUTHOR,
        "Author",
    )
    with database.session_factory.begin() as session:
        provisional = create_author_for_bio(session, "Writes on ships.")
        provisional_id, name = provisional.id, provisional.display_name
    (item,) = checklist.check(ArticleDraft("Harbour works", "Text.", provisional_id))
    assert item.check is CheckKey.AUTHOR
    assert "provisional" in item.message and f"“{name}”" in item.message


def test_empty_title_and_text(checklist: PrePublishService, named_author: int) -> None:
    items = checklist.check(ArticleDraft("  ", "\n \n", named_author))
    assert _checks(items) == [CheckKey.EMPTY_TITLE, CheckKey.EMPTY_BODY]
    assert [item.place for item in items] == [Place.TITLE, Place.BODY]


def test_empty_and_repeated_paragraphs_say_their_line(named_author: int) -> None:
    body = "First.\n\nSecond one here.\nThird.\nSecond one  here.\n---\n---"
    items = text_items("Title", body)
    assert [(item.line, item.message) for item in items] == [
        (2, "An empty paragraph."),
        (5, "Repeats the paragraph on line 3: “Second one here.”."),
    ]
    assert items[0].where == "Text, line 2"


def test_paragraphs_in_a_code_block_are_code(named_author: int) -> None:
    body = "Intro.\n```\nx = 1\n\nx = 1\n[a](ftp://x)\n```\nEnd."
    assert text_items("Title", body) == []


def test_a_title_another_article_has_but_not_its_own_or_a_trashed_one(
    database: Database, checklist: PrePublishService, named_author: int
) -> None:
    articles = ArticleService(database.session_factory)
    mine = articles.create("Harbour works", "Text.", author_id=named_author)
    assert checklist.check(ArticleDraft("Harbour works", "Text.", named_author, mine.id)) == []
    other = articles.create("Harbour works", "Other text.")
    (item,) = checklist.check(ArticleDraft("Harbour works ", "Text.", named_author, mine.id))
    assert (item.check, item.place) == (CheckKey.TITLE_TAKEN, Place.TITLE)
    assert f"article {other.id}" in item.message
    with database.session_factory.begin() as session:
        session.execute(
            update(Article).where(Article.id == other.id).values(deleted_at=mine.updated_at)
        )
    assert checklist.check(ArticleDraft("Harbour works", "Text.", named_author, mine.id)) == []


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("See [the council](https://example.org/a_(b)) now.", False),
        ("Write to [us](mailto:desk@example.org).", False),
        ("Mail <desk@example.org> or <https://example.org>.", False),
        ("A [script](javascript:alert(1)) here.", True),
        ("An [old](ftp://example.org/file) link.", True),
        ("A [page](www.example.org) without scheme.", True),
        ("A [relative](/news/today.html) one.", True),
        ("An [anchor](#top).", True),
        ("An [empty]() link.", True),
        ("A [site](https://) with no site.", True),
        ("Angle <ftp://example.org/x> link.", True),
        ('Raw <a href="javascript:void(0)">html</a> link.', True),
        ("[ref]: file:///etc/passwd", True),
        ("In code: `[a](ftp://x)` is fine.", False),
    ],
)
def test_links_the_preview_refuses(line: str, refused: bool) -> None:
    items = text_items("Title", f"Intro.\n{line}", enabled=[CheckKey.LINKS])
    assert bool(items) is refused
    if refused:
        assert (items[0].line, items[0].place) == (2, Place.BODY)
        assert line[items[0].column] in "[<"  # the cursor goes to the link itself


def test_the_schemes_allowed_are_a_parameter() -> None:
    assert link_problem("ftp://x.org/f") is not None
    assert link_problem("ftp://x.org/f", frozenset({"ftp"})) is None


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ("Intro.\n![Harbour](https://example.org/h.jpg)", 2, "picture"),
        ('Intro.\nThe <img src="x.png"> picture.', 2, "picture"),
        ("Intro.\n![Harbour][pic]\n[pic]: https://example.org/h.jpg", 2, "picture"),
        ("####### Seven", 1, "six at most"),
        ("Intro.\n##", 2, "empty heading"),
        ("#harbour is trending", 1, "hashtag"),
        ("The heading\n=====\nText.", 1, "===”"),
    ],
)
def test_pictures_and_headings_the_format_cannot_carry(body: str, line: int, says: str) -> None:
    items = text_items("Title", body, enabled=[CheckKey.FORMAT])
    assert [item.line for item in items] == [line]
    assert says in items[0].message


def test_headings_the_preview_shows_are_fine() -> None:
    assert text_items("Title", "# Harbour\n## Ships\n###### Small\nText.\n***") == []


def test_a_title_export_would_refuse_or_starting_with_a_hash() -> None:
    (two_lines,) = text_items("One\nTwo", "Text.", enabled=[CheckKey.FORMAT])
    assert two_lines.place is Place.TITLE and "more than one line" in two_lines.message
    (hashed,) = text_items("# Harbour", "Text.", enabled=[CheckKey.FORMAT])
    assert hashed.place is Place.TITLE and "plain text" in hashed.message


def test_many_alike_items_end_in_one_that_says_how_many_more() -> None:
    body = "\n".join(["Text."] + [""] * 14 + ["End."])
    items = text_items("Title", body, enabled=[CheckKey.PARAGRAPHS])
    assert len(items) == 11
    assert items[-1].line == 12 and "4 more" in items[-1].message


def test_pending_comments_are_counted(
    database: Database, checklist: PrePublishService, named_author: int
) -> None:
    article = ArticleService(database.session_factory).create("Harbour works", "Text.")
    with database.session_factory.begin() as session:
        for position, status in enumerate(
            [CommentStatus.PENDING, CommentStatus.PENDING, CommentStatus.APPROVED]
        ):
            session.add(Comment(article_id=article.id, position=position, body="Hi", status=status))
    (item,) = checklist.check(ArticleDraft("Harbour works", "Text.", named_author, article.id))
    assert (item.check, item.place, item.message) == (
        CheckKey.PENDING_COMMENTS,
        Place.COMMENTS,
        "2 comments wait for moderation on this article.",
    )


def test_items_come_fields_first_then_the_text_top_down(checklist: PrePublishService) -> None:
    items = checklist.check(ArticleDraft("# T", "A [x](ftp://y)\n\n![p](q)", None))
    assert [item.where for item in items] == [
        "Author",
        "Title",
        "Text, line 1",
        "Text, line 2",
        "Text, line 3",
    ]


def test_switches_are_the_newsrooms(database: Database, checklist: PrePublishService) -> None:
    assert checklist.enabled_checks() == frozenset(CheckKey)
    kept = set(CheckKey) - {CheckKey.AUTHOR, CheckKey.PARAGRAPHS}
    checklist.set_enabled_checks(kept, user="ed")
    # Another desk (a service of its own on the same database) reads the same switches.
    other_desk = PrePublishService(database.session_factory)
    assert other_desk.enabled_checks() == kept
    assert other_desk.check(ArticleDraft("Harbour works", "A.\n\nA.", None)) == []
    checklist.set_enabled_checks(CheckKey, user="ed")
    assert _checks(other_desk.check(ArticleDraft("Harbour works", "A.\n\nA.", None))) == [
        CheckKey.AUTHOR,
        CheckKey.PARAGRAPHS,
        CheckKey.PARAGRAPHS,
    ]


def test_a_broken_or_older_setting_leaves_the_checks_on(database: Database) -> None:
    from database.models import NewsroomSetting

    with database.session_factory.begin() as session:
        session.add(NewsroomSetting(key="checklist.items", value='{"author": false, "x": 1}'))
    service = PrePublishService(database.session_factory)
    # A check the row does not mention (one added later) is on; unknown keys are ignored.
    assert service.enabled_checks() == frozenset(CheckKey) - {CheckKey.AUTHOR}
    with database.session_factory.begin() as session:
        session.get(NewsroomSetting, "checklist.items").value = "not json"  # type: ignore[union-attr]
    assert service.enabled_checks() == frozenset(CheckKey)
