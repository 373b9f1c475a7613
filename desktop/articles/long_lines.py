"""Very long words in a text field: wrapped at spaces only, so that laying them out stays cheap.

Qt breaks a word too long for the line anywhere, and in quadratic time: a line of 20,000 `>`
costs 0.1 s to lay out in a narrow field, and again on each key typed in it. A field holding
such a run (never an ordinary word or link) wraps at spaces only while it does, and scrolls
sideways for the run instead.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QPlainTextEdit

LONG_RUN = 2_000  # characters without a space: far past any word or link
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")
_USUAL = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
_SPACES_ONLY = QTextOption.WrapMode.WordWrap


class LongRunWrap(QObject):
    """Switches `edit` to wrapping at spaces only while its text holds a LONG_RUN."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        self.setObjectName("longRunWrap")
        self._edit = edit
        edit.document().contentsChange.connect(self._changed)

    @property
    def spaces_only(self) -> bool:
        return self._edit.wordWrapMode() == _SPACES_ONLY

    def _changed(self, position: int, _removed: int, added: int) -> None:
        document = self._edit.document()
        if position == 0 and added >= document.characterCount() - 1:
            # All of it replaced (another article opened): the usual wrapping, unless it too
            # holds a long run.
            self._wrap(_LONG_RUN.search(document.toPlainText()) is not None)
            return
        if self.spaces_only:
            return  # until the next article: a run deleted again may well come back
        block = document.findBlock(position)
        last = document.findBlock(position + added)
        while block.isValid():
            if _LONG_RUN.search(block.text()):
                self._wrap(True)
                return
            if block == last:
                return
            block = block.next()

    def _wrap(self, spaces_only: bool) -> None:
        wanted = _SPACES_ONLY if spaces_only else _USUAL
        if self._edit.wordWrapMode() != wanted:
            self._edit.setWordWrapMode(wanted)
