from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from database.search import fts5_query, search_terms
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
