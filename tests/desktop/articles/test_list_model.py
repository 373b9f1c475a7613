from __future__ import annotations

import threading
from array import array
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from database.engine import Database
from database.models import Article
from database.services.articles import ArticleFilter, ArticleService, ArticleSort
from database.services.authors import AuthorChanges
from database.services.comments import CommentFilter
from database.statuses import ArticleStatus, CommentStatus
from desktop.articles import list_model
from desktop.articles.list_model import (
    BLOCK_SIZE,
    ArticleListModel,
    Column,
    make_exporter,
)
from desktop.context import AppContext

CHILD = "Child protection good – but could be better"
SWIFT = "Swift action on children's social care"
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole


def create_many(database: Database, count: int) -> None:
    # One transaction: creating thousands through the service would take a commit each.
    with database.session_factory.begin() as session:
        session.add_all(Article(title=f"Article {n:05d}", body=f"Text {n}") for n in range(count))


def titles(model: ArticleListModel) -> list[str]:
    return [model.data(model.index(row, Column.TITLE)) for row in range(model.rowCount())]


class SpyingService(ArticleService):
    """The real service, noting what the model asks of it."""

    def __init__(self, database: Database) -> None:
        super().__init__(database.session_factory)
        self.id_queries: list[tuple[ArticleFilter, ArticleSort, bool]] = []
        self.searches: list[str] = []
        self.fetched: list[int] = []

    def id_array(  # the model always says what it wants
        self, filters: ArticleFilter, sort: ArticleSort, descending: bool
    ) -> array[int]:
        self.id_queries.append((filters, sort, descending))
        return super().id_array(filters, sort, descending)

    def matching_ids(self, search: str) -> set[int] | None:
        self.searches.append(search)
        return super().matching_ids(search)

    def summaries(self, article_ids):  # type: ignore[no-untyped-def]
        self.fetched.extend(article_ids)
        return super().summaries(article_ids)


@pytest.fixture
def service(database: Database) -> SpyingService:
    return SpyingService(database)


@pytest.fixture
def model(service: SpyingService, imported_samples: list[Path]) -> ArticleListModel:
    return ArticleListModel(service)


def test_rows_show_the_imported_samples(
    model: ArticleListModel, context: AppContext, qtmodeltester
) -> None:
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.columnCount() == 5
    headers = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in Column]
    assert headers == ["Title", "Author", "Status", "Comments", "Last changed"]
    rows = {}
    for row in range(model.rowCount()):
        article_id = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)
        assert article_id == model.article_id(row)
        assert model.row_of(article_id) == row
        rows[article_id] = [model.data(model.index(row, column)) for column in Column]
    for article_id, texts in rows.items():
        detail = context.articles.get(article_id)
        comments = "2 pending" if detail.title == SWIFT else "—"
        changed = detail.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        # Imported articles were already on the website: they come in published.
        assert texts == [detail.title, detail.author_name, "Published", comments, changed]
        assert detail.author_name.startswith("Unnamed author (Experienced journalist")


def test_tooltips_spell_out_the_title_and_comments(
    model: ArticleListModel, context: AppContext
) -> None:
    row = titles(model).index(SWIFT)
    assert model.data(model.index(row, Column.TITLE), TOOLTIP) == SWIFT
    tooltip = model.data(model.index(row, Column.COMMENTS), TOOLTIP)
    assert tooltip == "2 comments waiting for moderation, 0 approved comments"

    first = context.comments.ids(CommentFilter(article_id=model.article_id(row)))[0]
    context.comments.set_status([first], CommentStatus.APPROVED, user="ann")
    model.invalidate([model.article_id(row)])
    assert model.data(model.index(row, Column.COMMENTS)) == "1 pending · 1 approved"
    tooltip = model.data(model.index(row, Column.COMMENTS), TOOLTIP)
    assert tooltip == "1 comment waiting for moderation, 1 approved comment"
    # The author column is sized for a typical name: a long one elides, whole in the tooltip.
    author = model.data(model.index(row, Column.AUTHOR))
    assert author and model.data(model.index(row, Column.AUTHOR), TOOLTIP) == author
    assert model.data(model.index(row, Column.STATUS), TOOLTIP) is None


