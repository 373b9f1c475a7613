"""A title that export could not write is refused when it is saved, not when it is exported."""

from __future__ import annotations

import pytest

from database.errors import ValidationError
from database.services.articles import ArticleService
from database.services.exporting import export_problem

UNWRITABLE = {
    "a NUL": ("Budget\0 vote", "NUL character"),
    "a leading byte-order mark": ("\ufeffBudget vote", r"U\+FEFF"),
    "half a surrogate pair": ("Budget \ud83d vote", "broken character"),
}


@pytest.fixture
def articles(database) -> ArticleService:
    return ArticleService(database.session_factory)


@pytest.mark.parametrize(("title", "said"), UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_a_title_export_could_not_write_is_refused_on_create(
    articles: ArticleService, title: str, said: str
) -> None:
    with pytest.raises(ValidationError, match=said) as refused:
        articles.create(title, "Body.")
    assert refused.value.field == "title"
    assert articles.count() == 0


@pytest.mark.parametrize(("title", "said"), UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_a_title_export_could_not_write_is_refused_on_save(
    articles: ArticleService, title: str, said: str
) -> None:
    article = articles.create("Budget vote", "Body.")
    with pytest.raises(ValidationError, match=said) as refused:
        articles.save(
            article.id,
            title=title,
            body="Body.",
            status=article.status,
            author_id=None,
            notes="",
            expected_version=article.version,
            user="ann",
        )
    assert refused.value.field == "title"
    assert articles.get(article.id).title == "Budget vote"


def test_a_byte_order_mark_inside_a_title_is_a_character_like_any_other(
    database, articles: ArticleService
) -> None:
    """Only at the start would reading the exported file take it for a byte-order mark."""
    article = articles.create("Budget\ufeff vote", "Body.")
    problem = export_problem(database.session_factory, article.id)
    assert problem is None or "title" not in problem.message
