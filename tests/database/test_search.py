import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from database.models import Comment
from database.search import ARTICLE_SHIFT, fts5_query, matching_article_ids, search_terms
from database.services.articles import ArticleFilter, ArticleService
from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer


def test_operators_are_just_words() -> None:
    assert (
        fts5_query('cats AND NOT "dogs" OR near(') == '"cats" "AND" "NOT" """dogs""" "OR" "near("'
    )
    assert fts5_query("inspect*") == '"inspect"*'
    assert fts5_query("  - * ") is None
    assert search_terms("a* b") == [("a", True), ("b", False)]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text())
def test_no_typed_input_raises_a_database_error(database, samples, query: str) -> None:
    if not ArticleService(database.session_factory).count():
        Importer(database.session_factory).run(samples)
    ArticleService(database.session_factory).ids(ArticleFilter(search=query))
    ArticleService(database.session_factory).matching_ids(query)  # what the list asks
    CommentService(database.session_factory).ids(CommentFilter(status=None, search=query))


def test_the_index_follows_saves_and_deletes(database) -> None:
    articles = ArticleService(database.session_factory)
    article = articles.create("Ferry", "The old timetable.")
    assert articles.ids(ArticleFilter(search="timetable")) == [article.id]
    articles.save(
        article.id,
        title="Ferry",
        body="A new schedule.",
        status=article.status,
        author_id=None,
        notes="",
        expected_version=article.version,
        user="ann",
    )
    assert articles.ids(ArticleFilter(search="timetable")) == []
    assert articles.ids(ArticleFilter(search="schedule")) == [article.id]
    articles.delete(article.id)
    assert articles.ids(ArticleFilter(search="schedule")) == []


def test_every_word_is_required_and_a_star_means_a_prefix(database) -> None:
    articles = ArticleService(database.session_factory)
    ferry = articles.create("Ferry timetable", "The e-mail from the harbour master's office.").id
    bridge = articles.create("Bridge", "Inspections resume on Monday.").id
    assert articles.ids(ArticleFilter(search="ferry harbour")) == [ferry]
    assert articles.ids(ArticleFilter(search="ferry monday")) == []
    assert articles.ids(ArticleFilter(search="inspect*")) == [bridge]
    assert articles.ids(ArticleFilter(search="inspect")) == []
    assert articles.ids(ArticleFilter(search="TIMETABLE")) == [ferry]
    assert articles.ids(ArticleFilter(search="e-mail")) == [ferry]
    assert articles.ids(ArticleFilter(search="master's")) == [ferry]


def test_comments_are_searched_with_their_articles(database, samples) -> None:
    Importer(database.session_factory).run(samples)
    comments = CommentService(database.session_factory)
    first = comments.get(comments.ids(CommentFilter(status=None))[0])
    word = max(first.body.split(), key=len).strip(".,;:!?\"'()")
    found = comments.ids(CommentFilter(status=None, search=word))
    assert first.id in found
    assert first.article_id in ArticleService(database.session_factory).ids(
        ArticleFilter(search=word)
    )


@pytest.mark.parametrize(
    "query",
    ["\x00", "a\x00b", "'", "\\", "&|!", "<->", ":*", "(((", "a:* & !b", '"quoted', "ü*", "*"],
)
def test_query_syntax_is_never_an_error(database, query: str) -> None:
    articles = ArticleService(database.session_factory)
    articles.create("Weird", "Text with a:b and it's fine")
    articles.ids(ArticleFilter(search=query))
    articles.matching_ids(query)
    CommentService(database.session_factory).ids(CommentFilter(status=None, search=query))


def test_postgresql_searches_through_its_gin_index(database, backend: str) -> None:
    if backend != "postgresql":
        assert database.is_sqlite  # SQLite's FTS5 index is checked by the tests above
        return
    ArticleService(database.session_factory).create("Ferry", "Harbour.")
    with database.session_factory() as session:
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        query = matching_article_ids(session, "harbour* ferry")
        assert query is not None
        compiled = query.compile(dialect=connection.dialect)
        plan = "\n".join(
            row[0] for row in connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params)
        )
    assert "ix_articles_search_vector" in plan
    assert "ix_comments_search_vector" in plan


def add_comment(database, article_id: int, body: str) -> int:
    with database.session_factory.begin() as session:
        comment = Comment(article_id=article_id, position=1, body=body)
        session.add(comment)
        session.flush()
        return comment.id


def by_article_index_is_sound(database) -> None:
    """SQLite's index of comments by article holds exactly one entry per comment, under its
    article, and FTS5 finds nothing wrong in it."""
    if not database.is_sqlite:
        return
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO comment_fts_by_article(comment_fts_by_article) VALUES ('integrity-check')"
        )
        indexed = connection.exec_driver_sql("SELECT rowid FROM comment_fts_by_article").all()
        comments = connection.exec_driver_sql("SELECT article_id, id FROM comments").all()
    assert sorted(row[0] for row in indexed) == sorted(
        (article_id << ARTICLE_SHIFT) | comment_id for article_id, comment_id in comments
    )


def test_a_comment_finds_its_article_while_it_is_added_edited_moved_and_deleted(database) -> None:
    articles = ArticleService(database.session_factory)
    ferry = articles.create("Ferry", "The crossing.").id
    bridge = articles.create("Bridge", "The span.").id
    comment = add_comment(database, ferry, "Where is the timetable?")
    add_comment(database, bridge, "Nothing to see")
    assert articles.matching_ids("timetable") == {ferry}
    assert articles.ids(ArticleFilter(search="timetable")) == [ferry]
    by_article_index_is_sound(database)

    with database.session_factory.begin() as session:
        session.execute(update(Comment).where(Comment.id == comment).values(body="Late again"))
    assert articles.matching_ids("timetable") == set()
    assert articles.matching_ids("late") == {ferry}
    with database.session_factory.begin() as session:
        session.execute(update(Comment).where(Comment.id == comment).values(article_id=bridge))
    assert articles.matching_ids("late") == {bridge}
    by_article_index_is_sound(database)

    with database.session_factory.begin() as session:
        session.execute(delete(Comment).where(Comment.id == comment))
    assert articles.matching_ids("late") == set()
    articles.delete(bridge)  # its comments go with it, and out of the index
    assert articles.matching_ids("nothing") == set()
    by_article_index_is_sound(database)


def test_matching_ids_are_what_the_list_query_finds(database, samples) -> None:
    Importer(database.session_factory).run(samples)
    articles = ArticleService(database.session_factory)
    for query in ("children", "social care", "shame*", "warrington", "nosuchword", "e-mail"):
        found = articles.matching_ids(query)
        assert found == set(articles.ids(ArticleFilter(search=query))), query
    assert articles.matching_ids("  - * ") is None  # no word: every article passes
    assert articles.matching_ids("") is None


def test_ids_too_large_for_the_index_are_refused_not_mixed_up(database) -> None:
    if not database.is_sqlite:
        pytest.skip("the limit is the SQLite index's (article id << 32 | comment id)")
    article = ArticleService(database.session_factory).create("Ferry", "The crossing.")
    too_large = pytest.raises(IntegrityError, match="too large for the search index")
    with too_large, database.session_factory.begin() as session:
        session.add(Comment(id=2**32, article_id=article.id, position=1, body="Hello"))
    add_comment(database, article.id, "An ordinary id")
    by_article_index_is_sound(database)
