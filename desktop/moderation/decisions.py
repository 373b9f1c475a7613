"""A moderation decision while it is written in the background, and the counts it moves.

A decision shows in the queue at once and is written afterwards, on the one writer thread, in
the order decisions were made (desktop/operations.py). Until its write returns nobody knows
exactly what it changed: the queue's statuses (the filter's, or a row's as last read) move the
counts at once, and the StatusChange the write returns corrects them when it lands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from database.services.comments import CommentFilter, StatusChange
from database.statuses import CommentStatus
from desktop.moderation.queue_model import Removal

# How many comments an action takes out of (-) or puts into (+) each status.
Moves = dict[CommentStatus, int]


@dataclass(eq=False)
class Written:
    """What a decision's write did, filled in by its work function on the writer thread.

    The undo of a decision needs the statuses from before it, which only its write learns
    (the queue's own are a guess: another desk may have decided meanwhile). Z can come before
    the write has returned, so the undo's work function reads them from here: queued after the
    decision on the same single writer thread, it runs when the decision's work has finished,
    and finds the change, or None if the write failed.
    """

    change: StatusChange | None = None


@dataclass(eq=False)
class Decision:
    """One action on the undo stack (or on its way there): what it was asked to do, what the
    view did about it, and, once its write has landed, what it did."""

    seq: int  # order of asking, among decisions and undos
    label: str  # "Approved", …
    status: CommentStatus
    ids: tuple[int, ...]  # empty for an action on a whole filter
    shown: dict[int, CommentStatus]  # statuses the queue showed before, where it knew them
    removal: Removal | None  # where the rows were, when the action took them out of view
    generation: int  # the queue's, when the view was last changed for it
    reload: bool  # the view is not changed row by row: the queue is read again
    written: Written = field(default_factory=Written)
    counted: Moves = field(default_factory=dict)  # the count moves shown for it so far
    changing: int | None = None  # how many it changes, as far as known (None: not yet)
    landed: bool = False  # its write has returned (or failed)
    reread: bool = False  # its rows are read again when its write lands
    # The comment that followed its row (a single row taken out): after the queue has been
    # read again, the row goes back in front of it, without reading the queue once more.
    after: int | None = None
    filters: CommentFilter | None = None  # the queue's when it was made
    undone: bool = False  # Z has taken it off the stack


def _nonzero(moved: Mapping[CommentStatus, int]) -> Moves:
    return {status: n for status, n in moved.items() if n}


def moves(before: Mapping[int, CommentStatus], status: CommentStatus) -> Moves:
    """Counts moved by changing comments with these earlier statuses to `status`."""
    moved: Counter[CommentStatus] = Counter()
    for old in before.values():
        if old != status:
            moved[old] -= 1
            moved[status] += 1
    return _nonzero(moved)


def undo_moves(before: Iterable[tuple[int, CommentStatus]], undone: StatusChange) -> Moves:
    """Counts moved by an undo that found `undone.previous` and put back `before`."""
    earlier = dict(before)
    moved: Counter[CommentStatus] = Counter()
    for comment_id, now in undone.previous:
        moved[now] -= 1
        moved[earlier[comment_id]] += 1
    return _nonzero(moved)


def minus(real: Mapping[CommentStatus, int], shown: Mapping[CommentStatus, int]) -> Moves:
    """What has to move still for the counts to show `real` where they show `shown`."""
    return _nonzero({s: real.get(s, 0) - shown.get(s, 0) for s in {*real, *shown}})


def negated(moved: Mapping[CommentStatus, int]) -> Moves:
    return {status: -n for status, n in moved.items()}
