from __future__ import annotations

import threading
from array import array
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from database.engine import Database
from database.models import Article
from database.services.articles import ArticleDetail, ArticleFilter, ArticleSort
from database.services.authors import AuthorChanges
from database.statuses import ArticleStatus
from desktop.articles.list_model import Column
from desktop.articles.list_panel import ArticleListPanel
from desktop.context import AppContext

CHILD = "Child protection good – but could be better"
SWIFT = "Swift action on children's social care"


def create_many(database: Database, count: int) -> None:
    # One transaction: creating thousands through the service would take a commit each.
    with database.session_factory.begin() as session:
        session.add_all(Article(title=f"Article {n:05d}", body=f"Text {n}") for n in range(count))


def make_panel(qtbot, context: AppContext) -> ArticleListPanel:
    panel = ArticleListPanel(context)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def panel(qtbot, context: AppContext, imported_samples: list[Path]) -> ArticleListPanel:
    return make_panel(qtbot, context)


def table(panel: ArticleListPanel) -> QTableView:
    return panel.findChild(QTableView, "articleList")


def count_text(panel: ArticleListPanel) -> str:
    return panel.findChild(QLabel, "articleCount").text()


def titles(panel: ArticleListPanel) -> list[str]:
    model = table(panel).model()
    return [model.index(row, Column.TITLE).data() for row in range(model.rowCount())]


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def rename(context: AppContext, article_id: int, title: str) -> ArticleDetail:
    detail = context.articles.get(article_id)
    return context.articles.save(
        article_id,
        title=title,
        body=detail.body,
        status=detail.status,
        author_id=detail.author_id,
        notes=detail.notes,
        expected_version=detail.version,
        user="ann",
    )


def test_the_samples_are_listed_newest_first(panel: ArticleListPanel) -> None:
    view = table(panel)
    assert view.isVisible()
    assert not panel.findChild(QWidget, "articleEmptyState").isVisible()
    assert count_text(panel) == "2 articles"
    assert sorted(titles(panel)) == [CHILD, SWIFT]
    assert view.horizontalHeader().sortIndicatorSection() == Column.UPDATED
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert panel.model.sort_key() == (ArticleSort.UPDATED, True)


def test_the_table_is_set_up_for_a_hundred_thousand_rows(panel: ArticleListPanel) -> None:
    view = table(panel)
    assert view.verticalHeader().sectionResizeMode(0) == QHeaderView.ResizeMode.Fixed
    columns = view.horizontalHeader()
    assert all(
        columns.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive for column in Column
    )
    # The title, not the last column, takes the width left (tests/.../test_list_columns.py).
    assert not columns.stretchLastSection()
    assert view.isSortingEnabled()
    assert not view.wordWrap()
    assert view.alternatingRowColors()
    assert view.dragEnabled()
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.DragOnly
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection


def test_every_control_has_an_accessible_name(panel: ArticleListPanel) -> None:
    controls = [
        *panel.findChildren(QLineEdit),
        *panel.findChildren(QComboBox),
        *panel.findChildren(QTableView),
        *panel.findChildren(QPushButton),
        panel.findChild(QLabel, "articleCount"),
    ]
    assert len(controls) >= 6
    # The combo boxes' and search field's inner widgets are Qt's, not ours.
    ours = [control for control in controls if control.objectName()]
    assert [control.objectName() for control in ours if not control.accessibleName()] == []
    search = panel.findChild(QLineEdit, "articleSearch")
    assert search.placeholderText() == "Search titles, text and comments"
    assert search.isClearButtonEnabled()


def test_clicking_a_header_sorts_through_the_service(
    panel: ArticleListPanel, context: AppContext, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    asked: list[tuple[ArticleFilter, ArticleSort, bool]] = []
    service = context.articles
    original = service.id_array

    def spy(filters: ArticleFilter, sort: ArticleSort, descending: bool) -> array[int]:
        asked.append((filters, sort, descending))
        return original(filters, sort, descending)

    monkeypatch.setattr(service, "id_array", spy)
    table(panel).sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    settle()
    assert asked == [(ArticleFilter(), ArticleSort.TITLE, False)]
    assert titles(panel) == [CHILD, SWIFT]
    table(panel).sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    settle()
    assert titles(panel) == [SWIFT, CHILD]


def test_the_status_filter(panel: ArticleListPanel, context: AppContext, settle) -> None:
    context.articles.create("Budget", status=ArticleStatus.IN_REVIEW)
    panel.refresh()
    settle()
    assert count_text(panel) == "3 articles"
    combo = panel.findChild(QComboBox, "articleStatusFilter")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All statuses",
        "Draft",
        "In review",
        "Published",
        "Archived",
    ]
    choose(combo, "In review")
    settle()
    assert titles(panel) == ["Budget"]
    assert count_text(panel) == "1 article"
    choose(combo, "Archived")
    settle()
    assert titles(panel) == []
    assert count_text(panel) == "No articles match"
    assert table(panel).isVisible()
    choose(combo, "All statuses")
    settle()
    assert count_text(panel) == "3 articles"


