"""Run in a subprocess by the big-list figures, so that each measures memory from a clean start.

    python -m benchmarks.lists_probe articles|queue lazy|eager DATABASE_URL SEED JUMPS

Opens the list (Copydesk's own model, or one that loads every row up front) in a table view
of the window's size, paints it, and prints JSON: the seconds from creating the model to the
first rows painted, the resident memory that took, and (lazy only) the seconds of each jump
to a random row, painted.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from database.engine import open_database
from database.services.articles import STATUS_LABELS, ArticleFilter, ArticleService
from database.services.comments import CommentFilter, CommentService
from desktop.articles.list_model import ArticleListModel, comments_text, local_time_text
from desktop.moderation.queue_model import CommentQueueModel
from desktop.moderation.queue_view import CommentQueueView

Index = QModelIndex | QPersistentModelIndex
PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class EagerModel(QAbstractTableModel):
    """The baseline: every row read when the list opens, as a naive model would."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self._rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._rows[index.row()][index.column()]
        return None


def all_articles(articles: ArticleService) -> list[tuple[str, ...]]:
    return [
        (s.title, s.author_name, STATUS_LABELS[s.status], comments_text(s),
         local_time_text(s.updated_at))
        for s in articles.summaries(articles.ids())
    ]  # fmt: skip


def all_comments(comments: CommentService, filters: CommentFilter) -> list[tuple[str, ...]]:
    return [
        (s.excerpt, s.article_title, s.received_at.astimezone().strftime("%d %b %H:%M"),
         s.held_reason or "", s.status.value.capitalize())
        for s in comments.summaries(comments.ids(filters))
    ]  # fmt: skip


def table_view(kind: str) -> QTableView:
    view = CommentQueueView() if kind == "queue" else QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.resize(1280, 800)
    return view


def warm_up(view: QTableView, articles: ArticleService, comments: CommentService) -> None:
    """What any first query and first paint cost once (SQLAlchemy's mappers and statement
    caches, Qt's fonts and styles), paid before measuring, by either model alike: the figure
    is about what a list costs, not the libraries."""
    first = articles.summaries(articles.ids(ArticleFilter(search="benchmarkwarmup")) or [1])
    comments.summaries(comments.ids(CommentFilter(status=None, article_id=1)))
    view.setModel(EagerModel([(summary.title,) * 5 for summary in first]))
    view.viewport().repaint()
    QApplication.processEvents()


def main() -> None:
    kind, model_kind, url, seed, jumps = sys.argv[1:6]
    app = QApplication(sys.argv[:1])  # noqa: F841 (kept alive for the views)
    database = open_database(url)
    articles = ArticleService(database.session_factory)
    comments = CommentService(database.session_factory)
    everything = CommentFilter(status=None)
    view = table_view(kind)
    view.show()
    warm_up(view, articles, comments)
    before = resident_bytes()
    start = time.perf_counter()
    model: QAbstractTableModel
    if model_kind == "eager":
        rows = all_articles(articles) if kind == "articles" else all_comments(comments, everything)
        model = EagerModel(rows)
    elif kind == "articles":
        model = ArticleListModel(articles)
    else:
        model = CommentQueueModel(comments)
        model.set_filter(everything)
    view.setModel(model)
    view.viewport().repaint()  # paints now: what the user sees first
    seconds = time.perf_counter() - start
    grown = resident_bytes() - before
    assert view.indexAt(QPoint(5, 5)).isValid(), "no rows were painted"
    timings = []
    rng = random.Random(int(seed))
    for _ in range(int(jumps) if model_kind == "lazy" else 0):
        row = rng.randrange(model.rowCount())
        begun = time.perf_counter()
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        view.viewport().repaint()
        timings.append(time.perf_counter() - begun)
    print(json.dumps({"seconds": seconds, "grown": grown, "rows": model.rowCount(),
                      "jumps": timings}))  # fmt: skip
    database.dispose()


if __name__ == "__main__":
    main()