@pytest.mark.parametrize(
    ("column", "sort"),
    [
        (Column.TITLE, ArticleSort.TITLE),
        (Column.AUTHOR, ArticleSort.AUTHOR),
        (Column.STATUS, ArticleSort.STATUS),
        (Column.COMMENTS, ArticleSort.COMMENTS),
        (Column.UPDATED, ArticleSort.UPDATED),
    ],
)
def test_sorting_by_a_column_asks_the_service(
    model: ArticleListModel, service: SpyingService, column: Column, sort: ArticleSort, settle
) -> None:
    model.sort(column, Qt.SortOrder.AscendingOrder)
    settle()
    assert service.id_queries[-1] == (ArticleFilter(), sort, False)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    settle()
    assert service.id_queries[-1] == (ArticleFilter(), sort, True)
    assert model.sort_key() == (sort, True)


def test_sorting_by_title_and_comments_orders_the_rows(model: ArticleListModel, settle) -> None:
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    assert titles(model) == [CHILD, SWIFT]
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    settle()
    assert titles(model) == [SWIFT, CHILD]
    model.sort(Column.COMMENTS, Qt.SortOrder.DescendingOrder)
    settle()
    assert titles(model) == [SWIFT, CHILD]
    model.sort(Column.COMMENTS, Qt.SortOrder.AscendingOrder)
    settle()
    assert titles(model) == [CHILD, SWIFT]


def test_sorting_keeps_the_filter(model: ArticleListModel, service: SpyingService, settle) -> None:
    service.create("Budget", status=ArticleStatus.IN_REVIEW)
    service.create("Allotments", status=ArticleStatus.IN_REVIEW)
    in_review = ArticleFilter(status=ArticleStatus.IN_REVIEW)
    model.set_filter(in_review)
    assert model.filter() == in_review
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    assert titles(model) == ["Allotments", "Budget"]
    assert service.id_queries[-1][0] == in_review


def test_a_filter_or_refresh_resets_the_model(model: ArticleListModel, qtbot) -> None:
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(ArticleFilter(search="shamefully"))
    assert titles(model) == [SWIFT]
    with qtbot.waitSignal(model.modelReset):
        model.refresh()
    assert titles(model) == [SWIFT]


def test_rows_are_fetched_lazily_in_blocks(
    database: Database, service: SpyingService, settle
) -> None:
    create_many(database, 3000)
    model = ArticleListModel(service)
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    assert model.rowCount() == 3000
    assert model.cached_row_count == 0
    assert service.fetched == []

    assert model.data(model.index(2999, Column.TITLE)) == "Article 02999"
    assert 0 < model.cached_row_count <= BLOCK_SIZE
    fetched = len(service.fetched)
    # The neighbours came with it: no further query for them.
    assert model.data(model.index(2990, Column.TITLE)) == "Article 02990"
    assert model.data(model.index(2998, Column.STATUS)) == "Draft"
    assert len(service.fetched) == fetched


