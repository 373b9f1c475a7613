"""The preview follows the body's scrolling, at the same proportion of its length.

Proportional, not line for line: the rendered article has other heights (headings, lists,
quotes), but a reader scrolled two thirds down the source sees about the same place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar


def scroll_fraction(bar: QScrollBar) -> float:
    """How far down `bar` is, from 0 (top) to 1 (bottom); 0 for nothing to scroll."""
    span = bar.maximum() - bar.minimum()
    return (bar.value() - bar.minimum()) / span if span > 0 else 0.0


def scroll_to_fraction(bar: QScrollBar, fraction: float) -> None:
    span = bar.maximum() - bar.minimum()
    bar.setValue(bar.minimum() + round(min(max(fraction, 0.0), 1.0) * span))


class ScrollFollower(QObject):
    """Keeps `follower` at the scroll proportion of `leader`.

    Also when the follower's length changes: a re-rendered preview (shown when the worker
    thread is done) or a resized one is put back where the source is.
    """

    def __init__(self, leader: QAbstractScrollArea, follower: QAbstractScrollArea) -> None:
        super().__init__(leader)
        self.setObjectName("previewScrollFollower")
        self._leader = leader.verticalScrollBar()
        self._follower = follower.verticalScrollBar()
        self._leader.valueChanged.connect(self.follow)
        self._leader.rangeChanged.connect(self.follow)
        self._follower.rangeChanged.connect(self.follow)

    def follow(self, *_ignored: object) -> None:
        scroll_to_fraction(self._follower, scroll_fraction(self._leader))