def test_the_author_filter(panel: ArticleListPanel, context: AppContext, settle) -> None:
    ann = context.authors.create(AuthorChanges(display_name="Ann Other", bio="Ann writes."))
    context.articles.create("Allotments", author_id=ann.id)
    combo = panel.findChild(QComboBox, "articleAuthorFilter")
    assert combo.count() == 2  # everyone, and the samples' author
    panel.reload_authors()
    settle()
    assert combo.itemText(0) == "All authors"
    assert "Ann Other" in [combo.itemText(i) for i in range(combo.count())]
    assert count_text(panel) == "3 articles"
    choose(combo, "Ann Other")
    settle()
    assert titles(panel) == ["Allotments"]
    assert panel.model.filter() == ArticleFilter(author_id=ann.id)

    other = next(author for author in context.authors.list() if author.id != ann.id)
    context.authors.delete(ann.id, other.id)
    panel.reload_authors()
    settle()
    assert combo.currentText() == "All authors"
    assert count_text(panel) == "3 articles"


def test_search_as_you_type_waits_for_a_pause(panel: ArticleListPanel, qtbot) -> None:
    search = panel.findChild(QLineEdit, "articleSearch")
    # Only a reader's comment under the second sample says this.
    qtbot.keyClicks(search, "shamefully")
    assert panel.model.filter() == ArticleFilter()  # not yet: the user may still be typing
    qtbot.waitUntil(lambda: count_text(panel) == "1 article")
    assert titles(panel) == [SWIFT]

    search.clear()
    qtbot.waitUntil(lambda: count_text(panel) == "2 articles")
    qtbot.keyClicks(search, "Warrington zebra")
    qtbot.waitUntil(lambda: count_text(panel) == "No articles match")
    assert table(panel).isVisible()


def test_search_combines_with_the_status_filter(
    panel: ArticleListPanel, context: AppContext, qtbot, settle
) -> None:
    context.articles.create("Warrington budget", status=ArticleStatus.DRAFT)
    panel.refresh()
    qtbot.keyClicks(panel.findChild(QLineEdit, "articleSearch"), "Warrington")
    qtbot.waitUntil(lambda: count_text(panel) == "3 articles")
    choose(panel.findChild(QComboBox, "articleStatusFilter"), "Draft")
    settle()
    assert titles(panel) == ["Warrington budget"]


def test_only_the_rows_on_screen_are_read(qtbot, context: AppContext, database: Database) -> None:
    create_many(database, 3000)
    panel = make_panel(qtbot, context)
    assert count_text(panel) == "3,000 articles"
    model = panel.model
    qtbot.waitUntil(lambda: model.cached_row_count > 0)  # the first paint
    first_screen = model.cached_row_count
    assert first_screen <= 200
    table(panel).scrollToBottom()
    qtbot.waitUntil(lambda: model.cached_row_count > first_screen)  # the last rows painted
    on_screen = model.cached_row_count
    assert on_screen <= 2 * first_screen
    assert model.index(2999, Column.TITLE).data() == "Article 00000"  # the oldest
    assert model.cached_row_count == on_screen  # already read for the paint


def test_choosing_a_row_announces_the_article(panel: ArticleListPanel, qtbot) -> None:
    view = table(panel)
    first = panel.model.article_id(0)
    with (
        qtbot.waitSignal(panel.articleSelected) as selected,
        qtbot.waitSignal(panel.selectionChangedIds) as changed,
    ):
        cell = view.visualRect(view.model().index(0, 0)).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert selected.args == [first]
    assert changed.args == [[first]]
    assert panel.current_id() == first
    assert panel.selected_ids() == [first]

    second = panel.model.article_id(1)
    with qtbot.waitSignal(panel.selectionChangedIds) as changed:
        view.selectAll()
    assert sorted(changed.args[0]) == sorted([first, second])
    assert sorted(panel.selected_ids()) == sorted([first, second])


def test_select_article(panel: ArticleListPanel, context: AppContext, qtbot) -> None:
    wanted = next(a for a in context.articles.ids() if context.articles.get(a).title == SWIFT)
    with qtbot.waitSignal(panel.articleSelected) as selected:
        assert panel.select_article(wanted)
    assert selected.args == [wanted]
    assert panel.selected_ids() == [wanted]
    assert not panel.select_article(999_999)