def test_the_cache_is_bounded(
    database: Database, service: SpyingService, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    monkeypatch.setattr(list_model, "CACHE_SIZE", 250)
    create_many(database, 1000)
    model = ArticleListModel(service)
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    for row in range(model.rowCount()):
        assert model.data(model.index(row, Column.TITLE)) == f"Article {row:05d}"
        assert model.cached_row_count <= 250
    # Evicted rows come back on demand.
    assert model.data(model.index(0, Column.TITLE)) == "Article 00000"


def test_invalidate_shows_a_saved_title(
    model: ArticleListModel, context: AppContext, qtbot
) -> None:
    row = titles(model).index(CHILD)
    article_id = model.article_id(row)
    detail = context.articles.get(article_id)
    context.articles.save(
        article_id,
        title="Child protection rated good",
        body=detail.body,
        status=detail.status,
        author_id=detail.author_id,
        notes=detail.notes,
        expected_version=detail.version,
        user="ann",
    )
    assert model.data(model.index(row, Column.TITLE)) == CHILD  # still cached
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.invalidate([article_id])
    top_left, bottom_right = changed.args[:2]
    assert (top_left.row(), bottom_right.row()) == (row, row)
    assert model.data(model.index(row, Column.TITLE)) == "Child protection rated good"


def test_a_deleted_article_shows_an_empty_row(
    model: ArticleListModel, context: AppContext, settle
) -> None:
    context.articles.delete(model.article_id(0))
    assert model.data(model.index(0, Column.TITLE)) is None
    assert model.data(model.index(1, Column.TITLE)) is not None
    model.refresh()
    settle()
    assert model.rowCount() == 1


def test_dragging_exports_the_articles_as_files(
    database: Database, imported_samples: list[Path], service: SpyingService
) -> None:
    model = ArticleListModel(service, exporter=make_exporter(database.session_factory))
    row = titles(model).index(CHILD)
    assert model.flags(model.index(row, 0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.mimeTypes() == ["text/uri-list"]
    mime = model.mimeData([model.index(row, column) for column in Column])
    assert mime is not None
    urls = mime.urls()
    assert len(urls) == 1
    written = Path(urls[0].toLocalFile())
    assert written.name == "child-protection-good.txt"
    assert written.parent.name.startswith("copydesk-drag-")
    # No comments, so nothing for the export to leave out: the file comes back as it went in.
    original = next(path for path in imported_samples if path.name == written.name)
    assert written.read_bytes() == original.read_bytes()


def test_dragging_two_rows_exports_two_files(
    database: Database, service: SpyingService, imported_samples: list[Path]
) -> None:
    model = ArticleListModel(service, exporter=make_exporter(database.session_factory))
    mime = model.mimeData([model.index(row, 0) for row in (0, 1, 0)])
    assert mime is not None
    names = sorted(Path(url.toLocalFile()).name for url in mime.urls())
    assert names == sorted(path.name for path in imported_samples)


def test_without_an_exporter_nothing_can_be_dragged(model: ArticleListModel) -> None:
    index = model.index(0, 0)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.mimeData([index]) is None


def test_an_exporter_that_writes_nothing_gives_no_drag(
    service: SpyingService, imported_samples: list[Path]
) -> None:
    folders: list[Path] = []

    def exporter(article_ids: list[int], folder: Path) -> list[Path]:
        folders.append(folder)
        return []

    model = ArticleListModel(service, exporter=exporter)
    assert model.mimeData([model.index(0, 0)]) is None
    assert folders and not folders[0].exists()


def test_typing_a_search_keeps_the_order_held_and_asks_only_for_the_matches(
    model: ArticleListModel, service: SpyingService, settle
) -> None:
    service.create("Ferry timetable")
    service.create("Bridge timetable")
    service.create("Budget")
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    orders_read = len(service.id_queries)
    model.set_filter(ArticleFilter(search="timetable"))
    settle()
    assert titles(model) == ["Bridge timetable", "Ferry timetable"]
    model.set_filter(ArticleFilter(search="time*"))
    settle()
    assert titles(model) == ["Bridge timetable", "Ferry timetable"]
    model.set_filter(ArticleFilter(search="ferry"))
    settle()
    assert titles(model) == ["Ferry timetable"]
    assert len(service.id_queries) == orders_read  # the order was not read again
    assert service.searches == ["timetable", "time*", "ferry"]
    assert model.row_of(model.article_id(0)) == 0


def test_a_search_goes_along_with_sorting_other_filters_and_refreshes(
    model: ArticleListModel, service: SpyingService, settle
) -> None:
    service.create("Ferry timetable", status=ArticleStatus.IN_REVIEW)
    bridge = service.create("Bridge timetable").id
    model.set_filter(ArticleFilter(search="timetable"))
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    settle()
    assert titles(model) == ["Ferry timetable", "Bridge timetable"]
    model.set_filter(ArticleFilter(search="timetable", status=ArticleStatus.IN_REVIEW))
    settle()
    assert service.id_queries[-1] == (
        ArticleFilter(status=ArticleStatus.IN_REVIEW),  # the order, without the search
        ArticleSort.TITLE,
        True,
    )
    assert titles(model) == ["Ferry timetable"]
    model.set_filter(ArticleFilter(search="timetable"))
    settle()
    service.create("Airport timetable")
    service.delete(bridge)
    model.refresh()  # what a live update does: both read again
    settle()
    assert titles(model) == ["Ferry timetable", "Airport timetable"]
    model.set_filter(ArticleFilter())
    settle()
    assert titles(model) == [SWIFT, "Ferry timetable", CHILD, "Airport timetable"]


def test_a_blank_search_shows_every_article_without_searching(
    model: ArticleListModel, service: SpyingService, settle
) -> None:
    model.set_filter(ArticleFilter(search="   "))
    settle()
    assert model.rowCount() == 2
    assert service.searches == []


def test_a_list_made_with_a_filter_never_reads_every_article(
    service: SpyingService, imported_samples: list[Path]
) -> None:
    drafts = ArticleFilter(status=ArticleStatus.DRAFT)
    model = ArticleListModel(service, filters=drafts)
    assert service.id_queries == [(drafts, ArticleSort.UPDATED, True)]
    assert model.filter() == drafts
    assert model.rowCount() == 0


# --- reading in the background ----------------------------------------------------------------


class GatedService(SpyingService):
    """The real service, whose id reads wait for the test to open a gate (one per read)."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.gates: dict[str, threading.Event] = {}
        self.waiting = threading.Semaphore(0)  # released by each read as it starts waiting

    def hold(self, search: str) -> threading.Event:
        gate = self.gates[search] = threading.Event()
        return gate

    def _wait(self, search: str) -> None:
        gate = self.gates.get(search)
        if gate is not None:
            self.waiting.release()
            assert gate.wait(10)

    def id_array(self, filters: ArticleFilter, sort: ArticleSort, descending: bool) -> array[int]:
        self._wait(f"order {sort}")
        return super().id_array(filters, sort, descending)

    def matching_ids(self, search: str) -> set[int] | None:
        self._wait(search)
        return super().matching_ids(search)


@pytest.fixture
def gated(database: Database, imported_samples: list[Path]) -> GatedService:
    return GatedService(database)


def test_the_rows_stay_while_the_ids_are_read_again(
    gated: GatedService, settle, qtbot, qtmodeltester
) -> None:
    model = ArticleListModel(gated)
    before = titles(model)
    updating: list[bool] = []
    model.updatingChanged.connect(updating.append)
    gate = gated.hold(f"order {ArticleSort.TITLE}")
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert gated.waiting.acquire(timeout=10)  # the read has begun, off the GUI thread
    assert model.busy and updating == [True]
    qtbot.wait(50)  # the event loop turns; nothing arrives while the gate is shut
    assert titles(model) == before and model.rowCount() == 2
    qtmodeltester.check(model)
    gate.set()
    settle()
    assert not model.busy and updating == [True, False]
    assert titles(model) == [CHILD, SWIFT]


def test_only_the_newest_searchs_ids_are_shown(gated: GatedService, settle) -> None:
    model = ArticleListModel(gated)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    first = gated.hold("shamefully")
    model.set_filter(ArticleFilter(search="shamefully"))  # finds the second sample
    assert gated.waiting.acquire(timeout=10)
    model.set_filter(ArticleFilter(search="Warrington zebra"))  # finds nothing
    settle_until = model.busy
    first.set()  # the older search ends last
    settle()
    assert settle_until and not model.busy
    assert resets == [0] and model.rowCount() == 0
    assert model.filter() == ArticleFilter(search="Warrington zebra")


def test_a_search_typed_while_a_sort_is_read_is_sorted_too(gated: GatedService, settle) -> None:
    gated.create("Ferry timetable")
    gated.create("Bridge timetable")
    model = ArticleListModel(gated)
    gate = gated.hold(f"order {ArticleSort.TITLE}")
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert gated.waiting.acquire(timeout=10)
    gated.gates.clear()  # the next read goes through
    model.set_filter(ArticleFilter(search="timetable"))
    gate.set()
    settle()
    # The sort's outcome was overtaken: the search read the new order itself.
    assert titles(model) == ["Bridge timetable", "Ferry timetable"]


def test_a_refresh_overtaken_by_a_search_still_reads_what_changed(
    gated: GatedService, settle
) -> None:
    model = ArticleListModel(gated)
    gated.create("Ferry timetable")
    gate = gated.hold(f"order {ArticleSort.UPDATED}")
    model.refresh()
    assert gated.waiting.acquire(timeout=10)
    gated.gates.clear()
    model.set_filter(ArticleFilter(search="timetable"))
    gate.set()
    settle()
    assert titles(model) == ["Ferry timetable"]  # the order was read again, not the old one


def test_a_failed_read_keeps_the_rows_and_says_why(
    service: SpyingService, imported_samples: list[Path], settle, monkeypatch
) -> None:
    from database.errors import DatabaseError

    model = ArticleListModel(service)
    said: list[str] = []
    model.readFailed.connect(said.append)

    def down(*_args: object) -> array[int]:
        raise DatabaseError("the database is locked")

    monkeypatch.setattr(service, "id_array", down)
    model.refresh()
    settle()
    assert said == ["the database is locked"] and not model.busy
    assert sorted(titles(model)) == [CHILD, SWIFT]
    monkeypatch.undo()
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    assert titles(model) == [CHILD, SWIFT]


def test_a_model_may_read_its_first_ids_in_the_background(gated: GatedService, settle) -> None:
    gate = gated.hold(f"order {ArticleSort.UPDATED}")
    model = ArticleListModel(gated, read_now=False)
    assert model.busy and model.rowCount() == 0
    gate.set()
    settle()
    assert not model.busy and sorted(titles(model)) == [CHILD, SWIFT]


def create_exportable(database: Database, context: AppContext, count: int) -> None:
    """Articles export would write: an author with a bio to each."""
    author = context.authors.create(AuthorChanges(display_name="Ann Other", bio="Ann writes."))
    with database.session_factory.begin() as session:
        session.add_all(
            Article(title=f"Article {n:05d}", body=f"Text {n}", author_id=author.id)
            for n in range(count)
        )


def test_dragging_many_rows_exports_them_in_the_background(
    database: Database, context: AppContext, service: SpyingService, settle
) -> None:
    count = list_model.EXPORTED_AT_ONCE + 5
    create_exportable(database, context, count)
    exporter = make_exporter(database.session_factory)
    gate = threading.Event()
    on_gui_thread: list[bool] = []

    def gated_export(article_ids: list[int], folder: Path) -> list[Path]:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        assert gate.wait(10)
        return exporter(article_ids, folder)

    model = ArticleListModel(service, exporter=gated_export)
    mime = model.mimeData([model.index(row, 0) for row in range(count)])
    assert isinstance(mime, list_model.ExportingMimeData)
    # The drag starts at once: the export waits behind the gate, off the GUI thread.
    assert not mime.done and mime.formats() == ["text/uri-list"]
    assert mime.hasFormat("text/uri-list") and not mime.hasFormat("text/plain")
    gate.set()
    files = [Path(url.toLocalFile()) for url in mime.urls()]  # what a drop target asks
    assert on_gui_thread == [False] and mime.done
    assert len(files) == count and all(path.is_file() for path in files)
    # The files the export wrote, and nothing else (no temporary file of its own).
    assert sorted(path.name for path in mime.folder.iterdir()) == sorted(p.name for p in files)
    settle()


def test_a_background_drag_export_that_writes_nothing_carries_nothing(
    database: Database, service: SpyingService, settle
) -> None:
    count = list_model.EXPORTED_AT_ONCE + 1
    create_many(database, count)
    model = ArticleListModel(service, exporter=lambda _ids, _folder: [])
    mime = model.mimeData([model.index(row, 0) for row in range(count)])
    assert isinstance(mime, list_model.ExportingMimeData)
    assert mime.urls() == []
    assert not mime.folder.exists()
    settle()
