"""Between Save and a save that publishes: the pre-publish checklist, and its answer.

A save that moves an article to Published (from any other status: an article re-saved while
Published is not moving there) runs the newsroom's checks first. When something fails, the
save waits: the checklist is shown and `stops` says so. Its answer then decides:

- Publish anyway (with a reason): the same values are saved, the reason goes into the
  history with that save;
- Go to an item: nothing is saved, Published stays chosen and every edit stays in the form,
  and the cursor goes to the item: fixed, the next Save checks again;
- Cancel: nothing is saved and the status list goes back to the status saved; the other
  edits stay in the form, unsaved. Cancel means "not this save", so nothing typed is lost,
  and a Save after it saves them without publishing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from database.errors import CopydeskError
from database.services.articles import STATUS_LABELS, ArticleDetail
from database.services.prepublish import ArticleDraft, ChecklistItem, Place, PrePublishService
from database.statuses import ArticleStatus
from desktop.articles.editor_form import ArticleForm
from desktop.articles.editor_state import FormValues
from desktop.articles.prepublish_dialog import PrePublishChecklist, PublishDecision
from desktop.articles.preview import LINK_SCHEMES
from desktop.context import AppContext


def moves_to_published(loaded: ArticleDetail | None, values: FormValues) -> bool:
    return (
        loaded is not None
        and loaded.status is not ArticleStatus.PUBLISHED
        and values.status is ArticleStatus.PUBLISHED
    )


class PublishGate(QObject):
    commentsRequested = Signal(int)  # go to the article's comments waiting for moderation
    statusMessage = Signal(str)

    def __init__(
        self,
        context: AppContext,
        form: ArticleForm,
        save: Callable[[], bool],
        parent: QWidget,
    ) -> None:
        """`save`: the editor's Save, called again once the checklist lets it through."""
        super().__init__(parent)
        self._service = PrePublishService(context.database.session_factory)
        self._form = form
        self._save = save
        self._parent = parent
        self.dialog: PrePublishChecklist | None = None  # while it is up
        self._waiting: tuple[ArticleDetail, FormValues] | None = None
        self._granted: tuple[int, FormValues, str] | None = None  # article, values, reason

    @property
    def service(self) -> PrePublishService:
        return self._service

    def reason_for(self, loaded: ArticleDetail | None, values: FormValues) -> str:
        """The reason given for publishing exactly these values past the checklist; ""."""
        granted = self._granted
        if granted is None or loaded is None:
            return ""
        article_id, granted_values, reason = granted
        return reason if (article_id, granted_values) == (loaded.id, values) else ""

    def stops(self, loaded: ArticleDetail | None, values: FormValues) -> bool:
        """Whether this save waits for the checklist, now shown (or already up)."""
        if self.dialog is not None:
            return True
        if not moves_to_published(loaded, values) or self.reason_for(loaded, values):
            return False
        assert loaded is not None
        self._granted = None
        draft = ArticleDraft(values.title, values.body, values.author_id, loaded.id)
        try:
            items = self._service.check(draft, schemes=LINK_SCHEMES)
        except CopydeskError as error:
            # Not checked is not passed: published it stays not, and the person hears why.
            text = f"Not published: the pre-publish checklist could not be read ({error})."
            self._form.show_problem("status", text)
            self.statusMessage.emit(text)
            return True
        if not items:
            return False
        self._waiting = (loaded, values)
        title = values.title.strip() or loaded.title
        self.dialog = PrePublishChecklist.ask(self._parent, title, items, self._decided)
        return True

    def _decided(self, decision: PublishDecision | None) -> None:
        self.dialog = None
        waiting, self._waiting = self._waiting, None
        if waiting is None:
            return
        loaded, values = waiting
        if decision is None:
            self._keep_status(loaded.status)
            self.statusMessage.emit(
                f"Not published: the article stays {STATUS_LABELS[loaded.status]}; your other "
                "changes are still here, not saved yet."
            )
        elif decision.go_to is not None:
            item = decision.go_to
            # After the dialog has given the window back its focus, or that would win.
            QTimer.singleShot(0, self, lambda: self.go_to(item, loaded.id))
            self.statusMessage.emit("Not published yet: fix it, then save again to publish.")
        elif self._form.values() == values:
            self._granted = (loaded.id, values, decision.reason)
            if self._save():
                self.statusMessage.emit(
                    f"Published past the checklist; the reason is kept in the history: "
                    f"{decision.reason}"
                )
        else:
            self._save()  # changed meanwhile: what is saved now is checked again

    def _keep_status(self, status: ArticleStatus) -> None:
        combo = self._form.status_combo
        index = combo.findData(status.value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def go_to(self, item: ChecklistItem, article_id: int) -> None:
        """Put the keyboard where the item is: a field, or the line of the text."""
        form = self._form
        if item.place is Place.TITLE:
            form.title_edit.setFocus()
            form.title_edit.selectAll()
        elif item.place is Place.AUTHOR:
            form.author_combo.setFocus()
        elif item.place is Place.COMMENTS:
            self.commentsRequested.emit(article_id)
        else:
            edit = form.body_edit
            document = edit.document()
            block = document.findBlockByNumber(max((item.line or 1) - 1, 0))
            if not block.isValid():
                block = document.lastBlock()
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + min(item.column, max(block.length() - 1, 0)))
            edit.setTextCursor(cursor)
            edit.centerCursor()
            edit.setFocus()


__all__ = ["PublishGate", "moves_to_published"]
