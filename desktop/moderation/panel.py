"""The Moderation area: the queue, the comment in full, and the actions on both."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError, NotFoundError
from database.services.comments import CommentFilter
from database.services.moderation_log import ModerationLogService
from database.services.moderation_rules import ModerationRuleService, highlights
from database.statuses import CommentStatus
from desktop import plain_text
from desktop.context import AppContext
from desktop.moderation import log_dialog, rules_dialog
from desktop.moderation.actions import STATUS_OF, ModerationActions
from desktop.moderation.apply_rules import ApplyRulesCommand
from desktop.moderation.comment_view import CommentView
from desktop.moderation.filter_bar import QueueFilterBar
from desktop.moderation.key_help import show_key_help
from desktop.moderation.queue_model import CommentQueueModel
from desktop.moderation.queue_view import CommentQueueView
from desktop.moderation.statistics_view import show_statistics
from desktop.moderation.triage import TriageController, plural
from desktop.operations import Newest, describe_failure, op

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
        self._moved = False  # whether the decisions being written changed any comment
        self._counts_unshown = False  # counts moved since last shown (a write's correction)
        self._asking = False  # "All matching": counting, or asking whether to
        self._stale = True  # the queue and filter choices wait until the panel is shown
        # Read in the background, each kind's newest only (see refresh).
        self._count_reads = Newest()
        self._reason_reads = Newest()
        self._reasons_status: CommentStatus | bool | None = False  # False: none read yet
        self._moves = 0  # counts moved by actions, told by triage (see _read_counts)
        self._before_reset: tuple[int | None, int] = (None, -1)  # the current comment, row

        self.filter_bar = QueueFilterBar(context.comments)
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
        self.progress_bar = self._progress_bar()  # while "All matching" or its undo is written
        footer.addWidget(self.progress_bar)
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
        """The five triage actions, then Rules…, Moderation log…, Apply rules… and
        Statistics…, for the window's menu."""
        acts = self.moderation_actions
        return [
            *(acts.approve, acts.reject, acts.spam, acts.pending, acts.undo, acts.rules, acts.log),
            *(acts.apply_rules, acts.statistics),
        ]

    def pending_count(self) -> int:
        return self._counts.get(CommentStatus.PENDING, 0)

    def refresh(self) -> None:
        """Read counts, held reasons and the queue again, in the background; the current
        comment stays current when the new ids arrive. What is on show stays meanwhile.

        While the panel is hidden only the counts are read (the tab shows the pending one);
        showing the panel reads the rest.
        """
        self._read_counts()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._refresh_choices()
        self.model.set_filter(self.filter_bar.filters(), then=self._keep_current)
        self._update_status()
        if self.triage.current_id() is None:
            self._show_current()  # "Loading the queue…" until it arrives

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
        # Not buttons of their own: the row must still fit a 1024 px screen.
        bar.addWidget(_menu_button("Tools", [acts.apply_rules, acts.statistics]))
        self.apply_rules = ApplyRulesCommand(self, acts.apply_rules)
        _on(acts.statistics, lambda: show_statistics(self, self.context))
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
        self.triage.written.connect(self._written)
        self.triage.queueRead.connect(self._show_current)
        self.triage.bulkRunning.connect(self._bulk_running)
        self.triage.bulkProgress.connect(self._bulk_progress)
        self.filter_bar.filterChanged.connect(self._filter_changed)
        self.filter_bar.searchDone.connect(self.view.setFocus)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.marksChanged.connect(lambda _count: self._update_status())
        self.model.modelReset.connect(self._update_status)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.updatingChanged.connect(lambda _updating: self._update_status())
        self.model.rowsRemoved.connect(self._update_status)
        self.model.rowsInserted.connect(self._update_status)

    # Actions -----------------------------------------------------------------------------

    def _act(self, status: CommentStatus, marked: bool) -> None:
        shown = self.triage.current_id()
        self._guarded(lambda: self.triage.act(status, marked=marked))
        self._after_action(shown)

    def _act_matching(self, status: CommentStatus) -> None:
        """Count what matches (in the background), ask, then act on it all (in the
        background too: triage.act_on_matching)."""
        if self._asking:
            return  # one question at a time: a second count would ask inside the first
        self._asking = True
        filters, described = self.filter_bar.filters(), self.filter_bar.describe()
        comments, said = self.context.comments, self.status_label.text()
        self.status_label.setText("Counting the comments that match…")
        # On the writer's thread, behind the decisions asked before: the number asked about
        # is the number the action finds (unless another desk decides some meanwhile).
        op(self, lambda: comments.count(filters), write=True).success(
            partial(self._ask_matching, status, filters, described, said)
        ).failure(self._not_counted).run()

    def _ask_matching(
        self,
        status: CommentStatus,
        filters: CommentFilter,
        described: str,
        said: str,
        count: int,
    ) -> None:
        try:
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
                f"{verb} all {plural(count)} that match “{described}”?\n\n"
                "This is one action: Z (Undo moderation) puts every one of them back."
            )
            if not confirm(self, f"{verb} all matching", question):
                self.status_label.setText(said)
                return
            self._guarded(lambda: self.triage.act_on_matching(status, filters))
        finally:
            self._asking = False

    def _not_counted(self, error: Exception) -> None:
        self._asking = False
        log.warning("the comments matching a filter were not counted", exc_info=error)
        self.status_label.setText(f"Nothing was changed: {describe_failure(error)}")

    def _undo(self) -> None:
        shown = self.triage.current_id()
        self._guarded(self.triage.undo)
        self._after_action(shown)

    def _after_action(self, shown: int | None) -> None:
        """The view after a key: the counts as moved by it (its write follows, _written)."""
        self._counts_changed()
        self._counts_unshown = False
        if shown is None or self.triage.current_id() == shown:
            # Still the same comment, with its new status: another one is shown already,
            # by the selection's change (reading a comment costs a query and a layout).
            self._show_current()

    def _written(self) -> None:
        """Every decision asked so far has landed: the counts as their writes corrected
        them, and the window told that comments changed (the article list counts them)."""
        if self._counts_unshown:
            self._counts_unshown = False
            self._counts_changed()
        if self._moved:
            self._moved = False
            self.commentsChanged.emit()
            if self.model.filters.status is None:
                # The All queue keeps decided comments in view: the one on show may be one,
                # read before its write.
                self._show_current()

    def _progress_bar(self) -> QProgressBar:
        bar = QProgressBar()
        bar.setObjectName("moderationProgress")
        bar.setAccessibleName("Moderation progress")
        bar.setTextVisible(False)
        bar.setMaximumWidth(160)
        bar.hide()
        return bar

    def _bulk_running(self, running: bool) -> None:
        self.progress_bar.setRange(0, 0)  # busy until the first progress says how far
        self.progress_bar.setVisible(running)

    def _bulk_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        if total:
            self.progress_bar.setValue(done)

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
        filters = self.filter_bar.filters()
        if filters.status != self._reasons_status:
            self._refresh_choices()
        self.model.set_filter(filters, then=self._first_comment)
        self._update_status()

    def _first_comment(self) -> None:
        self.view.show_status_column(self.model.filters.status is None)
        self.triage.go_to(0)
        self._show_current()

    def _remember_current(self) -> None:
        self._before_reset = (self.triage.current_id(), self.triage.current_row())

    def _keep_current(self) -> None:
        """After new ids: the comment current before, where it is now, else its row."""
        self.view.show_status_column(self.model.filters.status is None)
        current, row = self._before_reset
        found: int | None = row
        if current is not None and self.model.comment_id(row) != current:
            found = self.model.row_of(current)  # moved: others came or went above it
        self.triage.go_to(found if found is not None else max(row, 0))
        self._show_current()

    def _refresh_choices(self) -> None:
        """The held reasons of the status on show (the articles are typed: article_filter)."""
        status = self.filter_bar.status()
        comments = self.context.comments
        self._reasons_status = status
        self._reason_reads.run(
            op(self, lambda: comments.held_reasons(status))
            .success(self.filter_bar.set_reasons)
            .failure(lambda error: self._read_failed("held reasons", error))
        )

    def _read_counts(self) -> None:
        """Counts by status, in the background. Read on the writer's thread, after every
        decision asked before; any counted meanwhile (by _counts_moved, from the change
        itself) makes it count again, since it cannot tell whether it saw them."""
        moves, comments = self._moves, self.context.comments

        def counted(counts: dict[CommentStatus, int]) -> None:
            if self._moves != moves:
                self._read_counts()
                return
            self._counts = counts
            self._counts_changed()

        self._count_reads.run(
            op(self, lambda: comments.counts(), write=True)
            .success(counted)
            .failure(lambda error: self._read_failed("counts", error))
        )

    def _read_failed(self, what: str, error: Exception) -> None:
        log.warning("moderation %s not read: %s", what, error)
        self.status_label.setText(f"The {what} could not be read: {describe_failure(error)}")

    def _counts_moved(self, moved: dict[CommentStatus, int]) -> None:
        # Counted from the change itself: counting the table again costs a scan per key.
        for status, delta in moved.items():
            self._counts[status] = self._counts.get(status, 0) + delta
        self._moves += 1
        self._moved = True
        self._counts_unshown = True

    def _counts_changed(self) -> None:
        self.filter_bar.set_counts(self._counts)
        self.pendingCountChanged.emit(self.pending_count())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        comment_id = self.triage.current_id()
        if comment_id is None:
            if self.model.rowCount():
                empty = "No comment selected."
            else:
                empty = "Loading the queue…" if self.model.updating else "The queue is empty."
            self.comment_view.clear_comment(empty)
            return
        # One comment by its key: 0.3 ms over a million, no need for the background.
        try:
            detail = self.context.comments.get(comment_id)
        except NotFoundError:
            self.comment_view.clear_comment("This comment no longer exists.")
            return
        self.comment_view.show_comment(detail, highlights(self.rules, detail.body))

    def _update_status(self, *_args: object) -> None:
        rows = self.model.rowCount()
        if self.model.updating and rows == 0:
            self.summary_label.setText("Loading…")
            return
        text = f"{plural(rows)} in this queue"
        if self.model.mark_count:
            text += f" · {self.model.mark_count:,} marked (Shift+key acts on them)"
        if self.model.updating:
            text += " · updating…"
        self.summary_label.setText(text)
