import pytest

from database.errors import NotFoundError, StaleVersionError, ValidationError
from database.services.articles import (
    ArticleFilter,
    ArticleService,
    ArticleSort,
    allowed_statuses,
)
from database.services.authors import AuthorChanges, AuthorService
from database.services.comments import CommentService
from database.services.importing import Importer
from database.statuses import ArticleStatus, CommentStatus


@pytest.fixture
def articles(database) -> ArticleService:
    return ArticleService(database.session_factory)


def save(articles: ArticleService, article_id: int, **changes):
    current = articles.get(article_id)
    fields = {
        "title": current.title,
        "body": current.body,
        "status": current.status,
        "author_id": current.author_id,
        "notes": current.notes,
        "expected_version": current.version,
        "user": "tester",
    }
    fields.update(changes)
    return articles.save(article_id, **fields)


def test_every_save_keeps_the_previous_version(articles: ArticleService) -> None:
    article = articles.create("Budget", "First draft.")
    save(articles, article.id, body="Second draft.", user="ann")
    save(articles, article.id, body="Third draft.", user="bob")
    revisions = articles.revisions(article.id)
    # Each revision is named after whoever wrote it; the first was created, by nobody named.
    assert [(r.number, r.body, r.saved_by) for r in revisions] == [
        (2, "Second draft.", "ann"),
        (1, "First draft.", ""),
    ]
    assert articles.get(article.id).version == 3


def test_a_save_that_changes_nothing_keeps_no_revision(articles: ArticleService) -> None:
    article = articles.create("Budget", "Text.", notes="Check the figures")
    save(articles, article.id)
    assert articles.revisions(article.id) == []
    assert articles.get(article.id).version == 2


def test_restoring_a_revision_keeps_what_it_replaces(articles: ArticleService) -> None:
    article = articles.create("Budget", "Old.")
    saved = save(articles, article.id, body="New.")
    old = articles.revisions(article.id)[0]
    restored = articles.restore_revision(
        article.id, old.id, expected_version=saved.version, user="ann"
    )
    assert restored.body == "Old."
    assert [r.body for r in articles.revisions(article.id)] == ["New.", "Old."]


def test_a_stale_save_is_refused(articles: ArticleService) -> None:
    article = articles.create("Budget", "Text.")
    save(articles, article.id, body="Theirs.")
    with pytest.raises(StaleVersionError, match="changed elsewhere"):
        save(articles, article.id, body="Mine.", expected_version=article.version)
    assert articles.get(article.id).body == "Theirs."


def test_status_moves_follow_the_workflow(articles: ArticleService) -> None:
    article = articles.create("Budget", "Text.")
    assert allowed_statuses(ArticleStatus.DRAFT) == (ArticleStatus.DRAFT, ArticleStatus.IN_REVIEW)
    with pytest.raises(ValidationError, match="cannot move from Draft to Published"):
        save(articles, article.id, status=ArticleStatus.PUBLISHED)
    save(articles, article.id, status=ArticleStatus.IN_REVIEW)
    save(articles, article.id, status=ArticleStatus.PUBLISHED)
    save(articles, article.id, status=ArticleStatus.ARCHIVED)
    assert articles.get(article.id).status is ArticleStatus.ARCHIVED


@pytest.mark.parametrize("title", ["", "   ", "two\nlines"])
def test_titles_are_validated(articles: ArticleService, title: str) -> None:
    with pytest.raises(ValidationError) as error:
        articles.create(title, "Body")
    assert error.value.field == "title"


def test_missing_articles_are_reported(articles: ArticleService) -> None:
    with pytest.raises(NotFoundError):
        articles.get(12345)


def test_list_sorts_filters_and_counts(database, articles: ArticleService, samples) -> None:
    Importer(database.session_factory).run(samples)
    draft = articles.create("Allotments waiting list", "Gardeners wait.")
    ids = articles.ids(sort=ArticleSort.TITLE, descending=False)
    titles = [row.title for row in articles.summaries(ids)]
    assert titles == sorted(titles, key=str.lower)
    assert articles.ids(ArticleFilter(status=ArticleStatus.DRAFT)) == [draft.id]
    by_comments = articles.summaries(articles.ids(sort=ArticleSort.COMMENTS))
    assert (by_comments[0].pending_comments, by_comments[0].approved_comments) == (2, 0)
    assert articles.count() == 3
    author = AuthorService(database.session_factory).list()[0]
    assert articles.count(ArticleFilter(author_id=author.id)) == 2


def test_the_packed_ids_are_the_ids(database, articles: ArticleService, samples) -> None:
    Importer(database.session_factory).run(samples)
    articles.create("Allotments waiting list", "Gardeners wait.")
    for sort in ArticleSort:
        for descending in (True, False):
            packed = articles.id_array(sort=sort, descending=descending)
            assert packed.typecode == "q"  # 8 bytes an id, not a Python int each
            assert packed.tolist() == articles.ids(sort=sort, descending=descending)
    assert len(articles.id_array(ArticleFilter(search="warrington"))) == 2


def test_counts_follow_moderation(database, articles: ArticleService, samples) -> None:
    Importer(database.session_factory).run(samples)
    comments = CommentService(database.session_factory)
    comments.set_status(comments.ids()[:1], CommentStatus.APPROVED, user="mod")
    row = articles.summaries(articles.ids(sort=ArticleSort.COMMENTS))[0]
    assert (row.pending_comments, row.approved_comments) == (1, 1)


def test_search_finds_titles_bodies_and_comments(database, articles, samples) -> None:
    Importer(database.session_factory).run(samples)

    def titles(query: str) -> list[str]:
        return [row.title for row in articles.summaries(articles.ids(ArticleFilter(search=query)))]

    assert titles("bedding") == ["Swift action on children's social care"]
    assert len(titles("warrington")) == 2
    assert titles("Healthwatch") == []  # only in the bio, which is not searched
    assert titles("invited") == [  # only in a comment
        "Swift action on children's social care"
    ]
    assert titles("calibre") == ["Swift action on children's social care"]  # in a comment
    assert titles("inspect*") != []
    assert titles("inspectors Warrington") == ["Child protection good – but could be better"]
    assert titles("zebra") == []


def test_summaries_keep_the_order_and_skip_deleted(articles: ArticleService, database) -> None:
    author = AuthorService(database.session_factory).create(AuthorChanges("Jo", "Bio"))
    first = articles.create("One", "x", author_id=author.id)
    second = articles.create("Two", "y")
    articles.delete(first.id)
    rows = articles.summaries([second.id, first.id])
    assert [row.id for row in rows] == [second.id]


def test_summaries_of_more_ids_than_one_statement_binds(database, articles, samples) -> None:
    Importer(database.session_factory).run(samples)
    known = articles.ids()
    counts = {
        row.id: (row.pending_comments, row.approved_comments) for row in articles.summaries(known)
    }
    # Thousands of ids, most of them unknown, the known ones at either end and reversed.
    asked = [*reversed(known), *range(10_000, 12_000), *known]
    rows = articles.summaries(asked)
    assert [row.id for row in rows] == [*reversed(known), *known]
    assert {row.id: (row.pending_comments, row.approved_comments) for row in rows} == counts
    assert sum(pending for pending, _ in counts.values()) > 0