def test_refresh_keeps_the_selection_quietly(
    panel: ArticleListPanel, context: AppContext, qtbot, settle
) -> None:
    chosen = panel.model.article_id(1)
    panel.select_article(chosen)
    context.articles.create("A newer article")
    with qtbot.assertNotEmitted(panel.articleSelected):
        panel.refresh()
        settle()
    assert count_text(panel) == "3 articles"
    assert panel.selected_ids() == [chosen]
    assert panel.current_id() == chosen

    with qtbot.waitSignal(panel.selectionChangedIds) as changed:
        panel.refresh(keep_selection=False)
    assert changed.args == [[]]
    assert panel.selected_ids() == []
    assert panel.current_id() is None


def test_a_filter_that_hides_the_current_article_then_shows_it(
    panel: ArticleListPanel, qtbot, settle
) -> None:
    chosen = panel.model.article_id(0)
    panel.select_article(chosen)
    combo = panel.findChild(QComboBox, "articleStatusFilter")
    choose(combo, "Archived")
    settle()
    assert panel.current_id() is None
    choose(combo, "All statuses")
    settle()
    # Hidden, it left the selection; choosing it again opens it again.
    assert panel.selected_ids() == []
    with qtbot.waitSignal(panel.articleSelected):
        panel.select_article(chosen)


def test_a_saved_title_is_shown_and_stays_selected(
    panel: ArticleListPanel, context: AppContext, qtbot
) -> None:
    chosen = panel.model.article_id(1)
    panel.select_article(chosen)
    rename(context, chosen, "Renamed in the editor")
    with qtbot.assertNotEmitted(panel.articleSelected):
        panel.article_saved(chosen)
    assert "Renamed in the editor" in titles(panel)
    assert panel.model.row_of(chosen) == 1  # it does not jump away from under the cursor
    assert panel.selected_ids() == [chosen]


def test_a_newly_saved_article_is_added_and_selected(
    panel: ArticleListPanel, context: AppContext, qtbot
) -> None:
    created = context.articles.create("Fresh from the editor")
    with qtbot.waitSignal(panel.articleSelected):
        panel.article_saved(created.id)
    assert panel.selected_ids() == [created.id]
    assert count_text(panel) == "3 articles"


def test_focus_search(panel: ArticleListPanel, qtbot) -> None:
    search = panel.findChild(QLineEdit, "articleSearch")
    qtbot.keyClicks(search, "budget")
    table(panel).setFocus()
    panel.focus_search()
    assert panel.focusWidget() is search
    assert search.selectedText() == "budget"


