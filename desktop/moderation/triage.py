"""Keyboard triage: move through the queue, decide, and undo, without touching a widget.

Every decision is one call to CommentService (one transaction) and leaves a StatusChange on
an undo stack, so that nothing a moderator does by a slip of the finger is final.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QObject, Signal

from database.services.comments import CommentService, StatusChange
from database.statuses import CommentStatus
from desktop.moderation.queue_model import CommentQueueModel, Removal

UNDO_LIMIT = 100
VERBS = {
    CommentStatus.APPROVED: "Approved",
    CommentStatus.REJECTED: "Rejected",
    CommentStatus.SPAM: "Marked as spam",
    CommentStatus.PENDING: "Returned to pending",
}


def plural(count: int, word: str = "comment") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class UndoEntry:
    change: StatusChange
    removal: Removal | None  # where the rows were, when the action took them out of view
    reload: bool  # the action was on a whole filter: the queue is asked again on undo
    label: str


class TriageController(QObject):
    # Status counts moved by an action or its undo: {status: +n or -n}.
    countsMoved = Signal(object)
    message = Signal(str)
    undoAvailable = Signal(bool)

    def __init__(
        self,
        comments: CommentService,
        model: CommentQueueModel,
        selection: QItemSelectionModel,
        user: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._comments = comments
        self._model = model
        self._selection = selection
        self._user = user
        self._undo: list[UndoEntry] = []

    # Moving ------------------------------------------------------------------------------

    def current_row(self) -> int:
        index = self._selection.currentIndex()
        return index.row() if index.isValid() else -1

    def current_id(self) -> int | None:
        return self._model.comment_id(self.current_row())

    def go_to(self, row: int) -> None:
        count = self._model.rowCount()
        if count == 0:
            self._selection.clear()
            return
        row = max(0, min(row, count - 1))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self._selection.setCurrentIndex(self._model.index(row, 0), flags)

    def next(self) -> None:
        self.go_to(self.current_row() + 1)

    def previous(self) -> None:
        self.go_to(max(self.current_row() - 1, 0))

    def toggle_mark(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._model.toggle_mark(row)

    # Deciding ----------------------------------------------------------------------------

    def act(self, status: CommentStatus, *, marked: bool = False) -> StatusChange | None:
        """Move the current comment (or every marked one) to `status`, then select the next."""
        row = self.current_row()
        if marked:
            ids = self._model.marked_ids()
            if not ids:
                self.message.emit("No comments are marked: X marks the current one.")
                return None
            rows_by_id = self._model.rows_of(ids)
        else:
            current = self._model.comment_id(row)
            if current is None:
                return None
            ids, rows_by_id = [current], {current: row}
        change = self._comments.set_status(ids, status, user=self._user())
        removal = self._model.apply_change(rows_by_id, status)
        if marked and removal is None:
            self._model.clear_marks(ids)
        if removal is not None:
            # The rows after the current one moved up by as many as were taken out above it.
            above = sum(1 for removed, _ in removal.rows if removed < row)
            self.go_to(row - above if marked else row)
        elif not marked:
            self.go_to(row + 1)
        self._record(UndoEntry(change, removal, False, VERBS[status]), asked=len(ids))
        return change

    def act_on_matching(self, status: CommentStatus) -> StatusChange:
        """Move every comment that matches the queue's filter, as it is now in the database."""
        row = self.current_row()
        change = self._comments.set_status_matching(self._model.filters, status, user=self._user())
        self._model.reload()
        self.go_to(row if self._model.rowCount() > row else 0)
        self._record(UndoEntry(change, None, True, VERBS[status]), asked=change.count)
        return change

    def _record(self, entry: UndoEntry, *, asked: int) -> None:
        change = entry.change
        if change.count:
            self._undo.append(entry)
            del self._undo[:-UNDO_LIMIT]
            moved: Counter[CommentStatus] = Counter()
            for _cid, old in change.previous:
                moved[old] -= 1
            moved[change.new_status] += change.count
            self.countsMoved.emit(dict(moved))
            text = f"{entry.label}: {plural(change.count)}. Z undoes."
        else:
            text = f"Nothing to change: already {change.new_status.value}."
        if change.count and asked > change.count:
            text += f" ({plural(asked - change.count)} already {change.new_status.value})"
        self.message.emit(text)
        self.undoAvailable.emit(bool(self._undo))

    # Undoing -----------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> StatusChange | None:
        """Undo the last action and select the first comment it put back."""
        if not self._undo:
            self.message.emit("Nothing to undo.")
            return None
        entry = self._undo.pop()
        result = self._comments.undo(entry.change, user=self._user())
        before = dict(entry.change.previous)
        if entry.reload or (entry.removal is not None and not self._model.restore(entry.removal)):
            self._model.reload()
        elif entry.removal is None:
            self._model.refresh_rows(before)
        moved: Counter[CommentStatus] = Counter()
        for cid, now in result.previous:
            moved[now] -= 1
            moved[before[cid]] += 1
        if result.count:
            self.countsMoved.emit(dict(moved))
        first = next(iter(result.previous), None) or next(iter(entry.change.previous), None)
        row = self._model.row_of(first[0]) if first else None
        if row is not None:
            self.go_to(row)
        text = f"Undone: {entry.label.lower()} {plural(entry.change.count)}."
        if result.count < entry.change.count:
            left = plural(entry.change.count - result.count)
            text += f" {left} already had their earlier status again, or are gone."
        self.message.emit(text)
        self.undoAvailable.emit(bool(self._undo))
        return result

    def forget_undo(self) -> None:
        self._undo.clear()
        self.undoAvailable.emit(False)
