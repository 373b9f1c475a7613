import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from database.search import fts5_query, matching_article_ids, search_terms
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
