"""Honest history: each revision names who wrote that version and when, and keeps its title,
text, status, author and notes; restoring brings back what it holds."""

import pytest

from database.engine import Database
from database.errors import NotFoundError, ValidationError
from database.models import ArticleRevision
from database.services.articles import ArticleDetail, ArticleService, restore_leaves
from database.services.authors import AuthorChanges, AuthorService
from database.statuses import ArticleStatus


@pytest.fixture
def articles(database: Database) -> ArticleService:
    return ArticleService(database.session_factory)


def save(articles: ArticleService, article_id: int, **changes: object) -> ArticleDetail:
    current = articles.get(article_id)
    fields: dict[str, object] = {
        "title": current.title,
        "body": current.body,
        "status": current.status,
        "author_id": current.author_id,
        "notes": current.notes,
        "expected_version": current.version,
        "user": "tester",
    }
    fields.update(changes)
    return articles.save(article_id, **fields)  # type: ignore[arg-type]


def test_two_people_saving_in_turn_are_each_named_for_their_own_text(
    articles: ArticleService,
) -> None:
    article = articles.create("Harbour works", "Imported text.")
    by_ann = save(articles, article.id, body="Ann's text.", user="ann")
    by_bob = save(articles, article.id, body="Bob's text.", user="bob")
    newest, oldest = articles.revisions(article.id)
    # Ann's text, replaced by Bob, is Ann's, at the time she saved it, not Bob's.
    assert (newest.body, newest.saved_by, newest.saved_at) == (
        "Ann's text.",
        "ann",
        by_ann.updated_at,
    )
    assert (oldest.body, oldest.saved_by, oldest.saved_at) == (
        "Imported text.",
        "",
        article.updated_at,
    )
    current = articles.get(article.id)
    assert (current.body, current.updated_by, current.updated_at) == (
        "Bob's text.",
        "bob",
        by_bob.updated_at,
    )
    assert by_bob.updated_at >= by_ann.updated_at


def test_a_revision_keeps_status_author_and_notes(
    articles: ArticleService, database: Database
) -> None:
    authors = AuthorService(database.session_factory)
    ann = authors.create(AuthorChanges("Ann Writer", "Bio"))
    article = articles.create("Budget", "Text.", author_id=ann.id, notes="Check figures")
    save(articles, article.id, status=ArticleStatus.IN_REVIEW, author_id=None, notes="", user="ed")
    [revision] = articles.revisions(article.id)
    assert (revision.status, revision.author_id, revision.author_name, revision.notes) == (
        ArticleStatus.DRAFT,
        ann.id,
        "Ann Writer",
        "Check figures",
    )
    assert revision.reason == ""


def test_a_change_of_status_alone_is_kept_in_the_history(articles: ArticleService) -> None:
    article = articles.create("Budget", "Text.")
    save(articles, article.id, status=ArticleStatus.IN_REVIEW, user="ann")
    save(articles, article.id, notes="Figures checked", user="bob")
    assert [(r.saved_by, r.status, r.notes) for r in articles.revisions(article.id)] == [
        ("ann", ArticleStatus.IN_REVIEW, ""),
        ("", ArticleStatus.DRAFT, ""),
    ]


def test_a_publish_past_the_checklist_keeps_its_reason(articles: ArticleService) -> None:
    article = articles.create("Budget", "Text.")
    save(articles, article.id, status=ArticleStatus.IN_REVIEW, user="ann")
    published = save(
        articles,
        article.id,
        status=ArticleStatus.PUBLISHED,
        user="ed",
        publish_reason="  Breaking news: the author is named tomorrow ",
    )
    assert published.status is ArticleStatus.PUBLISHED
    newest = articles.revisions(article.id)[0]
    # On the version it replaced: the one In review, which Ed's publish came after.
    assert (newest.status, newest.reason) == (
        ArticleStatus.IN_REVIEW,
        "Breaking news: the author is named tomorrow",
    )


