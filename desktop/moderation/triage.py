"""Keyboard triage: move through the queue, decide, and undo, without touching a widget.

A decision shows in the queue at once (the row leaves, or shows its new status; the next
comment is current; the counts move) and is written in the background, on the one writer
thread, in the order decisions were made: keys pressed while earlier ones are written queue
up behind them, and none waits for the database. Every decision that changes something goes
on an undo stack; Z takes the view back at once and queues the undo behind the decision's
write. A write that fails puts the view back (or reads the queue again where rows cannot be
put back exactly), says why, and leaves no entry for what did not happen.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Signal

from database.services.comments import CommentFilter, CommentService, StatusChange
from database.statuses import CommentStatus
from desktop.moderation.decisions import Decision, Moves, minus, moves, negated, undo_moves
from desktop.moderation.queue_model import CommentQueueModel, Removal
from desktop.operations import Op, describe_failure, op
from desktop.workers import Job

log = logging.getLogger(__name__)
UNDO_LIMIT = 100
# How far from where it was a comment is looked for, in a queue read again (see _near).
NEAR = 512
VERBS = {
    CommentStatus.APPROVED: "Approved",
    CommentStatus.REJECTED: "Rejected",
    CommentStatus.SPAM: "Marked as spam",
    CommentStatus.PENDING: "Returned to pending",
}
DOING = {
    CommentStatus.APPROVED: "Approving",
    CommentStatus.REJECTED: "Rejecting",
    CommentStatus.SPAM: "Marking as spam",
    CommentStatus.PENDING: "Returning to pending",
}
NOT_DONE = {
    CommentStatus.APPROVED: "Not approved",
    CommentStatus.REJECTED: "Not rejected",
    CommentStatus.SPAM: "Not marked as spam",
    CommentStatus.PENDING: "Not returned to pending",
}


def plural(count: int, word: str = "comment") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def decided_text(label: str, status: CommentStatus, *, asked: int, changed: int) -> str:
    if not changed:
        return f"Nothing to change: already {status.value}."
    text = f"{label}: {plural(changed)}. Z undoes."
    if asked > changed:
        text += f" ({plural(asked - changed)} already {status.value})"
    return text


class TriageController(QObject):
    # Status counts moved by an action or its undo: {status: +n or -n}. Moved at once by
    # what the queue shows, corrected by what the write did when it lands.
    countsMoved = Signal(object)
    message = Signal(str)
    undoAvailable = Signal(bool)
    # Every decision and undo asked for so far has landed: written, or failed and put back.
    written = Signal()
    # An action on a whole filter (or its undo) is being written: (done, total), total 0
    # while not known; bulkRunning(False) once the last of them has landed.
    bulkProgress = Signal(int, int)
    bulkRunning = Signal(bool)
    # The queue was read again for an action and its current comment chosen.
    queueRead = Signal()

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
        self._undo: list[Decision] = []  # oldest first
        self._flying: list[Decision] = []  # decisions whose write has not landed
        self._undoing: list[Decision] = []  # decisions whose undo has not landed
        # The view changes not taken back, newest last (a decision's seq, or an undo's): a
        # failed decision's rows go back exactly where they were only if it is the newest.
        self._view_changes: list[int] = []
        self._writes = 0  # asked and not landed
        self._bulk = 0  # of those, actions on a whole filter
        self._seq = 0
        self._said = 0  # the seq of the action whose words the status shows
        self._forgotten = 0  # decisions up to this seq stay off the stack (forget_undo)
        # Decisions (False) and undos (True) asked while the queue was being read again: the
        # read may have run before their writes, and show what they changed as it was.
        self._asked_while_reading: list[tuple[Decision, bool]] = []
        model.updatingChanged.connect(self._queue_updating)

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

    @property
    def busy(self) -> bool:
        """Whether decisions or undos are still being written."""
        return self._writes > 0

    def act(
        self, status: CommentStatus, *, marked: bool = False, reason: str | None = None
    ) -> Decision | None:
        """Move the current comment (or every marked one) to `status`, then select the next:
        in view at once, in the database as soon as the decisions before it are."""
        row = self.current_row()
        model = self._model
        if marked:
            ids = model.marked_ids()
            if not ids:
                self.message.emit("No comments are marked: X marks the current one.")
                return None
            rows_by_id = model.rows_of(ids)
        else:
            current = model.comment_id(row)
            if current is None:
                return None
            ids, rows_by_id = [current], {current: row}
        shown = {cid: s for cid in ids if (s := model.shown_status(cid)) is not None}
        changing = sum(1 for cid in ids if shown.get(cid) != status)  # unknown: may change
        decision = Decision(
            seq=self._next_seq(),
            label=VERBS[status],
            status=status,
            ids=tuple(ids),
            shown=shown,
            removal=model.apply_change(rows_by_id, status),
            generation=model.generation,
            reload=False,
            counted=moves(shown, status),
            changing=changing,
            filters=model.filters,
        )
        self._view_changes.append(decision.seq)
        removal = decision.removal
        if removal is not None and len(removal.rows) == 1:
            decision.after = model.comment_id(removal.rows[0][0])
        if model.updating:
            self._asked_while_reading.append((decision, False))
        if marked and removal is None:
            model.clear_marks(ids)
        if removal is not None:
            # The rows after the current one moved up by as many as were taken out above it.
            above = sum(1 for removed, _ in removal.rows if removed < row)
            self.go_to(row - above if marked else row)
        elif not marked:
            self.go_to(row + 1)
        if changing:
            self._push(decision)
        self._write_decision(decision, reason)
        if decision.counted:
            self.countsMoved.emit(dict(decision.counted))
        text = decided_text(decision.label, status, asked=len(ids), changed=changing)
        self._say(decision.seq, text)
        self.undoAvailable.emit(self.can_undo)
        return decision

    def act_on_matching(
        self, status: CommentStatus, filters: CommentFilter | None = None
    ) -> Decision:
        """Move every comment that matches `filters` (the queue's by default), as they are in
        the database when the decisions asked before it are written; then read the queue
        again. The counts move when it has landed: until then nobody knows by how much."""
        wanted = filters if filters is not None else self._model.filters
        decision = Decision(
            seq=self._next_seq(),
            label=VERBS[status],
            status=status,
            ids=(),
            shown={},
            removal=None,
            generation=self._model.generation,
            reload=True,
        )
        self._push(decision)  # Z at once undoes it, written after it
        comments, user, written = self._comments, self._user(), decision.written

        def work(job: Job) -> StatusChange:
            job.progress(0, 0, "")
            written.change = comments.set_status_matching(wanted, status, user=user)
            return written.change

        def landed(change: StatusChange) -> None:
            self._decided(decision, change)
            if not decision.undone:  # else its undo has asked for the queue already
                self._read_queue_again()

        self._bulk_started()
        self._start(
            op(self, work, write=True)
            .progress(self._bulk_progressed)
            .success(landed)
            .failure(partial(self._not_decided, decision))
        )
        self._say(decision.seq, f"{DOING[status]} every comment that matches…")
        self.undoAvailable.emit(self.can_undo)
        return decision

    def push_undo(self, change: StatusChange, label: str, *, reload: bool = True) -> None:
        """Put an action that has been written elsewhere (the rules applied to the pending
        queue in the background) on the undo stack, as one step that Z takes back.

        The counts move by it now. `reload`: the queue is read again now and after its undo;
        False: the caller has shown the change in the queue, and the undo puts the rows'
        statuses back in place (or reads the queue again if rows are not there to be put
        back in place).
        """
        decision = Decision(
            seq=self._next_seq(),
            label=label,
            status=change.new_status,
            ids=tuple(cid for cid, _ in change.previous),
            shown=dict(change.previous),
            removal=None,
            generation=self._model.generation,
            reload=reload,
            counted=moves(dict(change.previous), change.new_status),
            changing=change.touched,  # moved, or held for other reasons
            landed=True,
            filters=self._model.filters,
        )
        decision.written.change = change
        if change.touched:
            self._push(decision)
        if decision.counted:
            self.countsMoved.emit(dict(decision.counted))
        if reload:
            self._read_queue_again()
        if change.touched:
            self._say(decision.seq, f"{label}: {plural(change.touched)}. Z undoes.")
        else:
            self._say(decision.seq, f"{label}: nothing to change.")
        self.undoAvailable.emit(self.can_undo)
        if not self._writes:
            self.written.emit()

    def _write_decision(self, decision: Decision, reason: str | None) -> None:
        comments, user, written = self._comments, self._user(), decision.written
        ids, status = list(decision.ids), decision.status
        extra = {} if reason is None else {"reason": reason}

        def work() -> StatusChange:
            written.change = comments.set_status(ids, status, user=user, **extra)
            return written.change

        self._flying.append(decision)
        self._start(
            op(self, work, write=True)
            .success(partial(self._decided, decision))
            .failure(partial(self._not_decided, decision))
        )

    def _decided(self, decision: Decision, change: StatusChange) -> None:
        """The decision is written: counts and the undo stack as it really went."""
        self._landing(decision)
        real = moves(dict(change.previous), change.new_status)
        self._correct(real, decision.counted)
        decision.counted, decision.changing = real, change.count
        on_stack = decision in self._undo
        if not change.count and on_stack:
            self._undo.remove(decision)
        elif change.count and not on_stack and not decision.undone:
            self._insert(decision)  # the queue had it in that status already, the database not
        if decision.ids and decision.removal is None and not decision.undone:
            unread = [cid for cid in decision.ids if decision.reread or cid not in decision.shown]
            if unread:  # shown as read before the write: read again now
                self._model.refresh_rows(unread)
        asked = len(decision.ids) or change.count
        text = decided_text(decision.label, decision.status, asked=asked, changed=change.count)
        self._say_if_latest(decision.seq, text)
        self.undoAvailable.emit(self.can_undo)
        self._landed(bulk=decision.reload)

    def _not_decided(self, decision: Decision, error: Exception) -> None:
        """The write failed: nothing changed, so the view, counts and stack say so."""
        log.warning("a moderation decision was not written", exc_info=error)
        self._landing(decision)
        self._correct({}, decision.counted)
        decision.counted, decision.changing = {}, 0
        if decision in self._undo:
            self._undo.remove(decision)
        if not decision.undone:  # else Z has put the view back already
            self._put_back(decision)
        self._said = -1  # no later landing talks over why
        self.message.emit(f"{NOT_DONE[decision.status]}: {describe_failure(error)}")
        self.undoAvailable.emit(self.can_undo)
        self._landed(bulk=decision.reload)

    def _put_back(self, decision: Decision) -> None:
        model = self._model
        if decision.reload:
            return  # the view was never changed for it
        if decision.removal is None:
            if not self._statuses_back(decision):
                self._read_queue_again()
            return
        newest = bool(self._view_changes) and self._view_changes[-1] == decision.seq
        if newest and decision.generation == model.generation:
            self._view_changes.pop()
            model.restore(decision.removal)
            self.go_to(decision.removal.rows[0][0])
            return
        row = self._in_front_of_next(decision)
        if row is None:  # later changes moved the rows about: as the database has them
            self._read_queue_again()
        else:
            self.go_to(row)

    # Undoing -----------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> Decision | None:
        """Undo the last action and select the first comment it put back: in view at once,
        in the database after the decisions asked before (its own among them)."""
        if not self._undo:
            self.message.emit("Nothing to undo.")
            return None
        decision = self._undo.pop()
        decision.undone = True
        seq = self._next_seq()
        shown_back = negated(decision.counted)
        comments, user, written = self._comments, self._user(), decision.written
        bulk = decision.reload

        def work(job: Job) -> StatusChange | None:
            if bulk:
                job.progress(0, 0, "")
            change = written.change  # filled by the decision's write, which ran before this
            return None if change is None else comments.undo(change, user=user)

        self._undoing.append(decision)
        undoing = op(self, work, write=True)
        if bulk:
            self._bulk_started()
            undoing.progress(self._bulk_progressed)
        # Asked before the view changes: a queue read again for it must read behind it.
        self._start(
            undoing.success(partial(self._undone, decision, seq, shown_back)).failure(
                partial(self._not_undone, decision, seq, shown_back)
            )
        )
        if shown_back:
            self.countsMoved.emit(dict(shown_back))
        self._show_undone(decision, seq)
        if decision.changing is None:
            self._say(seq, f"Undoing: {decision.label.lower()}…")
        else:
            self._say(seq, f"Undone: {decision.label.lower()} {plural(decision.changing)}.")
        self.undoAvailable.emit(self.can_undo)
        return decision

    def _show_undone(self, decision: Decision, seq: int) -> None:
        model = self._model
        if model.updating:
            self._asked_while_reading.append((decision, True))
        if decision.reload or decision.filters != model.filters:
            self._read_queue_again(lambda: _first_changed(decision))
            return
        if decision.removal is not None and decision.generation != model.generation:
            # The queue was read again since: the row goes back in front of the one that
            # followed it, if that one is still there.
            row = self._in_front_of_next(decision)
            if row is None:
                self._read_queue_again(lambda: _first_changed(decision))
            else:
                self._view_changes.append(seq)
                self.go_to(row)
            return
        if self._view_changes and self._view_changes[-1] == decision.seq:
            self._view_changes.pop()  # the view is as it was before the decision
        else:
            self._view_changes.append(seq)
        if decision.removal is not None:
            model.restore(decision.removal)
            self.go_to(decision.removal.rows[0][0])
        elif not self._statuses_back(decision):
            self._read_queue_again(lambda: _first_changed(decision))
        elif decision.ids:
            self._select(decision.ids[0])

    def _in_front_of_next(self, decision: Decision) -> int | None:
        """Put a decision's single row back in front of the comment that followed it when
        it was taken out, in a queue read again since; the row, or None where that cannot be
        done (several rows, or the next comment gone too)."""
        removal = decision.removal
        if removal is None or len(removal.rows) != 1 or decision.after is None:
            return None
        model = self._model
        if decision.filters != model.filters:
            return None
        (row, comment_id), after = removal.rows[0], decision.after
        there = self._near(comment_id, row)
        if there is not None:
            return there  # the queue was read before its write: it is there already
        before = self._near(after, row)
        if before is None:
            return None
        decision.removal = Removal(model.generation, ((before, comment_id),))
        decision.generation = model.generation
        model.restore(decision.removal)
        return before

    def _near(self, comment_id: int, row: int) -> int | None:
        """The comment's row, looked for around where it was: a queue read again has moved
        rows by the few decided since, and a look-up by id costs a pass over a big queue
        until the model has its index again."""
        model = self._model
        for at in range(max(row - NEAR, 0), min(row + NEAR, model.rowCount())):
            if model.comment_id(at) == comment_id:
                return at
        return None

    def _statuses_back(self, decision: Decision) -> bool:
        """The statuses the queue showed before the decision, shown again in place (those it
        had not read are read again); False if some of its rows are not in the queue."""
        model = self._model
        if len(model.rows_of(decision.ids)) < len(decision.ids):
            return False
        earlier: dict[CommentStatus, list[int]] = {}
        for cid in decision.ids:
            if cid in decision.shown:
                earlier.setdefault(decision.shown[cid], []).append(cid)
        for status, ids in earlier.items():
            model.apply_change(model.rows_of(ids), status)  # rows looked up again: some may go
        unread = [cid for cid in decision.ids if cid not in decision.shown]
        if unread:
            model.refresh_rows(unread)
        return True

    def _undone(
        self,
        decision: Decision,
        seq: int,
        shown_back: Moves,
        result: StatusChange | None,
    ) -> None:
        self._undoing.remove(decision)
        change = decision.written.change
        if result is None or change is None:  # the decision itself was not written
            self._correct({}, shown_back)
            self._landed(bulk=decision.reload)
            return
        self._correct(undo_moves(change.previous, result), shown_back)
        decision.counted = {}
        if decision.ids and not decision.reload:
            unread = [cid for cid in decision.ids if cid not in decision.shown]
            if unread:
                self._model.refresh_rows(unread)
        done = decision.changing if decision.changing is not None else change.count
        text = f"Undone: {decision.label.lower()} {plural(done)}."
        if not done:  # it had found every one of them decided so already
            text = f"Nothing to undo: {decision.label.lower()} had changed nothing."
        elif result.count < change.count:
            left = plural(change.count - result.count)
            text += f" {left} already had their earlier status again, or are gone."
        self._say_if_latest(seq, text)
        self._landed(bulk=decision.reload)

    def _not_undone(
        self, decision: Decision, seq: int, shown_back: Moves, error: Exception
    ) -> None:
        """The undo's write failed: the decision stands, in view and on the stack."""
        log.warning("a moderation undo was not written", exc_info=error)
        self._undoing.remove(decision)
        self._correct({}, shown_back)
        decision.undone = False
        if decision.changing:
            self._insert(decision)
        if decision.reload or not decision.ids:
            self._read_queue_again()
        else:
            model = self._model
            decision.removal = model.apply_change(model.rows_of(decision.ids), decision.status)
            decision.generation = model.generation
            self._view_changes.append(decision.seq)
        self._said = -1
        self.message.emit(f"Not undone: {describe_failure(error)}")
        self.undoAvailable.emit(self.can_undo)
        self._landed(bulk=decision.reload)

    def forget_undo(self) -> None:
        self._undo.clear()
        self._forgotten = self._seq
        self.undoAvailable.emit(False)

    # Keeping the books ---------------------------------------------------------------

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _push(self, decision: Decision) -> None:
        self._undo.append(decision)
        del self._undo[:-UNDO_LIMIT]
        del self._view_changes[: -UNDO_LIMIT * 2]

    def _insert(self, decision: Decision) -> None:
        """Back on the stack in the order it was made (later ones stay above it)."""
        if decision.seq <= self._forgotten or decision in self._undo:
            return
        bisect.insort(self._undo, decision, key=lambda entry: entry.seq)
        del self._undo[:-UNDO_LIMIT]

    def _correct(self, real: Moves, shown: Moves) -> None:
        correction = minus(real, shown)
        if correction:
            self.countsMoved.emit(correction)

    def _say(self, seq: int, text: str) -> None:
        self._said = seq
        self.message.emit(text)

    def _say_if_latest(self, seq: int, text: str) -> None:
        # A write landing late must not talk over what the newest key press said.
        if seq == self._said:
            self.message.emit(text)

    def _select(self, comment_id: int) -> None:
        row = self._model.row_of(comment_id)
        if row is not None:
            self.go_to(row)

    def _start(self, operation: Op[Any]) -> None:
        self._writes += 1
        operation.run()

    def _landing(self, decision: Decision) -> None:
        decision.landed = True
        if decision in self._flying:
            self._flying.remove(decision)

    def _landed(self, *, bulk: bool) -> None:
        self._writes -= 1
        if bulk:
            self._bulk -= 1
            if not self._bulk:
                self.bulkRunning.emit(False)
        if not self._writes:
            self.written.emit()

    def _bulk_started(self) -> None:
        self._bulk += 1
        if self._bulk == 1:
            self.bulkRunning.emit(True)

    def _bulk_progressed(self, done: int, total: int, _what: str) -> None:
        self.bulkProgress.emit(done, total)

    # The queue read again -----------------------------------------------------------

    def _read_queue_again(self, select: Callable[[], int | None] | None = None) -> None:
        """The queue as the database will have it once the decisions asked so far are
        written (the model reads behind them, on the writer's thread), keeping the current
        comment where it can, else the row."""
        current, row = self.current_id(), max(self.current_row(), 0)

        def then() -> None:
            wanted = select() if select is not None else None
            found = None if wanted is None else self._model.row_of(wanted)
            if found is None and current is not None:
                found = self._near(current, row)
            self.go_to(row if found is None else found)
            self.queueRead.emit()

        self._model.reload(then)

    def _queue_updating(self, updating: bool) -> None:
        """New ids have arrived. Read behind the writes asked before the read, they may
        predate those asked while it was on its way: such a decision's rows are taken out
        (or shown as decided) again, and an undo's rows put back."""
        if updating:
            return
        asked, self._asked_while_reading = self._asked_while_reading, []
        model = self._model
        for decision, undoing in asked:
            if undoing:
                if decision in self._undoing and not decision.reload:
                    self._again_after_read(decision)
                continue
            if decision not in self._flying or decision.undone:
                continue
            if decision.removal is None:
                decision.reread = True  # read before its write: read again when it lands
                continue
            found = {
                cid: at
                for row, cid in decision.removal.rows
                if (at := self._near(cid, row)) is not None
            }
            if found:
                removal = model.apply_change(found, decision.status)
                if removal is not None and len(found) == len(decision.removal.rows):
                    decision.removal, decision.generation = removal, model.generation
                    self._view_changes.append(decision.seq)
                else:
                    decision.generation = -1  # its undo reads the queue again

    def _again_after_read(self, decision: Decision) -> None:
        """An undo whose rows a read may have missed: back in view, or the queue read again
        (behind the undo, this time)."""
        if decision.removal is None:
            decision.reread = True
            self._model.refresh_rows(decision.ids)
        elif self._in_front_of_next(decision) is None:
            self._read_queue_again(lambda: _first_changed(decision))


def _first_changed(decision: Decision) -> int | None:
    change = decision.written.change
    if change is not None and change.previous:
        return change.previous[0][0]
    return decision.ids[0] if decision.ids else None
