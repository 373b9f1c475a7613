"""The working hour's steps: what a person does in the window, and what each waits for.

Each step drives the real window the way a person does (keys typed into the widgets found by
object name, clicks on header sections, rows and tabs, actions triggered as the menus do)
and waits until what it asked for is there. The object names are looked up at every step:
a missing one fails that step with its name, and the others still run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QTableView, QTabWidget

from benchmarks.working_hour_driver import (
    KEY_GAP_MS,
    LONG_TIMEOUT_S,
    Driver,
    StepFailed,
)

ARTICLE_SEARCH = "council budget"  # 14 keys
COMMENT_SEARCH = "council"  # 7 keys
DECISIONS = 20
OPENED_ARTICLES = 8
TAIL_MS = 50  # after a step's result is there: its paint
HELD_REASON = "word: casino"  # benchmarks.archive.HELD_REASON, without importing the data layer


class WorkingHour:
    """The steps, in order; each drives the window and waits for its result."""

    def __init__(
        self, driver: Driver, files: Path, files_count: int, exports: Path, exported: int
    ) -> None:
        self.d = driver
        self.files, self.files_count = files, files_count
        self.exports, self.exported = exports, exported
        self.held = 0  # comments held for the reason, found by the reason filter step
        self.queue_rows = 0

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        columns = self._column_names()
        sorts = [
            (f"sort the article list by {title}", lambda column=column: self.sort_by(column))
            for column, title in columns
        ]
        return [
            (f"type an article search, {len(ARTICLE_SEARCH)} keys", self.article_search),
            ("clear the article search (Escape)", self.clear_article_search),
            *sorts,
            ("status filter: Draft", lambda: self.status_filter(down=True)),
            ("status filter: back to all", lambda: self.status_filter(down=False)),
            ("author filter: the first author", lambda: self.author_filter(down=True)),
            ("author filter: back to all", lambda: self.author_filter(down=False)),
            (f"open {OPENED_ARTICLES} articles from the list", self.open_articles),
            ("switch to Moderation", self.to_moderation),
            (f"press A {DECISIONS} times in the queue, {KEY_GAP_MS} ms apart", self.decide),
            (f"press Z {DECISIONS} times", self.undo_decisions),
            ("held-reason filter: the reason with the most held", self.reason_filter),
            ("approve all matching", self.approve_matching),
            ("undo it (Undo moderation)", self.undo_matching),
            ("held-reason filter: back to any", self.any_reason),
            (f"type a comment search, {len(COMMENT_SEARCH)} keys", self.comment_search),
            ("clear the comment search (Escape)", self.clear_comment_search),
            ("back to Articles", self.to_articles),
            (f"import {self.files_count:,} files, keys pressed in the list", self.import_files),
            (f"export {self.exported:,} articles, keys pressed in the list", self.export),
        ]

    # Looking things up ----------------------------------------------------------------------

    def _column_names(self) -> list[tuple[int, str]]:
        table = self.article_table()
        model = table.model()
        header = table.horizontalHeader()
        return [
            (column, str(model.headerData(column, Qt.Orientation.Horizontal)))
            for column in range(model.columnCount())
            if not header.isSectionHidden(column)
        ]

    def article_table(self) -> Any:
        return self.d.find(QTableView, "articleList")

    def article_model(self) -> Any:
        return self.article_table().model()

    def article_filter(self) -> Any:
        model = self.article_model()
        if not hasattr(model, "filter"):
            raise StepFailed("the article list's model has no filter() to say what it shows")
        return model.filter()

    def queue(self) -> Any:
        return self.d.find(QTableView, "commentQueue")

    def queue_filters(self) -> Any:
        filters = getattr(self.queue().model(), "filters", None)
        if filters is None:
            raise StepFailed("the queue's model has no `filters` to say what it shows")
        return filters() if callable(filters) else filters

    def action(self, name: str) -> Any:
        found = self.d.window.findChild(QAction, name)
        if found is None:
            raise StepFailed(f"no action named {name!r} in the window")
        return found

    def tabs(self) -> Any:
        return self.d.find(QTabWidget, "areaTabs")

    def editor_article(self) -> int | None:
        editor = getattr(self.d.window, "editor", None)
        if editor is None or not hasattr(editor, "current_article_id"):
            raise StepFailed("the window has no editor.current_article_id to say what is open")
        return editor.current_article_id  # type: ignore[no-any-return]

    def row_point(self, table: Any, row: int) -> Any:
        index = table.model().index(row, 0)
        table.scrollTo(index)
        return table.visualRect(index).center()

    # Articles ----------------------------------------------------------------------------------

    def article_search(self) -> None:
        search = self.d.find(QLineEdit, "articleSearch")
        rows = self.article_model().rowCount()
        self.d.click(search)
        self.d.type_text(search, ARTICLE_SEARCH)
        self.d.wait_until(
            lambda: self.article_filter().search == ARTICLE_SEARCH,
            f"the list to show the articles matching {ARTICLE_SEARCH!r} (had {rows:,} rows)",
        )
        self.d.seen.append(f"{rows:,} → {self.article_model().rowCount():,} rows")

    def clear_article_search(self) -> None:
        search = self.d.find(QLineEdit, "articleSearch")
        self.d.key(search, Qt.Key.Key_Escape)
        self.d.wait_until(lambda: self.article_filter().search == "", "the list without the search")

    def sort_by(self, column: int) -> None:
        table = self.article_table()
        model = table.model()
        before = model.sort_key() if hasattr(model, "sort_key") else None
        header = table.horizontalHeader()
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        self.d.click(header.viewport(), QPoint(x, header.height() // 2))

        def sorted_now() -> bool:
            if header.sortIndicatorSection() != column:
                return False
            return before is None or model.sort_key() != before

        self.d.wait_until(sorted_now, f"the list sorted by column {column}")

    def status_filter(self, *, down: bool) -> None:
        self._choose_by_key("articleStatusFilter", down, lambda combo: self._status_shown(combo))

    def _status_shown(self, combo: Any) -> bool:
        wanted = combo.currentData()
        shown = self.article_filter().status
        return (shown.value if shown is not None else None) == wanted

    def author_filter(self, *, down: bool) -> None:
        self._choose_by_key(
            "articleAuthorFilter",
            down,
            lambda combo: self.article_filter().author_id == combo.currentData(),
        )

    def _choose_by_key(self, name: str, down: bool, shown: Callable[[Any], bool]) -> None:
        """Tab to a combo box and press Down (the next choice) or Home (the first)."""
        combo = self.d.find(QComboBox, name)
        combo.setFocus(Qt.FocusReason.TabFocusReason)
        before = combo.currentIndex()
        self.d.key(combo, Qt.Key.Key_Down if down else Qt.Key.Key_Home)
        if combo.currentIndex() == before:
            raise StepFailed(f"{name} did not change with the key (at {before} of {combo.count()})")
        self.d.wait_until(lambda: shown(combo), f"the list filtered by {combo.currentText()!r}")
        rows = self.article_model().rowCount()
        self.d.seen.append(f"{combo.currentText()}: {rows:,} rows")

    def open_articles(self) -> None:
        table = self.article_table()
        model = table.model()
        if model.rowCount() < OPENED_ARTICLES:
            raise StepFailed(f"the list has only {model.rowCount()} rows")
        for row in range(OPENED_ARTICLES):
            wanted = model.article_id(row)
            self.d.click(table.viewport(), self.row_point(table, row))
            self.d.wait_until(lambda w=wanted: self.editor_article() == w, f"article {wanted} open")
            self.d.wait(TAIL_MS)

    def _tab_of(self, word: str) -> int:
        tabs = self.tabs()
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "").startswith(word):
                return index
        raise StepFailed(f"no {word!r} tab in areaTabs")

    def _click_tab(self, index: int) -> None:
        bar = self.tabs().tabBar()
        self.d.click(bar, bar.tabRect(index).center())

    def to_moderation(self) -> None:
        index = self._tab_of("Moderation")
        self._click_tab(index)
        queue = self.queue()

        def shown() -> bool:
            return (
                self.tabs().currentIndex() == index
                and queue.isVisible()
                and queue.model().rowCount() > 0
            )

        self.d.wait_until(
            shown,
            lambda: (
                f"the Moderation area with its queue (tab {self.tabs().currentIndex()}, "
                f"queue {'shown' if queue.isVisible() else 'hidden'}, "
                f"{queue.model().rowCount():,} rows)"
            ),
        )

    def _queue_ready(self) -> Any:
        queue = self.queue()
        if not queue.hasFocus():  # a person clicks the comment they are at
            row = max(queue.currentIndex().row(), 0)
            self.d.click(queue.viewport(), self.row_point(queue, row))
        if not queue.hasFocus():
            queue.setFocus(Qt.FocusReason.MouseFocusReason)
        return queue

    def decide(self) -> None:
        queue = self._queue_ready()
        self.queue_rows = queue.model().rowCount()
        for _ in range(DECISIONS):
            self.d.key(queue, Qt.Key.Key_A)
            self.d.wait(KEY_GAP_MS)
        expected = self.queue_rows - DECISIONS
        self.d.seen.append(f"{self.queue_rows:,} → {expected:,} pending")
        self.d.wait_until(
            lambda: queue.model().rowCount() == expected,
            lambda: (
                f"{DECISIONS} comments approved out of the pending queue ({expected:,} rows "
                f"left; it shows {queue.model().rowCount():,})"
            ),
        )

    def undo_decisions(self) -> None:
        queue = self._queue_ready()
        for _ in range(DECISIONS):
            self.d.key(queue, Qt.Key.Key_Z)
            self.d.wait(KEY_GAP_MS)
        self.d.wait_until(
            lambda: queue.model().rowCount() == self.queue_rows,
            lambda: (
                f"the {DECISIONS} decisions undone ({self.queue_rows:,} rows; it shows "
                f"{queue.model().rowCount():,})"
            ),
        )

    def reason_filter(self) -> None:
        combo = self.d.find(QComboBox, "commentReasonFilter")
        combo.setFocus(Qt.FocusReason.TabFocusReason)
        if combo.findData(HELD_REASON) < 0:
            raise StepFailed(f"commentReasonFilter does not offer {HELD_REASON!r}")
        for _ in range(combo.count()):
            if combo.currentData() == HELD_REASON:
                break
            self.d.key(combo, Qt.Key.Key_Down)
            self.d.wait(KEY_GAP_MS)
        queue = self.queue()
        self.d.wait_until(
            lambda: (
                self.queue_filters().held_reason == HELD_REASON and queue.model().rowCount() > 0
            ),
            f"the queue of comments held for {HELD_REASON!r}",
        )
        self.held = queue.model().rowCount()
        self.d.seen.append(f"{self.held:,} held")

    def approve_matching(self) -> None:
        queue = self.queue()
        self.d.seen.append(f"{queue.model().rowCount():,} → 0 rows")
        self.action("actionApproveMatching").trigger()
        self.d.wait_until(
            lambda: queue.model().rowCount() == 0,
            lambda: (
                f"the {self.held:,} held comments approved (the queue empty; it shows "
                f"{queue.model().rowCount():,})"
            ),
            timeout_s=LONG_TIMEOUT_S,
        )

    def undo_matching(self) -> None:
        queue = self.queue()
        self.d.seen.append(f"0 → {self.held:,} rows")
        self.action("actionUndoModeration").trigger()
        self.d.wait_until(
            lambda: queue.model().rowCount() == self.held,
            lambda: (
                f"the {self.held:,} comments back in the queue (it shows "
                f"{queue.model().rowCount():,})"
            ),
            timeout_s=LONG_TIMEOUT_S,
        )

    def any_reason(self) -> None:
        combo = self.d.find(QComboBox, "commentReasonFilter")
        combo.setFocus(Qt.FocusReason.TabFocusReason)
        self.d.key(combo, Qt.Key.Key_Home)
        self.d.wait_until(
            lambda: self.queue_filters().held_reason is None, "the queue of any reason"
        )

    def comment_search(self) -> None:
        search = self.d.find(QLineEdit, "commentSearch")
        rows = self.queue().model().rowCount()
        self.d.click(search)
        self.d.type_text(search, COMMENT_SEARCH)
        self.d.wait_until(
            lambda: self.queue_filters().search == COMMENT_SEARCH,
            f"the queue of comments matching {COMMENT_SEARCH!r}",
        )
        self.d.seen.append(f"{rows:,} → {self.queue().model().rowCount():,} rows")

    def clear_comment_search(self) -> None:
        search = self.d.find(QLineEdit, "commentSearch")
        self.d.key(search, Qt.Key.Key_Escape)
        self.d.wait_until(lambda: self.queue_filters().search == "", "the queue without search")

    def to_articles(self) -> None:
        index = self._tab_of("Articles")
        self._click_tab(index)
        table = self.article_table()
        self.d.wait_until(
            lambda: self.tabs().currentIndex() == index and table.isVisible(),
            "the Articles area",
        )

    # Import and export while working ---------------------------------------------------------

    def _working_list(self) -> Any:
        table = self.article_table()
        if not table.currentIndex().isValid():
            self.d.click(table.viewport(), self.row_point(table, 0))
        return table

    def import_files(self) -> None:
        table = self._working_list()
        window = self.d.window
        self.action("actionImportFolder").trigger()

        def reported() -> bool:
            report = window.findChild(QDialog, "importReport")
            busy = getattr(getattr(window, "imports", None), "busy", False)
            return report is not None and report.isVisible() and not busy

        pressed = self.d.keys_while(table, Qt.Key.Key_Down, reported, "the import's report")
        report = window.findChild(QDialog, "importReport")
        summary = getattr(report, "summary_label", None)
        text = summary.text() if summary is not None else ""
        report.close()
        self.d.seen.append(f"{pressed} keys pressed; {text}")
        imported = (f"{self.files_count} imported", f"{self.files_count:,} imported")
        if not any(words in text for words in imported):
            raise StepFailed(f"the import's report does not say {imported[0]}: {text!r}")

    def export(self) -> None:
        table = self.article_table()
        model = table.model()
        count = min(self.exported, model.rowCount())
        # A click on the first, the scroll bar down, Shift+click on the last.
        self.d.click(table.viewport(), self.row_point(table, 0))
        self.d.wait(KEY_GAP_MS)
        last = self.row_point(table, count - 1)
        self.d.click(table.viewport(), last, Qt.KeyboardModifier.ShiftModifier)
        selected = len(table.selectionModel().selectedRows())
        if selected != count:
            raise StepFailed(f"{selected:,} rows selected, not {count:,}")
        window = self.d.window
        self.action("actionExport").trigger()

        def written() -> bool:
            busy = getattr(getattr(window, "exports", None), "busy", False)
            return not busy

        pressed = self.d.keys_while(table, Qt.Key.Key_Down, written, "the export's end")
        files = sum(1 for _ in self.exports.glob("*.txt"))
        self.d.seen.append(f"{pressed} keys pressed; {files:,} files written")
        if files < count:
            raise StepFailed(f"{files:,} of {count:,} articles were written")
