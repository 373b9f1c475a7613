"""Edit ▸ Delete article (the Delete key in the list, its context menu) and View ▸ Trash.

What Delete takes: the articles selected in the list when the list has the keyboard (or the
editor has nothing open), else the article open in the editor. One article goes to the Trash
without a question, since the Trash gives it back; several at once ask once, naming how many
articles and comments. Unsaved changes to the open article are settled first (saved, they are
in the Trash with it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from database.errors import CopydeskError
from database.services.trash import KEEP_DAYS, TrashService
from desktop import plain_text
from desktop.articles import trash_view
from desktop.articles.editor import ArticleEditor
from desktop.articles.list_panel import ArticleListPanel
from desktop.articles.trash_view import TrashView
from desktop.context import AppContext


class TrashController(QObject):
    trashChanged = Signal()  # articles went to the Trash, came back, or were deleted for good
    restored = Signal(list)  # ids back in the list
    statusMessage = Signal(str)

    def __init__(
        self,
        context: AppContext,
        article_list: ArticleListPanel,
        editor: ArticleEditor,
        delete_action: QAction,
        show_action: QAction,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self._context = context
        self._list = article_list
        self._editor = editor
        self._window = window
        self.action = delete_action
        self.service = TrashService(context.database.session_factory)
        self.view: TrashView | None = None
        # The Delete key works where the articles are, never in a text field or elsewhere.
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        article_list.table.addAction(delete_action)
        article_list.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        delete_action.triggered.connect(self.delete_requested)
        show_action.triggered.connect(self.show_trash)
        article_list.selectionChangedIds.connect(lambda _ids: self.update_action())
        editor.articleChanged.connect(lambda _id: self.update_action())
        self.update_action()

    # --- deleting --------------------------------------------------------------------------

    def targets(self) -> list[int]:
        focused = QApplication.focusWidget()
        in_list = focused is not None and (
            focused is self._list or self._list.isAncestorOf(focused)
        )
        open_id = self._editor.current_article_id
        if in_list or open_id is None:
            return self._list.selected_ids()
        return [open_id]

    def update_action(self) -> None:
        has_any = bool(self._list.selected_ids()) or self._editor.current_article_id is not None
        self.action.setEnabled(has_any)

    def delete_requested(self) -> bool:
        """Move the target articles to the Trash; True if they went."""
        ids = self.targets()
        if not ids:
            self.statusMessage.emit("Select the articles to delete in the list first.")
            return False
        if self._editor.current_article_id in ids and not self._editor.maybe_save():
            return False
        try:
            if len(ids) > 1:
                count = self.service.counting(ids)
                if not trash_view.confirm_move_to_trash(self._window, count):
                    return False
            moved = self.service.trash(ids, by=self._context.user_name)
        except CopydeskError as error:
            plain_text.warn(self._window, "Not deleted", str(error))
            return False
        if self._editor.current_article_id in ids:
            self._editor.close_article()  # saved or discarded above: nothing is asked
        if moved.articles:
            self.statusMessage.emit(
                f"Moved {moved.describe()} to the Trash. View ▸ Trash restores "
                f"{'it' if moved.articles == 1 else 'them'} for {KEEP_DAYS} days."
            )
        self.trashChanged.emit()
        self.refresh_view()
        return bool(moved.articles)

    # --- the Trash view --------------------------------------------------------------------

    def show_trash(self) -> TrashView:
        if self.view is None:
            self.view = TrashView(self.service, self._window)
            self.view.restored.connect(self._restored)
            self.view.deletedForever.connect(self.trashChanged)
            self.view.statusMessage.connect(self.statusMessage)
            self.view.destroyed.connect(self._view_destroyed)
        else:
            self.view.refresh()
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def refresh_view(self) -> None:
        """Someone (here or at another desk) changed articles: the open Trash view follows."""
        if self.view is not None and self.view.isVisible():
            self.view.refresh()

    def _view_destroyed(self) -> None:
        self.view = None

    def _restored(self, ids: list[int]) -> None:
        self.trashChanged.emit()
        self.restored.emit(ids)
