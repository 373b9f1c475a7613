"""The Moderation area: the queue, the comment in full, and the actions on both."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError, NotFoundError
from database.services.moderation_log import ModerationLogService
from database.services.moderation_rules import ModerationRuleService, highlights
from database.statuses import CommentStatus
from desktop import plain_text
from desktop.context import AppContext
from desktop.moderation import log_dialog, rules_dialog
from desktop.moderation.actions import STATUS_OF, ModerationActions
from desktop.moderation.comment_view import CommentView
from desktop.moderation.filter_bar import QueueFilterBar
from desktop.moderation.key_help import show_key_help
from desktop.moderation.queue_model import CommentQueueModel
from desktop.moderation.queue_view import CommentQueueView
from desktop.moderation.triage import TriageController, plural

log = logging.getLogger(__name__)
SINGLE_KEYS_SETTING = "moderation/single_key_triage"
_GIVES_FOCUS_BACK = "givesFocusToQueue"


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = plain_text.ask(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, text: str) -> None:
    plain_text.warn(parent, "Moderation", text)


def _on(action: QAction, slot: Callable[[], object]) -> None:
    # triggered() passes `checked`; the slots take no argument.
    action.triggered.connect(lambda _checked=False: slot())


def _menu_button(text: str, actions: Sequence[QAction]) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    for action in actions:
        button.addAction(action)
    return button


class ModerationPanel(QWidget):
    pendingCountChanged = Signal(int)
    commentsChanged = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moderationPanel")
        self.context = context
        factory = context.database.session_factory
        self.rule_service = ModerationRuleService(factory)
        self.log_service = ModerationLogService(factory)
        self.rules = self.rule_service.load()
        self._counts: dict[CommentStatus, int] = {}
        self._moved = False  # whether the action under way changed any comment
        self._stale = True  # the queue and filter choices wait until the panel is shown

        self.filter_bar = QueueFilterBar()
        self.model = CommentQueueModel(context.comments, self)
        self.view = CommentQueueView()
        self.view.setModel(self.model)
        self.comment_view = CommentView()
        self.status_label = plain_text.plain_label(name="moderationStatus")
        self.summary_label = plain_text.plain_label(name="moderationQueueSummary")
        self.triage = TriageController(
            context.comments,
            self.model,
            self.view.selectionModel(),
            lambda: context.user_name,
            self,
        )
        self.moderation_actions = ModerationActions.create(self)
        self.moderation_actions.bind_to(self.view, self.comment_view)
        self.view.typed_keys = {
            "?": self.moderation_actions.keys,
            "/": self.moderation_actions.search,
        }
        single = context.settings.value(SINGLE_KEYS_SETTING, True)
        self.moderation_actions.single_keys.setChecked(str(single).lower() not in {"false", "0"})
        self.moderation_actions.set_single_keys(self.moderation_actions.single_keys.isChecked())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("moderationSplitter")
        splitter.addWidget(self.view)
        splitter.addWidget(self.comment_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self._toolbar())
        layout.addWidget(splitter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.summary_label)
        layout.addLayout(footer)
        self.setFocusProxy(self.view)
        # Tab from the filters lands in the queue, then the comment in full (toolbar buttons
        # never take the focus), whatever order the widgets were made in.
        QWidget.setTabOrder(self.filter_bar.search, self.view)
        QWidget.setTabOrder(self.view, self.comment_view)
        self._connect()
        # Nothing read yet: shown, the panel reads its queue; hidden, whoever shows the
        # pending count calls refresh() when the count may be read.

    # The contract with the main window ------------------------------------------------

    def actions(self) -> list[QAction]:  # type: ignore[override]
        """The five triage actions, then Rules… and Moderation log…, for the window's menu."""
        acts = self.moderation_actions
        return [acts.approve, acts.reject, acts.spam, acts.pending, acts.undo, acts.rules, acts.log]

    def pending_count(self) -> int:
        return self._counts.get(CommentStatus.PENDING, 0)

    def refresh(self) -> None:
        """Read counts, filter choices and the queue again, keeping the current comment.

        While the panel is hidden only the counts are read (the tab shows the pending one):
        the filter choices list every article with comments, seconds of work with a big
        archive, and nobody sees them until the panel is shown, which reads the rest.
        """
        if not self.isVisible():
            self._counts = self.context.comments.counts()
            self._counts_changed()
            self._stale = True
            return
        self._stale = False
        current = self.triage.current_id()
        row = self.triage.current_row()
        self._counts = self.context.comments.counts()
        self._refresh_choices()
        self.model.set_filter(self.filter_bar.filters())
        self.view.show_status_column(self.model.filters.status is None)
        found = self.model.row_of(current) if current is not None else None
        self.triage.go_to(found if found is not None else max(row, 0))
        self._counts_changed()
        self._update_status()

    def refresh_if_stale(self) -> None:
        """Read what has not been read since the panel was made or last hidden."""
        if self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_if_stale()

    # Wiring ------------------------------------------------------------------------------

    def _toolbar(self) -> QToolBar:
        acts = self.moderation_actions
        bar = QToolBar("Moderation")
        bar.setObjectName("moderationToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (acts.approve, acts.reject, acts.spam, acts.pending, acts.undo):
            bar.addAction(action)
        bar.addSeparator()
        marked = (acts.approve_marked, acts.reject_marked, acts.spam_marked, acts.pending_marked)
        bar.addWidget(_menu_button("Marked", [*marked, acts.clear_marks]))
        matching = (
            acts.approve_matching,
            acts.reject_matching,
            acts.spam_matching,
            acts.pending_matching,
        )
        bar.addWidget(_menu_button("All matching", matching))
        bar.addSeparator()
        for action in (acts.rules, acts.log, acts.keys, acts.single_keys):
            bar.addAction(action)
        # Buttons must not take the focus: the keys work while the queue has it.
        for button in bar.findChildren(QToolButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return bar

    def _connect(self) -> None:
        acts = self.moderation_actions
        for name, status in STATUS_OF.items():
            _on(getattr(acts, name), partial(self._act, status, False))
            _on(getattr(acts, f"{name}_marked"), partial(self._act, status, True))
            _on(getattr(acts, f"{name}_matching"), partial(self._act_matching, status))
        _on(acts.undo, self._undo)
        _on(acts.next, self.triage.next)
        _on(acts.previous, self.triage.previous)
        _on(acts.mark, self.triage.toggle_mark)
        _on(acts.clear_marks, self.model.clear_marks)
        _on(acts.search, self._focus_search)
        _on(acts.keys, self._show_key_help)
        # Closed, a dialog hands the keyboard back to the queue, wherever it was before.
        _on(acts.rules, lambda: self._then_focus_queue(self.edit_rules))
        _on(
            acts.log,
            lambda: self._then_focus_queue(lambda: log_dialog.show_log(self, self.log_service)),
        )
        _on(acts.refresh, self.refresh)
        acts.single_keys.toggled.connect(self._set_single_keys)
        acts.undo.setEnabled(False)
        self.triage.undoAvailable.connect(acts.undo.setEnabled)
        self.triage.message.connect(self.status_label.setText)
        self.triage.countsMoved.connect(self._counts_moved)
        self.filter_bar.filterChanged.connect(self._filter_changed)
        self.filter_bar.searchDone.connect(self.view.setFocus)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.marksChanged.connect(lambda _count: self._update_status())
        self.model.modelReset.connect(self._update_status)
        self.model.rowsRemoved.connect(self._update_status)
        self.model.rowsInserted.connect(self._update_status)

    # Actions -----------------------------------------------------------------------------

    def _act(self, status: CommentStatus, marked: bool) -> None:
        self._guarded(lambda: self.triage.act(status, marked=marked))
        self._after_action()

    def _act_matching(self, status: CommentStatus) -> None:
        filters = self.filter_bar.filters()
        count = self.context.comments.count(filters)
        if count == 0:
            self.status_label.setText("No comments match the filter.")
            return
        verb = {
            CommentStatus.APPROVED: "Approve",
            CommentStatus.REJECTED: "Reject",
            CommentStatus.SPAM: "Mark as spam",
            CommentStatus.PENDING: "Return to pending",
        }[status]
        question = (
            f"{verb} all {plural(count)} that match “{self.filter_bar.describe()}”?\n\n"
            "This is one action: Z (Undo moderation) puts every one of them back."
        )
        if not confirm(self, f"{verb} all matching", question):
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._guarded(lambda: self.triage.act_on_matching(status))
            # The queue was read again; so are the counts, which may include new arrivals.
            self._counts = self.context.comments.counts()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._after_action()

    def _undo(self) -> None:
        self._guarded(self.triage.undo)
        self._after_action()

    def _after_action(self) -> None:
        self._counts_changed()
        if self._moved:
            self._moved = False
            self.commentsChanged.emit()
        self._show_current()

    def _guarded(self, work: Callable[[], object]) -> None:
        try:
            work()
        except CopydeskError as error:
            show_error(self, str(error))
            self.refresh()
        except Exception as error:  # a shared database can be busy or gone: say so, go on
            log.exception("moderation action failed")
            show_error(self, f"The database refused the change, nothing was changed: {error}")
            self.refresh()

    def edit_rules(self) -> None:
        edited = rules_dialog.edit_rules(self, self.rule_service.load())
        if edited is None:
            return
        try:
            self.rules = self.rule_service.save(edited, user=self.context.user_name)
        except CopydeskError as error:
            show_error(self, f"The rules were not saved: {error}")
            return
        self.status_label.setText("Rules saved: they apply to comments imported from now on.")
        self._show_current()

    def _set_single_keys(self, enabled: bool) -> None:
        self.moderation_actions.set_single_keys(enabled)
        self.context.settings.set_value(SINGLE_KEYS_SETTING, enabled)

    def focus_queue(self) -> None:
        """The keyboard to the queue (Ctrl+3, the Moderation tab, a dialog closed), a comment
        current in it: J/K/A/R/S/X work at once. (Shown, the panel has read its queue.)"""
        if self.triage.current_row() < 0 and self.model.rowCount():
            self.triage.go_to(0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_key_help(self) -> None:
        dialog: object = show_key_help(self)
        # One connection, however often it is shown.
        if isinstance(dialog, QDialog) and not dialog.property(_GIVES_FOCUS_BACK):
            dialog.setProperty(_GIVES_FOCUS_BACK, True)
            dialog.finished.connect(lambda _result: self.focus_queue())

    def _then_focus_queue(self, work: Callable[[], object]) -> None:
        try:
            work()
        finally:
            self.focus_queue()

    def _focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    # Keeping the display up to date ----------------------------------------------------

    def _filter_changed(self) -> None:
        status_before = self.model.filters.status
        filters = self.filter_bar.filters()
        if filters.status != status_before:
            self._refresh_choices()
            filters = self.filter_bar.filters()
        self.model.set_filter(filters)
        self.view.show_status_column(filters.status is None)
        self.triage.go_to(0)
        self._show_current()

    def _refresh_choices(self) -> None:
        status = self.filter_bar.status()
        comments = self.context.comments
        self.filter_bar.set_choices(
            comments.articles_with_comments(status), comments.held_reasons(status)
        )

    def _counts_moved(self, moved: dict[CommentStatus, int]) -> None:
        # Counted from the change itself: counting the table again costs a scan per key.
        for status, delta in moved.items():
            self._counts[status] = self._counts.get(status, 0) + delta
        self._moved = True

    def _counts_changed(self) -> None:
        self.filter_bar.set_counts(self._counts)
        self.pendingCountChanged.emit(self.pending_count())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        comment_id = self.triage.current_id()
        if comment_id is None:
            empty = "The queue is empty." if self.model.rowCount() == 0 else "No comment selected."
            self.comment_view.clear_comment(empty)
            return
        try:
            detail = self.context.comments.get(comment_id)
        except NotFoundError:
            self.comment_view.clear_comment("This comment no longer exists.")
            return
        self.comment_view.show_comment(detail, highlights(self.rules, detail.body))

    def _update_status(self, *_args: object) -> None:
        rows = self.model.rowCount()
        text = f"{plural(rows)} in this queue"
        if self.model.mark_count:
            text += f" · {self.model.mark_count:,} marked (Shift+key acts on them)"
        self.summary_label.setText(text)
