"""The Articles area's split between the article list and the editor.

A plain QSplitter shares a resize by stretch factors: on a laptop the list kept ~540 px
while the body and the preview shrank to an unreadable 258 px. Here the editor is served
first, up to the width it needs to show the body and its preview readably, and the list gets
the rest, up to the width a person dragged it to (or, until then, the width that shows all
its columns). Only past the list's minimum does the editor get less, and its preview folds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

LIST, EDITOR = 0, 1


class ArticleAreaSplitter(QSplitter):
    def __init__(
        self,
        article_list: QWidget,
        editor: QWidget,
        *,
        list_comfortable: Callable[[], int],
        editor_wanted: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        """`list_comfortable`: the list's width when nobody chose one; `editor_wanted`: the
        width the editor needs for what it shows (body and preview, or the body alone)."""
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("articleSplitter")
        self._list_comfortable = list_comfortable
        self._editor_wanted = editor_wanted
        self._list_chosen: int | None = None  # dragged to by a person, or restored
        self.addWidget(article_list)
        self.addWidget(editor)
        # Neither may be dragged shut: an editor squeezed to nothing came back at each start.
        self.setChildrenCollapsible(False)
        self.setStretchFactor(LIST, 0)
        self.setStretchFactor(EDITOR, 1)
        self.splitterMoved.connect(self._moved)

    def _moved(self, _position: int, _index: int) -> None:
        self._list_chosen = self.sizes()[LIST]

    def restoreState(self, state: QByteArray | bytes) -> bool:
        """An old state is taken as the list width a person chose, no more: it may not shut
        a side nor squeeze the editor (the next resize shares the width again)."""
        restored = super().restoreState(state)
        self.setChildrenCollapsible(False)
        if restored and self.sizes()[LIST] > 0:
            self._list_chosen = self.sizes()[LIST]
        self.share()
        return restored

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share()

    def list_width_for(self, total: int) -> int:
        """The list's share of `total` (both sides, without the handle)."""
        article_list, editor = self.widget(LIST), self.widget(EDITOR)
        wanted = self._list_chosen if self._list_chosen is not None else self._list_comfortable()
        width = min(wanted, total - self._editor_wanted())
        width = max(width, article_list.minimumSizeHint().width(), article_list.minimumWidth())
        editor_minimum = max(editor.minimumSizeHint().width(), editor.minimumWidth())
        return max(0, min(width, total - editor_minimum))

    def share(self) -> None:
        sizes = self.sizes()
        total = sum(sizes)
        if total <= 0:
            return  # not laid out yet: the first resize shares
        width = self.list_width_for(total)
        if sizes[LIST] != width:
            self.setSizes([width, total - width])