def test_an_empty_database_shows_how_to_begin(
    qtbot, context: AppContext, samples: list[Path], settle
) -> None:
    panel = make_panel(qtbot, context)
    empty = panel.findChild(QWidget, "articleEmptyState")
    assert empty.isVisible()
    assert not table(panel).isVisible()
    text = " ".join(label.text() for label in empty.findChildren(QLabel))
    assert "drop article files anywhere" in text.lower()
    assert "File → Import…" in text
    buttons = {button.text(): button for button in empty.findChildren(QPushButton)}
    with qtbot.waitSignal(panel.importDialogRequested):
        qtbot.mouseClick(buttons["Import files…"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.sampleImportRequested):
        qtbot.mouseClick(buttons["Load the sample articles"], Qt.MouseButton.LeftButton)

    from database.services.importing import Importer

    Importer(context.database.session_factory).run(samples)
    panel.refresh()
    settle()
    assert table(panel).isVisible()
    assert not empty.isVisible()
    assert count_text(panel) == "2 articles"


def test_dragging_rows_out_writes_files(panel: ArticleListPanel) -> None:
    view = table(panel)
    view.selectAll()
    mime = panel.model.mimeData(view.selectionModel().selectedIndexes())
    assert mime is not None
    files = [Path(url.toLocalFile()) for url in mime.urls()]
    assert len(files) == 2
    assert all(path.is_file() and path.suffix == ".txt" for path in files)


# --- reading in the background ----------------------------------------------------------------


class Gate:
    """Holds the service's reads of the list (order and search) until opened."""

    def __init__(self, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.open.set()
        self.started = threading.Semaphore(0)
        self.threads: list[threading.Thread] = []
        service = context.articles
        for name in ("id_array", "matching_ids"):
            monkeypatch.setattr(service, name, self._held(getattr(service, name)))

    def _held(self, read):  # type: ignore[no-untyped-def]
        def held(*args: object):  # type: ignore[no-untyped-def]
            self.threads.append(threading.current_thread())
            if not self.open.is_set():
                self.started.release()
                assert self.open.wait(10)
            return read(*args)

        return held

    def shut(self) -> None:
        self.open.clear()

    def wait_for_a_read(self) -> None:
        assert self.started.acquire(timeout=10)


@pytest.fixture
def gate(context: AppContext, monkeypatch: pytest.MonkeyPatch) -> Gate:
    return Gate(context, monkeypatch)


def test_the_list_keeps_its_rows_and_says_it_is_updating(
    panel: ArticleListPanel, gate: Gate, qtbot, settle
) -> None:
    before = titles(panel)
    gate.shut()
    table(panel).sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    gate.wait_for_a_read()
    assert count_text(panel) == "2 articles · updating…"
    qtbot.wait(50)
    assert titles(panel) == before and panel.model.busy
    gate.open.set()
    settle()
    assert count_text(panel) == "2 articles"
    assert titles(panel) == [CHILD, SWIFT]
    assert gate.threads and threading.main_thread() not in gate.threads


def test_keys_typed_while_a_search_is_read_are_kept(
    panel: ArticleListPanel, gate: Gate, qtbot, settle
) -> None:
    search = panel.findChild(QLineEdit, "articleSearch")
    gate.shut()
    qtbot.keyClicks(search, "Warrington")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # no pause: read at once
    gate.wait_for_a_read()
    qtbot.keyClicks(search, " zebra")  # typed while the first search is read
    gate.open.set()
    qtbot.waitUntil(lambda: panel.model.filter().search == "Warrington zebra")
    settle()
    assert search.text() == "Warrington zebra"
    assert count_text(panel) == "No articles match"  # the newest search's ids, not the first's


def test_the_selection_is_restored_when_the_ids_arrive(
    panel: ArticleListPanel, gate: Gate, qtbot, settle
) -> None:
    first, second = panel.model.article_id(0), panel.model.article_id(1)
    panel.select_article(first)
    gate.shut()
    table(panel).sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    gate.wait_for_a_read()
    view = table(panel)
    with qtbot.waitSignal(panel.articleSelected):  # chosen while the sort is read
        cell = view.visualRect(view.model().index(1, 0)).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    with qtbot.assertNotEmitted(panel.articleSelected):
        gate.open.set()
        settle()
    assert panel.current_id() == second and panel.selected_ids() == [second]
    assert titles(panel) == [CHILD, SWIFT]  # in the new order


def test_an_article_saved_while_the_list_is_read_is_selected_on_arrival(
    panel: ArticleListPanel, context: AppContext, gate: Gate, qtbot
) -> None:
    created = context.articles.create("Fresh from the editor")
    gate.shut()
    panel.article_saved(created.id)
    gate.wait_for_a_read()
    assert panel.selected_ids() == []  # not in the rows shown yet
    with qtbot.waitSignal(panel.articleSelected) as selected:
        gate.open.set()
    assert selected.args == [created.id] and panel.selected_ids() == [created.id]


def test_a_failed_read_is_said_under_the_list(
    panel: ArticleListPanel, context: AppContext, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    from database.errors import DatabaseError

    def down(*_args: object) -> array[int]:
        raise DatabaseError("the database <is> locked")

    monkeypatch.setattr(context.articles, "id_array", down)
    panel.refresh()
    settle()
    assert count_text(panel) == "2 articles · not read again: the database <is> locked"
    label = panel.findChild(QLabel, "articleCount")
    assert label.textFormat() == Qt.TextFormat.PlainText
    monkeypatch.undo()
    panel.refresh()
    settle()
    assert count_text(panel) == "2 articles"


def test_presence_is_read_in_the_background(
    panel: ArticleListPanel, monkeypatch: pytest.MonkeyPatch, settle
) -> None:
    read_on: list[threading.Thread] = []
    service = panel._presence
    original = service.others

    def others():  # type: ignore[no-untyped-def]
        read_on.append(threading.current_thread())
        return original()

    monkeypatch.setattr(service, "others", others)
    panel.refresh_presence()
    settle()
    assert read_on and read_on[0] is not threading.main_thread()


def test_a_live_update_keeps_the_reader_where_they_are(
    qtbot, context: AppContext, database: Database, settle
) -> None:
    create_many(database, 3000)
    panel = make_panel(qtbot, context)
    first = panel.model.article_id(0)
    panel.select_article(first)
    scroll = table(panel).verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    position = scroll.value()
    assert position > 0
    context.articles.create("Filed at another desk")
    panel.live_refresh()
    settle()
    assert count_text(panel) == "3,001 articles"
    assert scroll.value() == position  # not taken back to the current article at the top
    assert panel.current_id() == first
