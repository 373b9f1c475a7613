import pytest

from database.errors import ValidationError
from database.services.articles import ArticleFilter, ArticleService
from database.services.authors import AuthorChanges, AuthorService
from database.services.importing import Importer, Outcome


@pytest.fixture
def authors(database) -> AuthorService:
    return AuthorService(database.session_factory)


def test_editing_a_bio_keeps_recognising_the_old_one(database, authors, samples) -> None:
    Importer(database.session_factory).run(samples[:1])
    author = authors.list()[0]
    assert author.needs_name
    old_bio = authors.get(author.id).bio
    updated = authors.update(author.id, AuthorChanges("Jo Bloggs", "A new bio."))
    assert not updated.needs_name
    assert authors.find_by_bio(old_bio) == author.id
    assert authors.find_by_bio("A new bio.") == author.id
    result = Importer(database.session_factory).run(samples[1:]).results[0]
    assert result.outcome is Outcome.IMPORTED
    assert [a.id for a in authors.list()] == [author.id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (AuthorChanges("", "Bio"), "display_name"),
        (AuthorChanges("Jo", ""), "bio"),
        (AuthorChanges("Jo", "Two\nlines"), "bio"),
        (AuthorChanges("Jo", "Bio", email="not an email"), "email"),
        (AuthorChanges("Jo", "Bio", website="javascript:alert(1)"), "website"),
    ],
)
def test_validation_names_the_field(authors: AuthorService, changes, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        authors.create(changes)
    assert error.value.field == field


def test_merge_moves_articles_and_bios(database, authors: AuthorService) -> None:
    articles = ArticleService(database.session_factory)
    keep = authors.create(AuthorChanges("Jo Bloggs", "Bio one"))
    other = authors.create(AuthorChanges("J. Bloggs", "Bio two", email="jo@example.com"))
    articles.create("A", "x", author_id=keep.id)
    articles.create("B", "y", author_id=other.id)
    merged = authors.merge(keep.id, other.id)
    assert merged.email == "jo@example.com"
    assert [a.id for a in authors.list()] == [keep.id]
    assert articles.count(ArticleFilter(author_id=keep.id)) == 2
    assert authors.find_by_bio("Bio two") == keep.id


def test_delete_needs_a_successor_for_articles(database, authors: AuthorService) -> None:
    articles = ArticleService(database.session_factory)
    gone = authors.create(AuthorChanges("Gone", "Bio gone"))
    heir = authors.create(AuthorChanges("Heir", "Bio heir"))
    article = articles.create("A", "x", author_id=gone.id)
    with pytest.raises(ValidationError, match="takes over"):
        authors.delete(gone.id, None)
    authors.delete(gone.id, heir.id)
    assert articles.get(article.id).author_id == heir.id
    assert authors.find_by_bio("Bio gone") == heir.id


def test_list_searches_and_filters(authors: AuthorService) -> None:
    authors.create(AuthorChanges("Ann Smith", "Courts reporter", specialties="crime"))
    authors.create(AuthorChanges("Bob Jones", "Sports desk"))
    assert [a.display_name for a in authors.list("crime")] == ["Ann Smith"]
    assert [a.display_name for a in authors.list("100%_")] == []
    assert authors.list(needs_name_only=True) == []


def test_photo_is_read_alone_and_removed_with_empty_bytes(authors: AuthorService) -> None:
    ann = authors.create(AuthorChanges("Ann Smith", "Bio", photo=b"\x89PNG fake"))
    assert authors.photo(ann.id) == b"\x89PNG fake"
    assert authors.list()[0].has_photo
    # None keeps the photo, b"" removes it.
    authors.update(ann.id, AuthorChanges("Ann Smith", "Bio"))
    assert authors.photo(ann.id) == b"\x89PNG fake"
    authors.update(ann.id, AuthorChanges("Ann Smith", "Bio", photo=b""))
    assert authors.photo(ann.id) is None
    assert authors.photo(999) is None


def test_known_bio_count_grows_with_edits_and_merges(authors: AuthorService) -> None:
    ann = authors.create(AuthorChanges("Ann Smith", "First bio"))
    assert authors.known_bio_count(ann.id) == 1
    authors.update(ann.id, AuthorChanges("Ann Smith", "Second bio"))
    authors.update(ann.id, AuthorChanges("Ann Smith", " Second bio "))
    assert authors.known_bio_count(ann.id) == 2
    other = authors.create(AuthorChanges("A. Smith", "Third bio"))
    authors.merge(ann.id, other.id)
    assert authors.known_bio_count(ann.id) == 3


def test_an_author_created_by_name_gets_a_bio_later(authors: AuthorService) -> None:
    dana = authors.create_named("  Dana Reporter ")
    assert dana.display_name == "Dana Reporter" and dana.bio == "" and not dana.needs_name
    # An empty bio is not remembered: imports without a bio must not come to Dana.
    assert authors.known_bio_count(dana.id) == 0 and authors.find_by_bio("") is None
    eli = authors.create_named("Eli Writer", "Eli writes about ports.")
    assert authors.find_by_bio("Eli writes about ports.") == eli.id
    with pytest.raises(ValidationError) as refused:
        authors.create_named("   ")
    assert refused.value.field == "display_name"
    with pytest.raises(ValidationError) as refused:
        authors.create_named("Fay", "Two\nlines")
    assert refused.value.field == "bio"
    assert [a.display_name for a in authors.list()] == ["Dana Reporter", "Eli Writer"]


def test_a_profile_without_a_bio_can_be_edited_and_a_bio_once_given_stays(
    authors: AuthorService,
) -> None:
    dana = authors.create_named("Dana Reporter")
    renamed = authors.update(dana.id, AuthorChanges("Dana Q. Reporter", "", email="d@example.com"))
    assert (renamed.display_name, renamed.bio, renamed.email) == (
        "Dana Q. Reporter",
        "",
        "d@example.com",
    )
    assert authors.known_bio_count(dana.id) == 0  # still nothing for imports to match
    authors.update(dana.id, AuthorChanges("Dana Q. Reporter", "Dana covers the port."))
    with pytest.raises(ValidationError) as refused:
        authors.update(dana.id, AuthorChanges("Dana Q. Reporter", ""))
    assert refused.value.field == "bio"