def test_restoring_brings_back_status_author_and_notes(
    articles: ArticleService, database: Database
) -> None:
    authors = AuthorService(database.session_factory)
    ann = authors.create(AuthorChanges("Ann Writer", "Bio"))
    bob = authors.create(AuthorChanges("Bob Writer", "Bio"))
    article = articles.create("Budget", "Old.", author_id=ann.id, notes="Old notes")
    save(articles, article.id, status=ArticleStatus.IN_REVIEW, user="ed")
    latest = save(articles, article.id, body="New.", author_id=bob.id, notes="", user="ed")
    in_review = articles.revisions(article.id)[0]
    restored = articles.restore_revision(
        article.id, in_review.id, expected_version=latest.version, user="cat"
    )
    assert (restored.body, restored.author_id, restored.notes, restored.status) == (
        "Old.",
        ann.id,
        "Old notes",
        ArticleStatus.IN_REVIEW,
    )
    assert restore_leaves(in_review, restored) == []


def test_restoring_never_publishes_nor_leaves_the_workflow(articles: ArticleService) -> None:
    article = articles.create("Budget", "Draft text.")
    save(articles, article.id, status=ArticleStatus.IN_REVIEW)
    save(articles, article.id, status=ArticleStatus.PUBLISHED, body="Published text.")
    latest = save(articles, article.id, status=ArticleStatus.ARCHIVED)
    draft = articles.revisions(article.id)[-1]
    assert draft.status is ArticleStatus.DRAFT
    restored = articles.restore_revision(
        article.id, draft.id, expected_version=latest.version, user="cat"
    )
    # Archived cannot go back to Draft: the text comes back, the status stays.
    assert (restored.body, restored.status) == ("Draft text.", ArticleStatus.ARCHIVED)
    assert restore_leaves(draft, restored) == ["the status stays Archived"]
    published = next(r for r in articles.revisions(article.id) if r.body == "Published text.")
    again = articles.restore_revision(
        article.id, published.id, expected_version=restored.version, user="cat"
    )
    assert again.status is ArticleStatus.ARCHIVED  # Published only through the checklist


def test_an_old_revision_restores_its_text_and_leaves_the_rest(
    articles: ArticleService, database: Database
) -> None:
    article = articles.create("Budget", "Now.", notes="Current notes")
    latest = save(articles, article.id, status=ArticleStatus.IN_REVIEW)
    with database.session_factory.begin() as session:
        session.add(
            ArticleRevision(article_id=article.id, number=9, title="Budget", body="Before 0006.")
        )
    old = articles.revisions(article.id)[0]
    assert (old.number, old.status, old.author_id, old.notes) == (9, None, None, None)
    restored = articles.restore_revision(
        article.id, old.id, expected_version=latest.version, user="cat"
    )
    assert (restored.body, restored.status, restored.notes) == (
        "Before 0006.",
        ArticleStatus.IN_REVIEW,
        "Current notes",
    )


def test_a_revision_can_be_added_without_replacing_the_article(articles: ArticleService) -> None:
    article = articles.create("Harbour works", "Bob's text.")
    save(articles, article.id, body="Bob's second text.", user="bob")
    added = articles.add_revision(
        article.id,
        title="Harbour works",
        body="Ann's unsaved text.",
        status=ArticleStatus.DRAFT,
        author_id=None,
        notes="Ann's notes",
        saved_by="ann",
    )
    assert (added.number, added.saved_by, added.body, added.notes) == (
        2,
        "ann",
        "Ann's unsaved text.",
        "Ann's notes",
    )
    assert articles.revisions(article.id)[0] == added
    current = articles.get(article.id)
    assert (current.body, current.version) == ("Bob's second text.", 2)


def test_adding_a_revision_is_refused_for_a_missing_article_or_title(
    articles: ArticleService,
) -> None:
    article = articles.create("Harbour works", "Text.")
    fields = {
        "body": "Text.",
        "status": ArticleStatus.DRAFT,
        "author_id": None,
        "notes": "",
        "saved_by": "ann",
    }
    with pytest.raises(ValidationError):
        articles.add_revision(article.id, title=" ", **fields)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        articles.add_revision(article.id + 100, title="T", **fields)  # type: ignore[arg-type]
    assert articles.revisions(article.id) == []


def test_the_first_version_is_named_after_whoever_created_it(articles: ArticleService) -> None:
    article = articles.create("Budget", "Ann's first text.", created_by="ann")
    assert article.updated_by == "ann"
    save(articles, article.id, body="Bob's text.", user="bob")
    [revision] = articles.revisions(article.id)
    assert (revision.body, revision.saved_by) == ("Ann's first text.", "ann")
