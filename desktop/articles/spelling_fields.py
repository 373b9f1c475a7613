"""Spell checking in the editor's fields: underlines as you type, and the context menu.

The body is a QPlainTextEdit with the Markdown highlighter, which underlines the words
`Spelling` says are misspelt (a document takes one highlighter). The title is a QLineEdit,
which has no document to highlight: `SpellLineEdit` paints the same wavy underline itself,
under the characters' places as the line edit lays them out (scrolled along with the text).

Right-click on an underlined word: suggestions first (choosing one replaces the word, as an
edit that Undo takes back), then "Add to newsroom dictionary" and "Ignore for this session",
then the field's usual menu. `spelling_menu(position)` builds that menu without showing it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QSignalBlocker, QTimer
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from desktop.articles.markdown_highlighter import MarkdownHighlighter, markdown_colors
from desktop.articles.spelling import Spelling
from desktop.articles.spelling_words import Word

ADD_WORD = "spellingAddWord"
IGNORE_WORD = "spellingIgnoreWord"
SUGGESTION = "spellingSuggestion"
NO_SUGGESTIONS = "spellingNoSuggestions"
# Paragraphs highlighted again per turn of the event loop when the thread pool answers: a
# few go at once; past that, in slices of this long, so that keys are never kept waiting.
REHIGHLIGHT_AT_ONCE = 20
REHIGHLIGHT_BUDGET_S = 0.008


def _menu_text(text: str) -> str:
    return text.replace("&", "&&")  # an ampersand in a word is not a mnemonic


def add_spelling_actions(
    menu: QMenu,
    word: Word,
    spelling: Spelling,
    replace: Callable[[str], None],
    report: Callable[[str], None],
    *,
    editable: bool = True,
) -> list[QAction]:
    """Put the actions for the misspelt `word` at the top of `menu`; the actions added."""
    actions: list[QAction] = []
    suggestions = spelling.suggestions(word.text) if editable else []
    for suggestion in suggestions:
        action = QAction(_menu_text(suggestion), menu)
        action.setObjectName(SUGGESTION)
        action.triggered.connect(lambda _checked=False, chosen=suggestion: replace(chosen))
        actions.append(action)
    if editable and not suggestions:
        none = QAction("No suggestions", menu)
        none.setObjectName(NO_SUGGESTIONS)
        none.setEnabled(False)
        actions.append(none)
    add = QAction(_menu_text(f"Add “{word.text}” to the newsroom dictionary"), menu)
    add.setObjectName(ADD_WORD)
    add.setToolTip("Every desk's spell checking accepts it from now on")

    def add_word() -> None:
        problem = spelling.add_to_dictionary(word.text)
        report(problem or f"“{word.text}” added to the newsroom dictionary.")

    add.triggered.connect(add_word)
    ignore = QAction(_menu_text(f"Ignore “{word.text}” for this session"), menu)
    ignore.setObjectName(IGNORE_WORD)
    ignore.triggered.connect(lambda: spelling.ignore(word.text))
    actions.extend((add, ignore))
    separator = QAction(menu)
    separator.setSeparator(True)
    actions.append(separator)
    before = menu.actions()[0] if menu.actions() else None
    menu.insertActions(before, actions)  # type: ignore[arg-type]
    return actions


def popup_menu(menu: QMenu, at: QPoint) -> None:
    """Show a context menu until it is closed, then let it go (tests replace this)."""
    menu.exec(at)
    menu.deleteLater()


def _word_at(words: Sequence[Word], position: int) -> Word | None:
    """The word `position` is in, or just after (a click on a word's last half)."""
    for word in words:
        if word.start <= position <= word.end:
            return word
    return None


# --- the body --------------------------------------------------------------------------------


class BodySpelling(QObject):
    """Spell checking of the body: the highlighter underlines, a right-click offers fixes.

    The highlighter asks this object which words of a paragraph are misspelt; paragraphs
    whose words wait for the thread pool are noted and highlighted again when it answers, a
    few at a time (visible ones first), so that a long article never stalls typing.
    """

    def __init__(
        self,
        edit: QPlainTextEdit,
        highlighter: MarkdownHighlighter,
        spelling: Spelling,
        report: Callable[[str], None],
    ) -> None:
        super().__init__(edit)
        self.setObjectName("bodySpelling")
        self._edit = edit
        self._highlighter = highlighter
        self._spelling = spelling
        self._report = report
        self._waiting: dict[int, QTextBlock] = {}  # by block number: they wait for the pool
        self._queue: list[QTextBlock] = []  # to highlight again, next first (popped)
        self._rehighlighting = QTimer(self)
        self._rehighlighting.setInterval(0)
        self._rehighlighting.timeout.connect(self._rehighlight_some)
        spelling.verdictsChanged.connect(self._verdicts_changed)
        spelling.checked.connect(self._checked)
        # The viewport gets the context menu event, not the scroll area around it.
        edit.viewport().installEventFilter(self)
        highlighter.spelling = self
        highlighter.rehighlight()

    def misspelt_in(self, text: str) -> list[Word]:
        """For the highlighter, inside its highlightBlock."""
        words, waiting = self._spelling.paragraph(text)
        if waiting:
            block = self._highlighter.currentBlock()
            self._waiting[block.blockNumber()] = block
        return words

    @property
    def is_settled(self) -> bool:
        """Nothing waits to be checked or underlined."""
        return not (self._spelling.is_busy or self._waiting or self._queue)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            popup_menu(self.spelling_menu(event.pos()), event.globalPos())
            return True
        return False

    def misspelt_word_at(self, position: QPoint) -> tuple[Word, int] | None:
        """The misspelt word under `position` (viewport coordinates), and where its paragraph
        starts in the document."""
        cursor = self._edit.cursorForPosition(position)
        block = cursor.block()
        words = self._spelling.misspelt_in(block.text())
        word = _word_at(words, cursor.positionInBlock())
        return None if word is None else (word, block.position())

    def spelling_menu(self, position: QPoint) -> QMenu:
        """The context menu for a right-click at `position` (viewport coordinates)."""
        menu = self._edit.createStandardContextMenu()
        menu.setObjectName("bodyContextMenu")
        found = self.misspelt_word_at(position)
        if found is not None:
            word, block_start = found
            add_spelling_actions(
                menu,
                word,
                self._spelling,
                lambda chosen: self._replace(block_start + word.start, word, chosen),
                self._report,
                editable=not self._edit.isReadOnly(),
            )
        return menu

    def _replace(self, start: int, word: Word, chosen: str) -> None:
        cursor = QTextCursor(self._edit.document())
        cursor.setPosition(start)
        cursor.setPosition(start + word.length, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() == word.text:  # the text did not move meanwhile
            cursor.insertText(chosen)

    # --- highlighting again ----------------------------------------------------------------

    def _checked(self, misspelt: frozenset[str]) -> None:
        waiting, self._waiting = list(self._waiting.values()), {}
        if misspelt:
            self._enqueue(waiting)
        # Else every word that waited was right: nothing to underline.

    def _verdicts_changed(self, words: frozenset[str] | None) -> None:
        document = self._edit.document()
        blocks = []
        block = document.firstBlock()
        if words is None:
            while block.isValid():
                blocks.append(block)
                block = block.next()
        elif words:
            # Only the paragraphs that hold one of the words.
            pattern = re.compile(
                r"(?<![^\W_])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![^\W_])"
            )
            while block.isValid():
                if pattern.search(block.text()):
                    blocks.append(block)
                block = block.next()
        self._enqueue(blocks)

    def _enqueue(self, blocks: list[QTextBlock]) -> None:
        if not blocks:
            return
        queued = {block.blockNumber(): block for block in [*self._queue, *blocks]}
        first_visible = self._edit.firstVisibleBlock().blockNumber()
        # Popped from the end: the visible ones (from the first on screen) last in the list.
        order = sorted(queued, key=lambda number: (number >= first_visible, -number))
        self._queue = [queued[number] for number in order]
        if len(self._queue) <= REHIGHLIGHT_AT_ONCE:
            self._rehighlight_some()
        elif not self._rehighlighting.isActive():
            self._rehighlighting.start()

    def _rehighlight_some(self) -> None:
        deadline = time.perf_counter() + REHIGHLIGHT_BUDGET_S
        document = self._edit.document()
        # New underlines are no edit: the field's textChanged would tell the editor the text
        # changed (statistics, preview, autosave) when only its formats did.
        with QSignalBlocker(self._edit):
            while self._queue and time.perf_counter() < deadline:
                block = self._queue.pop()
                if block.isValid() and block.document() is document:
                    self._highlighter.rehighlightBlock(block)
        if not self._queue:
            self._rehighlighting.stop()


# --- the title -------------------------------------------------------------------------------


class SpellLineEdit(QLineEdit):
    """A line edit that underlines misspelt words once given a `Spelling`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spelling: Spelling | None = None
        self._report: Callable[[str], None] = lambda _text: None
        self._misspelt: list[Word] = []
        self.textChanged.connect(self._recheck)

    def set_spelling(self, spelling: Spelling, report: Callable[[str], None]) -> None:
        self._spelling, self._report = spelling, report
        spelling.verdictsChanged.connect(self._recheck)
        spelling.checked.connect(self._recheck)
        self._recheck()

    @property
    def misspelt_words(self) -> list[Word]:
        """The words underlined now."""
        return list(self._misspelt)

    def _recheck(self, *_args: object) -> None:
        spelling = self._spelling
        self._misspelt = [] if spelling is None else spelling.misspelt_in(self.text())
        self.update()

    def word_rect_x(self, word: Word) -> tuple[float, float]:
        """Where `word` is drawn, left and right, in the widget's coordinates, as last painted
        (QLineEdit scrolls its text when it paints).

        QLineEdit keeps its layout and scroll private; its cursor rectangle is public, so the
        cursor is the anchor: a character's place is the cursor's, moved by the width of the
        text between them.
        """
        text = self.text()
        metrics = self.fontMetrics()
        cursor = self.cursorPosition()
        # The cursor rectangle is a few pixels wider than the cursor; its middle is the cursor.
        anchor = self.cursorRect().center().x() + 1

        def x_of(position: int) -> float:
            if position >= cursor:
                return anchor + metrics.horizontalAdvance(text[cursor:position])
            return anchor - metrics.horizontalAdvance(text[position:cursor])

        return x_of(word.start), x_of(word.end)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._misspelt or self.echoMode() != QLineEdit.EchoMode.Normal:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        margins = self.textMargins()
        area = self.rect().adjusted(margins.left() + 2, 0, -margins.right() - 2, 0)
        painter.setClipRect(area)
        pen = QPen(QColor(markdown_colors(self.palette()).misspelt))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        metrics = self.fontMetrics()
        cursor_rect = self.cursorRect()
        baseline = cursor_rect.top() + metrics.ascent() + 1
        for word in self._misspelt:
            left, right = self.word_rect_x(word)
            if right < area.left() or left > area.right():
                continue  # scrolled out of sight
            painter.drawPath(wave(left, right, baseline + 1.5))
        painter.end()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        popup_menu(self.spelling_menu(event.pos()), event.globalPos())

    def spelling_menu(self, position: QPoint) -> QMenu:
        """The context menu for a right-click at `position`, not shown."""
        menu = self.createStandardContextMenu()
        menu.setObjectName("titleContextMenu")
        word = _word_at(self._misspelt, self.cursorPositionAt(position))
        if word is not None and self._spelling is not None:
            add_spelling_actions(
                menu,
                word,
                self._spelling,
                lambda chosen: self._replace(word, chosen),
                self._report,
                editable=not self.isReadOnly(),
            )
        return menu

    def _replace(self, word: Word, chosen: str) -> None:
        if self.text()[word.start : word.end] != word.text:
            return
        # Selected and typed over: one step for Undo, as typing would be.
        self.setSelection(word.start, word.length)
        self.insert(chosen)


def wave(left: float, right: float, middle: float, height: float = 1.5) -> QPainterPath:
    """A wavy line from `left` to `right` around `middle`, as word processors draw it."""
    path = QPainterPath(QPointF(left, middle))
    x, up, step = left, True, 2.0
    while x < right:
        x = min(x + step, right)
        path.lineTo(QPointF(x, middle - height if up else middle + height))
        up = not up
    return path


def attach_spelling(
    body: QPlainTextEdit,
    highlighter: MarkdownHighlighter,
    title: QLineEdit,
    spelling: Spelling,
    report: Callable[[str], None],
) -> BodySpelling:
    """Spell check the body, and the title when it is a SpellLineEdit."""
    if isinstance(title, SpellLineEdit):
        title.set_spelling(spelling, report)
    return BodySpelling(body, highlighter, spelling, report)


__all__ = [
    "ADD_WORD",
    "IGNORE_WORD",
    "NO_SUGGESTIONS",
    "SUGGESTION",
    "BodySpelling",
    "SpellLineEdit",
    "add_spelling_actions",
    "attach_spelling",
    "wave",
]
