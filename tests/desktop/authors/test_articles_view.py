from __future__ import annotations

from array import array
from pathlib import Path

from database.engine import Database
from database.services.articles import ArticleFilter, ArticleService, ArticleSort
from desktop.authors.articles_view import AuthorArticlesView
from desktop.context import AppContext


class CountingService(ArticleService):
    """The real service, noting every list of ids asked of it."""

    def __init__(self, database: Database) -> None:
        super().__init__(database.session_factory)
        self.asked: list[ArticleFilter] = []

    def id_array(self, filters: ArticleFilter, sort: ArticleSort, descending: bool) -> array[int]:
        self.asked.append(filters)
        return super().id_array(filters, sort, descending)


def test_the_view_never_reads_every_article_before_an_author_is_shown(
    qtbot, database: Database, context: AppContext, imported_samples: list[Path], settle
) -> None:
    articles = CountingService(database)
    view = AuthorArticlesView(articles)
    qtbot.addWidget(view)
    settle()  # its sort is read in the background
    assert articles.asked and all(asked.author_id == -1 for asked in articles.asked)
    assert view.row_count() == 0

    author_id = context.articles.get(context.articles.ids()[0]).author_id
    view.show_author(author_id)
    settle()
    assert articles.asked[-1] == ArticleFilter(author_id=author_id)
    assert view.row_count() == 2  # the samples share their author
