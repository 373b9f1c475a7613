"""Search: the article list's full-text search against the equivalent LIKE, and typed nonsense.

Each query of a fixed mix (rare, common, several words, prefixes, drawn from the corpus by word
frequency) is typed into the article list's model as it opened (every article, newest change
first), exactly what the list does when someone types: ArticleListModel.set_filter, which asks
for the matching articles (title, text or a comment) and keeps them in the order it holds. The
baseline finds the same articles, in the same order, with LIKE '%word%' on the same columns, as
databases without a full-text index do.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

from sqlalchemy import and_, exists, or_, select

from benchmarks.corpus import Corpus
from benchmarks.report import Figure, median_of, percentile, timed
from database.engine import open_database
from database.models import Article, Comment
from database.services.articles import ArticleFilter, ArticleService
from database.services.comments import CommentFilter, CommentService
from database.statuses import CommentStatus
from desktop.articles.list_model import ArticleListModel

GROUP = "search"
P95_BUDGET_S = 0.025
LIKE_RUNS = 2  # a LIKE query reads the whole archive: two passes are plenty for a median
TYPED_INPUTS = 2_000
# Word ranks. In this corpus the twenty most frequent words are in a third to all of the
# articles, as "the" and "of" are in English: alone they are no search, so they appear only
# with other words. Common: in 4% to 17% of the articles; rare: in about a hundred.
RARE, COMMON, FREQUENT = (5_000, 8_000, 12_000, 15_000, 25_000), (95, 150, 200, 300, 400), (8, 20)


def query_mix(seed: int) -> list[str]:
    words = Corpus.create(seed).words
    rare = [words[rank] for rank in RARE]
    common = [words[rank] for rank in COMMON]
    frequent = [words[rank] for rank in FREQUENT]
    return [
        *rare,
        *common,
        f"{common[0]} {common[3]}",  # several words: all of them must be there
        f"{frequent[0]} {common[1]}",
        f"{frequent[1]} {rare[2]}",
        f"{common[2]} {rare[0]}",
        f"{frequent[0]} {frequent[1]} {common[4]}",
        f"{common[0][:4]}*",  # prefixes, as typed while the word is not finished
        f"{common[2][:3]}*",
        f"{rare[1][:4]}*",
        f"{rare[3][:5]}*",
        f"{common[1]} {common[4][:3]}*",
    ]


def like_ids(session, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    """What search.py does without a full-text index: every word somewhere, as a substring."""
    conditions = []
    for word in query.split():
        pattern = "%" + word.rstrip("*").replace("%", "\\%").replace("_", "\\_") + "%"
        in_comments = exists().where(
            Comment.article_id == Article.id, Comment.body.like(pattern, escape="\\")
        )
        conditions.append(
            or_(
                Article.title.like(pattern, escape="\\"),
                Article.body.like(pattern, escape="\\"),
                in_comments,
            )
        )
    ordered = select(Article.id).where(and_(*conditions))
    return list(session.scalars(ordered.order_by(Article.updated_at.desc(), Article.id.desc())))


def typed_inputs(seed: int) -> list[str]:
    """What people type or paste: operators, quotes, brackets, control characters, scripts."""
    rng = random.Random(seed)
    pieces = [
        *'"*^():-+{}[]~\\/\'.,;!?@#$%&|<>=_',
        "AND", "OR", "NOT", "NEAR", "NEAR(", "col:", "title:", "body:", "\x00", "\t", "\n",
        "é", "ß", "İ", "ﬁ", "日本", "🙂", "\u200b", "'; DROP TABLE articles; --", "%", "_",
        *string.ascii_letters, *string.digits, " ", " ", " ",
    ]  # fmt: skip
    return ["".join(rng.choices(pieces, k=rng.randint(1, 12))) for _ in range(TYPED_INPUTS)]


def figures(archive: Path, seed: int, runs: int) -> list[Figure]:
    database = open_database(f"sqlite:///{archive}")
    articles = ArticleService(database.session_factory)
    comments = CommentService(database.session_factory)
    model = ArticleListModel(articles)  # the list as it opens; not timed: it is opened once

    def typed(query: str) -> None:
        model.set_filter(ArticleFilter(search=query))

    queries = query_mix(seed)
    fts: list[float] = []
    like: list[float] = []
    try:
        for query in queries:  # once, untimed: the same cache for both sides
            typed(query)
            shown = [model.article_id(row) for row in range(model.rowCount())]
            # What the list keeps is what the database would have sorted: no shortcut taken.
            assert shown == articles.ids(ArticleFilter(search=query)), query
        for run in range(runs):
            for query in queries:
                fts.append(timed(lambda q=query: typed(q)))
            if run < LIKE_RUNS:
                with database.session_factory() as session:
                    for query in queries:
                        like.append(timed(lambda q=query: like_ids(session, q)))
        errors = 0
        for text in typed_inputs(seed):
            try:
                typed(text)
                comments.ids(CommentFilter(status=CommentStatus.PENDING, search=text))
            except Exception:  # what the figure counts: any error at all
                errors += 1
    finally:
        database.dispose()
    mix = f"{len(queries)} queries"
    return [
        Figure(GROUP, f"median full-text query ({mix})", median_of(fts), median_of(like),
               "LIKE median", 1 / 50),
        Figure(GROUP, f"95th percentile full-text query ({mix})", percentile(fts, 0.95),
               P95_BUDGET_S, "budget", 1),
        Figure(GROUP, f"typed inputs that raise an error, of {TYPED_INPUTS:,}", errors,
               TYPED_INPUTS, "inputs", 0, unit=""),
    ]  # fmt: skip
